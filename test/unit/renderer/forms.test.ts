import { describe, expect, it } from 'vitest';
import type { SettingsView } from '../../../src/shared/ipc-contract';
import { describeCommandError, issuesByPath } from '../../../src/renderer/lib/command-error';
import { previewFromPartial } from '../../../src/renderer/lib/partial-outline';
import { scheduledStart, tonight, toLocalInputValue } from '../../../src/renderer/lib/schedule';
import { checkLimitsDraft } from '../../../src/renderer/lib/limits-form';
import { checkModelDraft, modelDraftFrom } from '../../../src/renderer/lib/settings-form';
import { EMPTY_TOPIC, toTopicInput, topicFieldErrors, validateTopic } from '../../../src/renderer/lib/topic-form';
import { detectTopicFormat } from '../../../src/renderer/lib/topics-format';
import { DEFAULT_QUIZ_SETTINGS } from '../../../src/shared/quiz';

describe('topic form', () => {
  it('requires a topic and keeps projects within 3–8', () => {
    expect(validateTopic(EMPTY_TOPIC)).toEqual({ topic: 'Say what the course is about.' });
    expect(validateTopic({ ...EMPTY_TOPIC, topic: 'Go', projects: '9', language: 'E' })).toEqual({
      projects: 'Choose between 3 and 8 projects.',
      language: 'Name the language (e.g. English).',
    });
    expect(validateTopic({ ...EMPTY_TOPIC, topic: 'Go', projects: '4.5' }).projects).toBeDefined();
  });

  it('converts to TopicInput with defaults, and maps server issue paths to fields', () => {
    expect(toTopicInput({ ...EMPTY_TOPIC, topic: '  Go  ', audience: ' ', projects: '4' })).toEqual({
      topic: 'Go',
      audience: 'general learners',
      level: 'beginner',
      projects: 4,
      language: 'English',
      notes: '',
    });
    expect(topicFieldErrors({ 'topic.projects': 'Too big', 'other.thing': 'x' })).toEqual({ projects: 'Too big' });
  });
});

describe('model settings form', () => {
  const settings: SettingsView = {
    apiKeySet: true,
      modelNotice: null,
    secretStorage: 'os',
    model: 'claude-x',
    maxTokens: 8192,
    baseURL: null,
    defaultAutoPublish: false,
    reviewerName: '',
    defaultEconomy: false,
    defaultAutoExport: null,
    budget: { dailyUsd: null, batchUsd: null },
    quiz: DEFAULT_QUIZ_SETTINGS,
    republishEditedWithoutApproval: false,
    dataDir: '/d',
    limits: { jobs: 3, requests: 6 },
  };

  it('accepts valid values and turns an empty base URL into null', () => {
    expect(checkModelDraft(modelDraftFrom(settings))).toEqual({ values: { model: 'claude-x', maxTokens: 8192, baseURL: null }, errors: {} });
  });

  it('explains each bad field', () => {
    const { values, errors } = checkModelDraft({ model: ' ', maxTokens: '100', baseURL: 'ftp://x' });
    expect(values).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(['baseURL', 'maxTokens', 'model']);
    expect(checkModelDraft({ model: 'm', maxTokens: '1000', baseURL: 'not a url' }).errors.baseURL).toMatch(/not a valid address/);
  });
});

describe('queue limits form', () => {
  it('accepts whole numbers within the bounds', () => {
    expect(checkLimitsDraft({ jobs: '3', requests: '6' })).toEqual({ values: { jobs: 3, requests: 6 }, errors: {} });
    expect(checkLimitsDraft({ jobs: '20', requests: '1' }).values).toEqual({ jobs: 20, requests: 1 });
  });

  it('explains a fraction, zero, too much or nothing in plain words before anything is sent', () => {
    expect(checkLimitsDraft({ jobs: '2.5', requests: '6' })).toEqual({ values: null, errors: { jobs: 'Run 1 to 20 jobs at a time.' } });
    expect(checkLimitsDraft({ jobs: '0', requests: '51' }).errors).toEqual({ jobs: 'Run 1 to 20 jobs at a time.', requests: 'Allow 1 to 50 requests at a time.' });
    expect(checkLimitsDraft({ jobs: ' ', requests: '6' }).errors.jobs).toBeDefined();
  });
});

describe('scheduled start', () => {
  const now = new Date(2026, 2, 10, 18, 30).getTime();
  it('accepts a future local time and refuses past or empty ones', () => {
    expect(scheduledStart('2026-03-10T22:00', now)).toEqual({ iso: new Date(2026, 2, 10, 22, 0).toISOString(), error: null });
    expect(scheduledStart('2026-03-10T08:00', now).error).toMatch(/already passed/);
    expect(scheduledStart('', now).error).toMatch(/Pick a date/);
  });

  it('suggests 22:00 tonight, or tomorrow once that has passed', () => {
    expect(toLocalInputValue(tonight(now))).toBe('2026-03-10T22:00');
    expect(toLocalInputValue(tonight(new Date(2026, 2, 10, 23, 0).getTime()))).toBe('2026-03-11T22:00');
  });
});

describe('streaming outline preview', () => {
  it('shows whatever fields have arrived and ignores junk', () => {
    expect(previewFromPartial({ title: 'Go', projects: [{ title: 'Basics', lessons: [{ title: 'Hello' }, {}] }, 'junk'] })).toEqual({
      title: 'Go',
      description: '',
      projects: [
        { title: 'Basics', lessons: ['Hello', ''] },
        { title: '', lessons: [] },
      ],
    });
    expect(previewFromPartial(null)).toEqual({ title: '', description: '', projects: [] });
    expect(previewFromPartial({ title: 5, projects: 'x' })).toEqual({ title: '', description: '', projects: [] });
  });
});

describe('topic list format detection', () => {
  it('detects CSV by header, JSON by shape or name, else lines', () => {
    expect(detectTopicFormat('topic,audience\nGo,devs')).toBe('csv');
    expect(detectTopicFormat('\ufeffTopic,level\nGo,beginner')).toBe('csv');
    expect(detectTopicFormat('[{"topic":"Go"}]')).toBe('json');
    expect(detectTopicFormat('Go\nRust, the basics')).toBe('lines');
    expect(detectTopicFormat('Go', 'topics.CSV')).toBe('csv');
    expect(detectTopicFormat('Go', 'topics.json')).toBe('json');
  });
});

describe('command errors', () => {
  it('adds field issues to the message, without repeating it', () => {
    expect(describeCommandError({ code: 'invalid_input', message: 'Invalid input.', issues: [{ path: 'topic.topic', message: 'Required' }] })).toBe('Invalid input (topic.topic: Required).');
    // Messages that are sentences already are joined without doubled or stray full stops.
    expect(
      describeCommandError({ code: 'invalid_input', message: 'Some values are not valid.', issues: [{ path: 'jobs', message: 'Run at least 1 job at a time.' }, { path: 'requests', message: 'Allow at least 1 request at a time.' }] }),
    ).toBe('Some values are not valid (jobs: Run at least 1 job at a time; requests: Allow at least 1 request at a time).');
    expect(describeCommandError({ code: 'conflict', message: 'Cannot approve: the course is rejected.' })).toBe('Cannot approve: the course is rejected.');
    expect(describeCommandError({ code: 'not_found', message: '' })).toBe('That item no longer exists.');
    expect(issuesByPath({ code: 'invalid_input', message: 'x', issues: [{ path: 'a', message: '1' }, { path: 'a', message: '2' }] })).toEqual({ a: '1' });
  });
});
