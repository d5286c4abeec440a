// The batch import in progress: the pasted text, what parsing found (rows and line-numbered
// errors), and each row's run (create the course, attach its source materials, generate its
// outline options). A store, so leaving to edit one course in the wizard and coming back
// keeps everything. A file opened with "Open file…" is read by main, which finds the files
// its `sources` column names next to it; checking its text again keeps that folder.
import { create } from 'zustand';
import type { TopicInput } from '../../shared/domain';
import type { ParsedTopicRow, TopicParseResult } from '../../shared/ipc-contract';
import type { AttachResult } from '../../shared/materials';
import { api, call, errorMessage } from '../lib/api';
import { runLimited } from '../lib/run-limited';
import { detectTopicFormat, type TopicFormat } from '../lib/topics-format';

export type RowState = 'waiting' | 'creating' | 'attaching' | 'generating' | 'done' | 'failed';

export interface BatchRun {
  line: number;
  topic: TopicInput;
  /** Its source materials: absolute paths main found (the ones it did not are in the parse's sourceProblems). */
  sources: string[];
  courseId: string | null;
  state: RowState;
  error: string | null;
  /** Each source's answer once attached (read, or why not); null before. Attached once per course. */
  attached: AttachResult[] | null;
}

interface BatchStore {
  text: string;
  filename: string | null;
  /** The file opened with "Open file…" (absolute): its folder is where `sources` are found. */
  sourceFile: string | null;
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
  /** "Open file…": the OS dialog, then main reads and checks the file. */
  openFile(): Promise<void>;
  generateAll(onCourseReady: () => void): Promise<void>;
  reset(): void;
}

const AT_ONCE = 3;

const topicKey = (topic: TopicInput, sources: readonly string[]) =>
  JSON.stringify([topic.topic, topic.audience, topic.level, topic.projects, topic.language, topic.notes, sources]);

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
    const key = topicKey(run.topic, run.sources);
    byTopic.set(key, [...(byTopic.get(key) ?? []), run]);
  }
  return rows.map((row) => {
    const sources = row.sources ?? [];
    const kept = byTopic.get(topicKey(row.topic, sources))?.shift();
    return kept
      ? { ...kept, line: row.line, topic: row.topic }
      : { line: row.line, topic: row.topic, sources, courseId: null, state: 'waiting', error: null, attached: null };
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
    sourceFile: null,
    format: 'auto',
    parsed: null,
    parseError: null,
    parsing: false,
    runs: [],
    running: false,
    optionsPerTopic: 3,
    setText(text, filename = null) {
      // An edit keeps the opened file's folder (its sources are still next to it); a file read
      // in the page (filename given) has none.
      set({ text, filename, parsed: null, parseError: null, ...(filename !== null ? { sourceFile: null } : {}) });
    },
    setFormat(format) {
      set({ format, parsed: null, parseError: null });
    },
    setOptionsPerTopic(n) {
      set({ optionsPerTopic: n });
    },
    async parse() {
      const { text, filename, format, running, sourceFile } = get();
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
        const parsed = await call(api().topicsParse({ text, format: chosen, ...(sourceFile !== null ? { fromFile: sourceFile } : {}) }));
        set({ parsed, parsing: false, runs: matchRuns(get().runs, parsed.rows) });
      } catch (error) {
        set({ parsing: false, parseError: errorMessage(error), parsed: null });
      }
    },
    async openFile() {
      if (get().running) {
        set({ parseError: 'Wait until the outlines being written are done, then open another file.' });
        return;
      }
      try {
        const { paths } = await call(api().appChooseFiles({ purpose: 'topics' }));
        const path = paths[0];
        if (path === undefined) return;
        set({ parsing: true, parseError: null });
        const format = get().format;
        const opened = await call(api().topicsParseFile({ path, ...(format !== 'auto' ? { format } : {}) }));
        const { text, fileName, path: sourceFile } = opened;
        const parsed: TopicParseResult = { rows: opened.rows, errors: opened.errors, ...(opened.sourceProblems ? { sourceProblems: opened.sourceProblems } : {}) };
        set({ text, filename: fileName, sourceFile, parsed, parsing: false, runs: matchRuns(get().runs, parsed.rows) });
      } catch (error) {
        set({ parsing: false, parseError: errorMessage(error) });
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
          // Before the outlines, which are built from them. Each file gets its own answer; one
          // that cannot be read is listed with its reason and the topic goes on without it.
          if (run.sources.length > 0 && get().runs[index]?.attached == null) {
            updateRun(index, { state: 'attaching', error: null });
            const attached = await call(api().materialsAttach({ courseId, files: run.sources.map((path) => ({ path })) }));
            updateRun(index, { attached });
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
      set({ text: '', filename: null, sourceFile: null, parsed: null, parseError: null, runs: [] });
    },
  };
});
