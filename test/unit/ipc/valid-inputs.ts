// One valid input per command, so the malformed-input tests can break exactly one thing at
// a time and prove the rejection is about that thing. Typed against the contract, so a
// command added without an entry here is a compile error.
import type { CommandInput, CommandName } from '../../../src/shared/ipc-contract';

export const ID = '6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab';

const outline = {
  title: 'Rust from zero',
  description: 'Learn Rust by building things.',
  audience: 'developers',
  level: 'beginner' as const,
  language: 'English',
  projects: [0, 1, 2].map((p) => ({
    title: `Project ${p + 1}`,
    description: 'Build something.',
    lessons: [{ title: `Lesson ${p + 1}.1`, summary: 'Why and how.' }],
  })),
};

export const VALID_INPUTS: { [C in CommandName]: CommandInput<C> } = {
  'app.info': {},
  'app.ready': {},
  'app.openExternal': { url: 'https://example.com/docs' },
  'app.startNewDatabase': {},
  'settings.get': {},
  'settings.update': { model: 'claude-haiku-4-5', maxTokens: 4096, baseURL: null, defaultAutoPublish: true, reviewerName: 'Ada' },
  'apiKey.set': { key: 'sk-ant-0123456789' },
  'apiKey.clear': {},
  'apiKey.test': {},
  'topics.parse': { text: 'Rust\nGo', format: 'lines' },
  'courses.list': {},
  'courses.get': { courseId: ID },
  'courses.create': { topic: { topic: 'Rust', audience: 'devs', level: 'beginner', projects: 3, language: 'English', notes: '' } },
  'courses.generateOutlines': { courseId: ID, count: 2 },
  'courses.chooseOption': { courseId: ID, optionId: ID },
  'courses.editOutline': { courseId: ID, outline },
  'courses.approveOutline': { courseId: ID, by: 'Ada', note: 'ok' },
  'courses.reject': { courseId: ID },
  'courses.reopen': { courseId: ID },
  'courses.approve': { courseId: ID, by: 'Ada', note: '' },
  'courses.publish': { courseId: ID },
  'courses.delete': { courseId: ID },
  'courses.export': { courseId: ID, format: 'markdown' },
  'lessons.update': { lessonId: ID, title: 'Intro', content: '# Hi', objectives: ['Know things'] },
  'lessons.regenerate': { lessonId: ID },
  'tasks.update': { taskId: ID, kind: 'quiz', prompt: 'What is 2+2?', answerKey: '4' },
  'tasks.regenerate': { taskId: ID },
  'jobs.enqueue': { courseId: ID, autoPublish: false, priority: 0, runAfter: null, stepwise: false },
  'jobs.snapshot': { statuses: ['queued'], search: 'rust', ids: [ID], limit: 100, after: { createdAt: '2026-01-01T00:00:00.000Z', id: ID } },
  'jobs.cancel': { jobIds: [ID] },
  'jobs.retry': { jobIds: [ID] },
  'jobs.delete': { jobIds: [ID] },
  'jobs.pause': { jobIds: [ID] },
  'jobs.resume': { jobIds: [ID] },
  'jobs.logs': { jobId: ID, levels: ['error'], text: 'x', afterId: 0, limit: 10 },
  'queue.pause': {},
  'queue.resume': {},
  'queue.setLimits': { jobs: 2, requests: 4 },
  'sync.getConfig': {},
  'sync.configure': { url: 'https://abcd.supabase.co', anonKey: 'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiYW5vbiJ9.sig', organizationId: ID },
  'sync.signIn': { email: 'ada@example.com', password: 'correct horse' },
  'sync.signOut': {},
  'sync.status': {},
  'sync.now': {},
  'sync.resolveConflict': { courseId: ID, resolution: 'overwrite' },
  'sync.log': { courseId: ID, afterId: 0, limit: 10 },
};
