// The batch import in progress: the pasted text, what parsing found (rows and line-numbered
// errors), and each row's run (create the course, generate its outline options). A store,
// so leaving to edit one course in the wizard and coming back keeps everything.
import { create } from 'zustand';
import type { TopicInput } from '../../shared/domain';
import type { ParsedTopicRow, TopicParseResult } from '../../shared/ipc-contract';
import { api, call, errorMessage } from '../lib/api';
import { runLimited } from '../lib/run-limited';
import { detectTopicFormat, type TopicFormat } from '../lib/topics-format';

export type RowState = 'waiting' | 'creating' | 'generating' | 'done' | 'failed';

export interface BatchRun {
  line: number;
  topic: TopicInput;
  courseId: string | null;
  state: RowState;
  error: string | null;
}

interface BatchStore {
  text: string;
  filename: string | null;
  format: TopicFormat | 'auto';
  parsed: TopicParseResult | null;
  parseError: string | null;
  parsing: boolean;
  runs: BatchRun[];
  running: boolean;
  optionsPerTopic: number;
  setText(text: string, filename?: string | null): void;
  setFormat(format: TopicFormat | 'auto'): void;
  setOptionsPerTopic(n: number): void;
  parse(): Promise<void>;
  generateAll(onCourseReady: () => void): Promise<void>;
  reset(): void;
}

const AT_ONCE = 3;

const topicKey = (topic: TopicInput) =>
  JSON.stringify([topic.topic, topic.audience, topic.level, topic.projects, topic.language, topic.notes]);

/**
 * The runs for freshly checked rows: a row whose topic is exactly one already run keeps
 * that run (its course, its state), so checking the topics again never creates or
 * generates a course twice; new or changed rows wait. Each earlier run is kept at most
 * once, so two identical rows still make two courses.
 */
export function matchRuns(previous: readonly BatchRun[], rows: readonly ParsedTopicRow[]): BatchRun[] {
  const byTopic = new Map<string, BatchRun[]>();
  for (const run of previous) {
    if (run.courseId === null && run.state === 'waiting') continue;
    const key = topicKey(run.topic);
    byTopic.set(key, [...(byTopic.get(key) ?? []), run]);
  }
  return rows.map((row) => {
    const kept = byTopic.get(topicKey(row.topic))?.shift();
    return kept ? { ...kept, line: row.line, topic: row.topic } : { line: row.line, topic: row.topic, courseId: null, state: 'waiting', error: null };
  });
}

export const useBatch = create<BatchStore>((set, get) => {
  const updateRun = (index: number, change: Partial<BatchRun>) => {
    const runs = [...get().runs];
    const run = runs[index];
    if (!run) return;
    runs[index] = { ...run, ...change };
    set({ runs });
  };

  return {
    text: '',
    filename: null,
    format: 'auto',
    parsed: null,
    parseError: null,
    parsing: false,
    runs: [],
    running: false,
    optionsPerTopic: 3,
    setText(text, filename = null) {
      set({ text, filename, parsed: null, parseError: null });
    },
    setFormat(format) {
      set({ format, parsed: null, parseError: null });
    },
    setOptionsPerTopic(n) {
      set({ optionsPerTopic: n });
    },
    async parse() {
      const { text, filename, format, running } = get();
      // Runs are updated by position while outlines are written; re-reading the rows then would move them.
      if (running) {
        set({ parseError: 'Wait until the outlines being written are done, then check the topics again.' });
        return;
      }
      if (text.trim() === '') {
        set({ parseError: 'Paste some topics or choose a file first.', parsed: null });
        return;
      }
      const chosen = format === 'auto' ? detectTopicFormat(text, filename ?? undefined) : format;
      set({ parsing: true, parseError: null });
      try {
        const parsed = await call(api().topicsParse({ text, format: chosen }));
        set({ parsed, parsing: false, runs: matchRuns(get().runs, parsed.rows) });
      } catch (error) {
        set({ parsing: false, parseError: errorMessage(error), parsed: null });
      }
    },
    async generateAll(onCourseReady) {
      if (get().running) return;
      const pending = get()
        .runs.map((run, index) => ({ run, index }))
        .filter(({ run }) => run.state === 'waiting' || run.state === 'failed');
      if (pending.length === 0) return;
      set({ running: true });
      const count = get().optionsPerTopic;
      await runLimited(pending, AT_ONCE, async ({ run, index }) => {
        try {
          let courseId = run.courseId;
          if (!courseId) {
            updateRun(index, { state: 'creating', error: null });
            const course = await call(api().coursesCreate({ topic: run.topic }));
            courseId = course.id;
            updateRun(index, { courseId });
          }
          updateRun(index, { state: 'generating', error: null });
          await call(api().coursesGenerateOutlines({ courseId, count }));
          updateRun(index, { state: 'done' });
          onCourseReady();
        } catch (error) {
          updateRun(index, { state: 'failed', error: errorMessage(error) });
        }
      });
      set({ running: false });
    },
    reset() {
      if (get().running) return;
      set({ text: '', filename: null, parsed: null, parseError: null, runs: [] });
    },
  };
});
