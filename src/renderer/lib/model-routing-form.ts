// Settings → Models without React: which local model a routing uses, changing one step, and
// the words for each step, so the page stays a thin view and this is tested in Node.
import { MODEL_STEPS, routingPreset, type LocalModel, type ModelRouting, type ModelStep, type RoutingPreset, type StepRoute } from '../../shared/model-routing';

export const STEP_LABELS: Record<ModelStep, string> = {
  outline: 'Outline options',
  lessons: 'Lessons',
  tasks: 'Tasks',
  summary: 'Summary',
  regenerate: 'Single regenerations',
};

/** The local model the routing uses (the first step on one), to offer for the other steps. */
export function localModelOf(routing: ModelRouting): LocalModel | null {
  for (const step of MODEL_STEPS) {
    const route = routing.steps[step];
    if (route.provider === 'openai-compatible') return route.local;
  }
  return null;
}

/** The routing with `step` on Claude or on `local` (a fresh object: IPC refuses shared references). */
export function withStep(routing: ModelRouting, step: ModelStep, choice: 'claude' | 'local', local: LocalModel | null): ModelRouting {
  if (choice === 'local' && !local) return routing;
  const route: StepRoute = choice === 'claude' || !local ? { provider: 'anthropic' } : { provider: 'openai-compatible', local: { ...local } };
  const steps = Object.fromEntries(MODEL_STEPS.map((s) => [s, s === step ? route : copy(routing.steps[s])])) as Record<ModelStep, StepRoute>;
  return { ...routing, steps };
}

function copy(route: StepRoute): StepRoute {
  return route.provider === 'anthropic' ? { provider: 'anthropic' } : { provider: 'openai-compatible', local: { ...route.local } };
}

/** Which preset a routing is, if it is one (for the pressed state of the preset buttons). */
export function presetOf(routing: ModelRouting): RoutingPreset | null {
  const local = localModelOf(routing);
  const same = (a: ModelRouting, b: ModelRouting) => JSON.stringify(a.steps) === JSON.stringify(b.steps);
  if (same(routing, routingPreset('all-claude', null))) return 'all-claude';
  if (!local) return null;
  if (same(routing, routingPreset('all-local', local))) return 'all-local';
  if (same(routing, routingPreset('draft-local', local))) return 'draft-local';
  return null;
}

/** "qwen2.5:7b on 127.0.0.1:11434", or "Claude": what the wizard shows for a step. */
export function routeLabel(route: StepRoute): string {
  if (route.provider === 'anthropic') return 'Claude';
  let where = route.local.baseUrl;
  try {
    where = new URL(route.local.baseUrl).host;
  } catch {
    // Shown as stored.
  }
  return `${route.local.model} on ${where}`;
}

/** Whether every step runs without Claude (the wizard's "offline" state). */
export function isOffline(routing: ModelRouting): boolean {
  return MODEL_STEPS.every((s) => routing.steps[s].provider !== 'anthropic');
}

/** "1.2 s", "850 ms": how long a test call took. */
export function testTime(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
