// The wizard's topic form: the values as typed, checks with messages a person can act
// on (the same bounds as the shared topic schema), and the conversion to TopicInput.
import { COURSE_LEVELS, type CourseLevel, type TopicInput } from '../../shared/domain';
import { MAX_PROJECTS, MIN_PROJECTS } from '../../shared/schemas';

export interface TopicDraft {
  topic: string;
  audience: string;
  level: CourseLevel;
  projects: string;
  language: string;
  notes: string;
}

export const EMPTY_TOPIC: TopicDraft = { topic: '', audience: '', level: 'beginner', projects: '5', language: 'English', notes: '' };

export function validateTopic(draft: TopicDraft): Partial<Record<keyof TopicDraft, string>> {
  const errors: Partial<Record<keyof TopicDraft, string>> = {};
  if (draft.topic.trim() === '') errors.topic = 'Say what the course is about.';
  else if (draft.topic.trim().length > 300) errors.topic = 'Keep the topic under 300 characters.';
  if (draft.audience.trim().length > 300) errors.audience = 'Keep the audience under 300 characters.';
  if (!COURSE_LEVELS.includes(draft.level)) errors.level = 'Choose a level.';
  const projects = Number(draft.projects);
  if (!Number.isInteger(projects) || projects < MIN_PROJECTS || projects > MAX_PROJECTS) errors.projects = `Choose between ${MIN_PROJECTS} and ${MAX_PROJECTS} projects.`;
  if (draft.language.trim().length < 2) errors.language = 'Name the language (e.g. English).';
  else if (draft.language.trim().length > 40) errors.language = 'Keep the language under 40 characters.';
  if (draft.notes.length > 4000) errors.notes = 'Keep the notes under 4,000 characters.';
  return errors;
}

export function toTopicInput(draft: TopicDraft): TopicInput {
  return {
    topic: draft.topic.trim(),
    audience: draft.audience.trim() || 'general learners',
    level: draft.level,
    projects: Number(draft.projects),
    language: draft.language.trim(),
    notes: draft.notes,
  };
}

/** Server-side issues come as `topic.projects`; the form keys them by field. */
export function topicFieldErrors(issues: Record<string, string>): Partial<Record<keyof TopicDraft, string>> {
  const out: Partial<Record<keyof TopicDraft, string>> = {};
  for (const [path, message] of Object.entries(issues)) {
    const field = path.replace(/^topic\./, '') as keyof TopicDraft;
    if (field in EMPTY_TOPIC) out[field] ??= message;
  }
  return out;
}
