// The cost estimate shown before anything is queued (issue 14): the calls counted from each
// outline (calls.ts), their input tokens approximated from the text they send
// (calibration.ts), their output tokens from this database's history (history.ts,
// output-model.ts), the prompt cache applied, then priced at standard and at batch prices
// (ai/pricing.ts). It reads the store only: no model call, nothing paid.
//
// The cache: each kind of call shares its system prompt across jobs (read from the cache),
// and every generation call of a job shares the approved outline, which the first call of
// each kind writes and the others read (the system prompt differs by kind, so the cached
// prefix does too). Once the history has calls of a kind, their measured split of input
// between uncached, cache reads and cache writes is used instead: it knows about cache
// entries that expired, calls sent together before the first had written, and prompts
// below the model's minimum cacheable length.
import type { Outline, TopicInput } from '../../shared/domain';
import type { CostEstimate, Range, ServiceTier } from '../../shared/economy';
import type { ModelRouting } from '../../shared/model-routing';
import { MAX_PROJECTS, MIN_PROJECTS } from '../../shared/schemas';
import { DEFAULT_MAX_TOKENS, resolveStructuredOutputMode } from '../ai/config';
import { readPreferences } from '../core/app-settings';
import { costOf } from '../ai/pricing';
import type { Store } from '../db/store';
import { NotFoundError } from '../errors';
import { groundCourse, type Grounding } from '../generation/grounding';
import { DEFAULT_OUTLINE_OPTIONS } from '../generation/outline-options';
import type { QuizShape } from '../generation/units';
import { planCourse, planOutlineOptions, type CallKind, type PlannedCall } from './calls';
import { largestCallTokens } from './context-need';
import { calibrate, sentChars, TURN_OVERHEAD_TOKENS, type Calibration } from './calibration';
import { readHistory, type History } from './history';
import { outputModel, type OutputModel } from './output-model';
import { standInOutline } from './topic-outline';

/** Input tokens are an approximation: ±20 % until it is measured on this database, ±5 % after. */
const INPUT_SPREAD = { default: 0.2, measured: 0.05 };

type Scenario = keyof Range;
const SCENARIOS: Scenario[] = ['low', 'expected', 'high'];

interface Usage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/** What the estimate knows before it looks at any course: read once per estimate. */
export interface EstimateBasis {
  model: string;
  history: History;
  output: OutputModel;
  calibration: Calibration;
  mode: ReturnType<typeof resolveStructuredOutputMode>;
  /** The quiz each lesson's tasks call asks for (Settings → Quizzes). */
  quiz: QuizShape;
  /** Kinds of call routed to a local model server: counted, but $0. */
  local?: ReadonlySet<CallKind>;
}

/** The call kinds a routing sends to a local server ('finalize' is the routing's 'summary' step). */
export function localKinds(routing: ModelRouting | null | undefined): ReadonlySet<CallKind> {
  if (!routing) return new Set();
  const kinds: [CallKind, keyof ModelRouting['steps']][] = [
    ['outline', 'outline'],
    ['lessons', 'lessons'],
    ['tasks', 'tasks'],
    ['finalize', 'summary'],
  ];
  return new Set(kinds.filter(([, step]) => routing.steps[step].provider !== 'anthropic').map(([kind]) => kind));
}

export function estimateBasis(store: Store, model: string, routing?: ModelRouting | null): EstimateBasis {
  const mode = resolveStructuredOutputMode(model);
  const history = readHistory(store);
  const quiz = readPreferences(store).quiz;
  return { model, history, output: outputModel(history), calibration: calibrate(store, mode, quiz), mode, quiz, local: localKinds(routing) };
}

/** One call's tokens in one scenario. */
export function callUsage(call: PlannedCall, basis: EstimateBasis, scenario: Scenario): Usage {
  const cpt = basis.calibration.charsPerToken;
  const spread = basis.calibration.measured ? INPUT_SPREAD.measured : INPUT_SPREAD.default;
  const scale = scenario === 'low' ? 1 - spread : scenario === 'high' ? 1 + spread : 1;
  const lesson = call.lessonFromOutput ? basis.output.lessons[scenario] : 0;
  const total = (sentChars(call) / cpt) * scale + TURN_OVERHEAD_TOKENS + lesson;
  const output = basis.output[call.kind][scenario] * call.units;
  const measured = basis.history.split[call.kind];
  if (measured && basis.output[call.kind].fromHistory) {
    return { input: total * (1 - measured.read - measured.write), output, cacheRead: total * measured.read, cacheWrite: total * measured.write };
  }
  const prefix = (call.prefixChars / cpt) * scale;
  const context = (call.contextChars / cpt) * scale;
  const cacheRead = prefix + (call.firstOfKind ? 0 : context);
  const cacheWrite = call.firstOfKind ? context : 0;
  return { input: total - cacheRead - cacheWrite, output, cacheRead, cacheWrite };
}

/** The calls one course still needs from scratch: its outline's, or a topic's options and stand-in outline. */
function planFor(store: Store, courseId: string, basis: EstimateBasis): PlannedCall[] {
  const course = store.courses.get(courseId);
  if (!course) throw new NotFoundError(`No course with id ${courseId}.`);
  const outline: Outline | null = course.outline ?? store.courses.options(courseId)[0]?.outline ?? null;
  // The course's materials as its job would send them to Claude (whole and cached, or passages per call).
  const projects = Math.min(MAX_PROJECTS, Math.max(MIN_PROJECTS, outline?.projects.length ?? course.topic.projects));
  const grounding = store.materials.forCourse(courseId).some((m) => !m.error)
    ? groundCourse(store, courseId, {
        reservedTokens: largestCallTokens(basis.quiz, projects),
        answerTokens: DEFAULT_MAX_TOKENS,
        charsPerToken: basis.calibration.charsPerToken,
        // The estimate prices the PDFs' pages, not their bytes: nothing is read.
        readPdf: course.topic.pdfAsPages ? () => new Uint8Array(0) : undefined,
      })
    : null;
  if (outline) return planCourse(outline, basis.mode, basis.quiz, undefined, grounding);
  return planTopic(course.topic, basis, DEFAULT_OUTLINE_OPTIONS, grounding);
}

function planTopic(topic: TopicInput, basis: EstimateBasis, options: number, grounding: Grounding | null = null): PlannedCall[] {
  return [
    ...planOutlineOptions(topic, options, basis.mode, grounding),
    ...planCourse(standInOutline(topic, basis.history.outlines), basis.mode, basis.quiz, undefined, grounding),
  ];
}

function basisText(history: History, output: OutputModel): CostEstimate['basis'] {
  const n = history.pastCourses;
  const known = output.lessons.fromHistory && output.tasks.fromHistory;
  if (n > 0 && known) return { pastCourses: n, text: `based on ${n} past course${n === 1 ? '' : 's'}` };
  return { pastCourses: n, text: 'no history yet: rough' };
}

const round = (r: Range, digits: number): Range => {
  const f = 10 ** digits;
  return { low: Math.round(r.low * f) / f, expected: Math.round(r.expected * f) / f, high: Math.round(r.high * f) / f };
};

export function summarize(calls: PlannedCall[], courses: number, basis: EstimateBasis): CostEstimate {
  const zero = (): Range => ({ low: 0, expected: 0, high: 0 });
  const inputTokens = zero();
  const outputTokens = zero();
  const standardUsd = zero();
  const economyUsd = zero();
  for (const call of calls) {
    for (const s of SCENARIOS) {
      const u = callUsage(call, basis, s);
      inputTokens[s] += u.input + u.cacheRead + u.cacheWrite;
      outputTokens[s] += u.output;
      const provider = basis.local?.has(call.kind) ? 'openai-compatible' : 'anthropic';
      standardUsd[s] += costOf(basis.model, u, 'standard', provider);
      // A local step runs live whatever the job's mode: $0 either way.
      economyUsd[s] += costOf(basis.model, u, 'batch', provider);
    }
  }
  return {
    courses,
    calls: calls.length,
    inputTokens: round(inputTokens, 0),
    outputTokens: round(outputTokens, 0),
    standardUsd: round(standardUsd, 4),
    economyUsd: round(economyUsd, 4),
    basis: basisText(basis.history, basis.output),
    model: basis.model,
  };
}

/** Expected tokens and cost of generating these courses (their outline options too, for one that has none yet). */
export function estimateCourses(store: Store, courseIds: readonly string[], model: string, routing?: ModelRouting | null): CostEstimate {
  const basis = estimateBasis(store, model, routing);
  const ids = [...new Set(courseIds)];
  return summarize(ids.flatMap((id) => planFor(store, id, basis)), ids.length, basis);
}

/** Topics with no outline yet (a CSV about to be queued): their outline options and generation, modelled. */
export function estimateTopics(store: Store, topics: readonly TopicInput[], model: string, options = DEFAULT_OUTLINE_OPTIONS, routing?: ModelRouting | null): CostEstimate {
  const basis = estimateBasis(store, model, routing);
  return summarize(topics.flatMap((t) => planTopic(t, basis, options)), topics.length, basis);
}

/**
 * The expected cost of one call of each kind at `tier`: what a call in flight reserves
 * against a budget (runner/budget.ts). From the history's mean successful call of that kind
 * when there is one; otherwise the mean planned call of a typical course (the stand-in
 * outline of a 5-project topic).
 */
export function expectedCallUsd(store: Store, model: string, tier: ServiceTier): Record<CallKind, number> {
  const basis = estimateBasis(store, model);
  const typical: TopicInput = { topic: 'typical', audience: 'general learners', level: 'beginner', projects: 5, language: 'English', notes: '' };
  const calls = planTopic(typical, basis, 1);
  const out = {} as Record<CallKind, number>;
  for (const kind of ['outline', 'lessons', 'tasks', 'finalize'] as const) {
    const mean = basis.history.meanCall[kind];
    if (mean) {
      out[kind] = costOf(model, mean, tier);
      continue;
    }
    const ofKind = calls.filter((c) => c.kind === kind);
    out[kind] = ofKind.reduce((n, c) => n + costOf(model, callUsage(c, basis, 'expected'), tier), 0) / ofKind.length;
  }
  return out;
}
