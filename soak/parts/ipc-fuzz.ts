// Part 6a, every IPC command fuzzed through the real dispatcher of the desktop core
// (createAppCore → dispatch, exactly what Electron's ipcMain handler calls): each hostile
// input must come back as invalid_input / unknown_command, quickly, with nothing stored
// changed, no exception escaping, and the core still answering afterwards. Path-traversal
// strings in free-text fields are only data: they may be stored, but never touch a file.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createAppCore, type AppCore } from '../../src/main/app-core';
import { createMemorySecretStore } from '../../src/main/secrets';
import { COMMAND_NAMES, type CommandName } from '../../src/shared/ipc-contract';
import { ALL_CLAUDE } from '../../src/shared/model-routing';
import type { FakeAnthropic } from '../../test/support/fake-anthropic';
import { startFakeOpenAI } from '../../test/support/fake-openai';
import { TEST_API_KEY, makeOutline, seedApprovedCourse } from '../../test/support/engine';
import { changedTables, tableChecksums } from '../lib/db-audit';
import { queueGroupsOf } from '../../src/main/db/repositories/queue-groups';
import { fuzzCases, type BaseInput, type FuzzCase } from '../lib/fuzz-cases';
import { check, type Check, type Figure } from '../lib/report';

/** A draft course with options, a queued job, and a generated course with lessons and tasks: real ids for every command. */
function seed(core: AppCore) {
  const { store } = core;
  const draft = store.write(() => store.courses.create({ topic: 'Draft', audience: 'a', level: 'beginner', projects: 3, language: 'English', notes: '' }));
  const options = store.write(() => store.courses.replaceOptions(draft.id, [makeOutline('Option A'), makeOutline('Option B')]));
  const queuedCourse = seedApprovedCourse(store, 'Queued', 3, 2);
  const queueGroup = store.write(() => queueGroupsOf(store).ensure(undefined, 'fuzz')).id;
  const job = core.runner.enqueue(queuedCourse, { queueGroup });
  const generated = seedApprovedCourse(store, 'Generated', 3, 2);
  store.write(() => {
    const course = store.courses.require(generated);
    store.courses.ensureProjects(generated, course.outline!);
    for (const project of store.courses.tree(generated)!.projects) {
      store.courses.insertLessons(project.id, [
        { title: 'L1', content: '# One', objectives: ['o'] },
        { title: 'L2', content: '# Two', objectives: ['o'] },
      ]);
    }
    for (const lesson of store.courses.tree(generated)!.projects.flatMap((p) => p.lessons)) {
      store.courses.insertTasks(lesson.id, [
        { kind: 'exercise', prompt: 'Do it', answerKey: null },
        { kind: 'quiz', prompt: 'Why?', answerKey: 'Because' },
      ]);
    }
    store.courses.setSummary(generated, { summary: 'S', learningOutcomes: ['x'], prerequisites: [] });
    store.courses.setStatus(generated, 'generated');
  });
  const lesson = store.courses.tree(generated)!.projects[0]!.lessons[0]!;
  return { draft: draft.id, optionId: options[0]!.id, queuedCourse, queueGroup, jobId: job.id, generated, lessonId: lesson.id, taskId: lesson.tasks[0]!.id };
}

function baseInputs(ids: ReturnType<typeof seed>, localUrl: string): Partial<Record<CommandName, BaseInput>> {
  const none: BaseInput = { input: undefined, required: [], freeText: [] };
  const course = (courseId: string): BaseInput => ({ input: { courseId }, required: ['courseId'], freeText: [] });
  const jobs: BaseInput = { input: { jobIds: [ids.jobId] }, required: ['jobIds'], freeText: [] };
  return {
    'app.info': none,
    'app.ready': none,
    'app.startNewDatabase': none,
    'app.openExternal': { input: { url: 'https://example.com/help' }, required: ['url'], freeText: [] },
    'app.chooseFolder': { input: { purpose: 'export' }, required: ['purpose'], freeText: [] },
    'app.chooseFiles': { input: { purpose: 'materials' }, required: ['purpose'], freeText: [] },
    'settings.get': none,
    'settings.update': {
      input: {
        model: 'claude-sonnet-5-5',
        maxTokens: 4096,
        baseURL: null,
        defaultAutoPublish: false,
        reviewerName: 'Reviewer',
        republishEditedWithoutApproval: false,
        defaultEconomy: false,
        budget: { dailyUsd: 20, batchUsd: null },
        quiz: { minQuestions: 3, maxQuestions: 5, types: ['multiple_choice', 'true_false'], masteryScore: 80 },
      },
      required: [],
      freeText: ['model', 'reviewerName'],
    },
    'models.get': none,
    'models.setRouting': { input: structuredClone(ALL_CLAUDE), required: ['steps'], freeText: [] },
    'claudeModels.list': none,
    'localModels.detect': none,
    // A fake local server (test/support/fake-openai) that takes any key: valid calls answer.
    'localModels.list': { input: { baseUrl: `${localUrl}/v1`, apiKey: null, server: null }, required: ['baseUrl'], freeText: ['apiKey'] },
    'localModels.test': { input: { baseUrl: `${localUrl}/v1`, model: 'qwen2.5:7b', apiKey: null, server: null }, required: ['baseUrl', 'model'], freeText: ['apiKey'], lookedUp: ['model'] },
    'apiKey.set': { input: { key: 'sk-ant-fuzz-0123456789' }, required: ['key'], freeText: ['key'] },
    'apiKey.clear': none,
    'apiKey.test': none,
    'topics.parse': { input: { text: 'topic\nGardening', format: 'csv' }, required: ['text', 'format'], freeText: ['text'] },
    // A path main reads (a file the person chose): a traversal string is a file that is not there or not topics, so "failed" saying so is right.
    'topics.parseFile': { input: { path: '/nonexistent/course-studio-fuzz/topics.csv', format: 'csv' }, required: ['path'], freeText: [], lookedUp: ['path'] },
    'courses.list': none,
    'courses.get': course(ids.generated),
    'courses.create': {
      input: { topic: { topic: 'Fuzz', audience: 'all', level: 'beginner', projects: 3, language: 'English', notes: '' } },
      required: ['topic'],
      freeText: [],
    },
    'courses.generateOutlines': { input: { courseId: ids.draft, count: 1 }, required: ['courseId'], freeText: [] },
    'courses.chooseOption': { input: { courseId: ids.draft, optionId: ids.optionId }, required: ['courseId', 'optionId'], freeText: [] },
    'courses.editOutline': { input: { courseId: ids.draft, outline: makeOutline('Edited') }, required: ['courseId', 'outline'], freeText: [] },
    'courses.approveOutline': { input: { courseId: ids.draft, by: 'Reviewer', note: '' }, required: ['courseId', 'by'], freeText: ['by', 'note'] },
    'courses.reject': course(ids.draft),
    'courses.reopen': course(ids.draft),
    'courses.approve': { input: { courseId: ids.generated, by: 'Reviewer', note: '' }, required: ['courseId', 'by'], freeText: ['by', 'note'] },
    'courses.publish': course(ids.generated),
    'courses.delete': course(ids.draft),
    'courses.export': { input: { courseId: ids.generated, format: 'markdown' }, required: ['courseId', 'format'], freeText: [] },
    // No folder was chosen in a dialog here: any folder, traversal strings included, is refused.
    'courses.exportMany': {
      input: { courseIds: [ids.generated], format: 'imscc', folder: '/tmp/course-studio-fuzz-exports', exportId: ids.queueGroup },
      required: ['courseIds', 'format', 'folder'],
      freeText: [],
    },
    // A path is only data until a valid input arrives: every hostile one is refused before any file is opened.
    'materials.attach': { input: { courseId: ids.draft, files: [{ path: '/nonexistent/course-studio-fuzz/notes.md' }] }, required: ['files'], freeText: [] },
    'materials.list': course(ids.generated),
    'materials.remove': { input: { courseId: ids.generated, sha256: 'a'.repeat(64) }, required: ['courseId', 'sha256'], freeText: [] },
    'materials.view': { input: { courseId: ids.generated, sha256: 'a'.repeat(64) }, required: ['courseId', 'sha256'], freeText: [] },
    'lessons.update': {
      input: { lessonId: ids.lessonId, title: 'T', content: '# C', objectives: ['o'] },
      required: ['lessonId', 'title', 'content', 'objectives'],
      freeText: ['title', 'content'],
    },
    'lessons.regenerate': { input: { lessonId: ids.lessonId }, required: ['lessonId'], freeText: [] },
    'tasks.update': {
      input: { taskId: ids.taskId, kind: 'exercise', prompt: 'P', answerKey: null },
      required: ['taskId', 'kind', 'prompt', 'answerKey'],
      freeText: ['prompt', 'answerKey'],
    },
    'tasks.regenerate': { input: { taskId: ids.taskId }, required: ['taskId'], freeText: [] },
    'history.list': { input: { unitKind: 'lesson', unitId: ids.lessonId }, required: ['unitKind', 'unitId'], freeText: [] },
    'history.restore': { input: { unitKind: 'task', unitId: ids.taskId, version: 1 }, required: ['unitKind', 'unitId', 'version'], freeText: [] },
    'courses.changesSinceApproval': course(ids.generated),
    'jobs.enqueue': {
      input: { courseId: ids.generated, autoPublish: false, priority: 0, runAfter: null, stepwise: false, economy: true },
      required: ['courseId'],
      freeText: [],
    },
    'jobs.snapshot': {
      input: { statuses: ['queued'], search: 'x', limit: 100, after: { createdAt: '2026-01-01T00:00:00.000Z', id: ids.jobId } },
      required: [],
      freeText: ['search'],
    },
    'jobs.cancel': jobs,
    'jobs.retry': jobs,
    'jobs.delete': jobs,
    'jobs.pause': jobs,
    'jobs.resume': jobs,
    'jobs.logs': {
      input: { jobId: ids.jobId, levels: ['info'], text: 'Queued', afterId: 0, beforeId: 1000, limit: 10 },
      required: ['jobId'],
      freeText: ['text'],
    },
    'queue.pause': none,
    'queue.resume': none,
    'queue.setLimits': { input: { jobs: 2, requests: 4 }, required: [], freeText: [] },
    'jobs.groupTotals': { input: { queueGroup: ids.queueGroup }, required: ['queueGroup'], freeText: [] },
    'batches.list': none,
    'estimate.courses': { input: { courseIds: [ids.queuedCourse] }, required: ['courseIds'], freeText: [] },
    'insights.get': { input: { period: '7d', tzOffsetMinutes: 60 }, required: ['period', 'tzOffsetMinutes'], freeText: [] },
    'sync.getConfig': none,
    'sync.configure': {
      input: { url: 'https://abcd.supabase.co', anonKey: 'eyJhbGciOiJIUzI1NiJ9.fuzz-anon-key_0123456789', organizationId: null },
      required: ['url', 'anonKey'],
      freeText: [],
    },
    'sync.signIn': { input: { email: 'someone@example.com', password: 'secret' }, required: ['email', 'password'], freeText: ['password'] },
    'sync.signOut': none,
    'sync.status': none,
    'sync.now': none,
    'sync.resolveConflict': { input: { courseId: ids.generated, resolution: 'keep_theirs' }, required: ['courseId', 'resolution'], freeText: [] },
    'sync.log': { input: { courseId: ids.generated, afterId: 0, limit: 10 }, required: [], freeText: [] },
    'courses.bin': none,
    'courses.restore': course(ids.draft),
    'courses.removeForGood': { input: { courseIds: [ids.draft] }, required: ['courseIds'], freeText: [] },
    'storage.get': none,
    'storage.cleanup': { input: { action: 'logs', olderThanDays: 30, dryRun: true }, required: ['action', 'olderThanDays', 'dryRun'], freeText: [] },
    'storage.compact': none,
    'storage.setSchedule': { input: { auto: true, logDays: 30, keepVersions: null }, required: [], freeText: [] },
  };
}

/** Settings and limits no person should be able to store. */
const SETTINGS_NONSENSE: [CommandName, unknown][] = [
  ['settings.update', { maxTokens: -1 }],
  ['settings.update', { maxTokens: 1e12 }],
  ['settings.update', { maxTokens: 0.5 }],
  ['settings.update', { model: '' }],
  ['settings.update', { model: '   ' }],
  ['settings.update', { model: 'm'.repeat(101) }],
  ['settings.update', { baseURL: 'javascript:alert(1)' }],
  ['settings.update', { baseURL: 'file:///etc/passwd' }],
  ['settings.update', { baseURL: 'ftp://example.com' }],
  ['settings.update', { baseURL: 'not a url' }],
  ['settings.update', { baseURL: '' }],
  ['settings.update', { defaultAutoPublish: 'yes' }],
  ['settings.update', { reviewerName: 'r'.repeat(121) }],
  ['settings.update', { temperature: 0.7 }],
  ['queue.setLimits', { jobs: 0 }],
  ['queue.setLimits', { jobs: 21 }],
  ['queue.setLimits', { requests: 0 }],
  ['queue.setLimits', { requests: 51 }],
  ['queue.setLimits', { jobs: 2.5 }],
  ['queue.setLimits', { jobs: -3, requests: 1e9 }],
  ['apiKey.set', { key: 'short' }],
  ['apiKey.set', { key: 'k'.repeat(501) }],
  ['apiKey.set', { key: '          ' }],
];

const listing = (dir: string) => readdirSync(dir).sort().join(',');

export async function ipcFuzz(fake: FakeAnthropic): Promise<{ figures: [string, Figure][]; checks: Check[]; notes: string[] }> {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'cs-fuzz-')), 'data');
  const secrets = createMemorySecretStore(TEST_API_KEY);
  const core = createAppCore({ dataDir, secrets, env: { ANTHROPIC_BASE_URL: fake.url }, start: false });
  const local = await startFakeOpenAI();
  try {
    const ids = seed(core);
    const bases = baseInputs(ids, local.url);
    const cases: FuzzCase[] = [
      ...fuzzCases(bases),
      ...SETTINGS_NONSENSE.map(([command, input]) => ({ command, input, label: `${command}: ${JSON.stringify(input).slice(0, 60)}`, expect: 'refused' as const })),
    ];
    const withoutBase = COMMAND_NAMES.filter((c) => !bases[c]);
    const before = tableChecksums(core.store.db);
    const filesBefore = { data: listing(dataDir), parent: listing(dirname(dataDir)) };
    const rssBefore = process.memoryUsage().rss;

    const wrong: string[] = [];
    const wrongText: string[] = [];
    const threw: string[] = [];
    let slowest = { ms: 0, label: '' };
    const run = async (c: FuzzCase) => {
      const started = performance.now();
      try {
        const result = await core.dispatch(c.command, c.input);
        const ms = performance.now() - started;
        if (ms > slowest.ms) slowest = { ms, label: c.label };
        const code = result.ok ? 'ok' : result.error.code;
        const good =
          c.expect === 'unknown'
            ? code === 'unknown_command'
            : c.expect === 'refused'
              ? code === 'invalid_input'
              : c.expect === 'name'
                ? code === 'ok' || code === 'failed' || code === 'invalid_input'
                : code !== 'failed';
        if (!good) (c.expect === 'text' ? wrongText : wrong).push(`${c.label} → ${code}${result.ok ? '' : `: ${result.error.message.slice(0, 120)}`}`);
        return result;
      } catch (error) {
        threw.push(`${c.label}: ${(error as Error).message}`);
        return null;
      }
    };

    const refusedCases = cases.filter((c) => c.expect !== 'text');
    for (const c of refusedCases) await run(c);
    const after = tableChecksums(core.store.db);
    const changed = changedTables(before, after);
    const keyKept = secrets.get() === TEST_API_KEY;
    const polluted = ({} as Record<string, unknown>).polluted !== undefined || (Object.prototype as Record<string, unknown>).polluted !== undefined;

    // Free-text fields: traversal strings are stored as text (a title, a search) and never open a file.
    const textCases = cases.filter((c) => c.expect === 'text');
    for (const c of textCases) await run(c);
    const exported = await core.dispatch('courses.export', { courseId: ids.generated, format: 'markdown' });
    await core.dispatch('lessons.update', { lessonId: ids.lessonId, title: '../../../etc/passwd', content: 'x', objectives: ['o'] });
    const retitled = await core.dispatch('courses.create', { topic: { topic: '../../../../etc/passwd\\..\\x' } });
    const traversalExport = retitled.ok ? await core.dispatch('courses.export', { courseId: (retitled.value as { id: string }).id, format: 'json' }) : retitled;
    const filename = traversalExport.ok ? (traversalExport.value as { filename: string }).filename : '';
    const filesAfter = { data: listing(dataDir), parent: listing(dirname(dataDir)) };
    const stillAnswers = (await core.dispatch('app.info', undefined)).ok && (await core.dispatch('courses.list', undefined)).ok;
    const rssGrowthMiB = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;

    return {
      figures: [
        ['IPC commands fuzzed (with a valid base input)', `${COMMAND_NAMES.length} (${COMMAND_NAMES.length - withoutBase.length})`],
        ['hostile inputs refused as expected', `${refusedCases.length - wrong.length}/${refusedCases.length}`],
        ['path traversal in free-text fields, answered without failing', `${textCases.length - wrongText.length}/${textCases.length}`],
        ['slowest answer (ms)', Math.round(slowest.ms)],
        ['exceptions escaping the dispatcher', threw.length],
        ['tables changed by refused inputs', changed.length],
        ['memory growth over the fuzz (MiB)', Math.round(rssGrowthMiB)],
      ],
      checks: [
        check('every hostile input answered invalid_input / unknown_command', wrong.length === 0, wrong.slice(0, 15).join('\n')),
        check('traversal strings in free-text fields are only text (never "failed")', wrongText.length === 0, wrongText.slice(0, 15).join('\n')),
        check('no exception escapes the dispatcher', threw.length === 0, threw.slice(0, 5).join('\n')),
        check('refused inputs change nothing stored', changed.length === 0 && keyKept, `changed: ${changed.join(', ')}; key kept: ${keyKept}`),
        check('no prototype pollution', !polluted, 'Object.prototype.polluted is set'),
        check('hostile inputs are refused quickly (< 1 s each)', slowest.ms < 1_000, `${Math.round(slowest.ms)} ms for ${slowest.label}`),
        check('no file created or removed by any input', filesAfter.data === filesBefore.data && filesAfter.parent === filesBefore.parent, `${filesBefore.data} → ${filesAfter.data}`),
        check('an export filename never carries a path', exported.ok && filename !== '' && !/[\\/]|\.\./.test(filename), `filename ${JSON.stringify(filename)}`),
        check('the core still answers afterwards', stillAnswers, 'app.info or courses.list failed'),
      ],
      notes: withoutBase.length > 0 ? [`Commands fuzzed with generic inputs only (no valid base input known to the fuzzer yet): ${withoutBase.join(', ')}.`] : [],
    };
  } finally {
    await core.dispose();
    await local.close();
  }
}
