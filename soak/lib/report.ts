// What every soak part hands back: the figures it measured (printed as a table, stored in
// the results file) and the checks that must hold. A part never throws for a failed check:
// it reports it, so one run shows every failure at once and the tests can print them.

export interface Check {
  name: string;
  ok: boolean;
  /** What was measured, so a failure reads without rerunning. */
  detail: string;
}

export type Figure = string | number | boolean | null;

export interface PartResult {
  part: number;
  title: string;
  /** The settings the part ran with (sizes, rates, durations). */
  params: Record<string, Figure>;
  /** Label → value, in print order. */
  figures: [string, Figure][];
  checks: Check[];
  /** Findings worth reading that are not pass/fail (what was not possible here, and why). */
  notes: string[];
  durationMs: number;
}

export function check(name: string, ok: boolean, detail: string): Check {
  return { name, ok, detail };
}

export function failedChecks(result: PartResult): string[] {
  return result.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
}

/** Runs a part's cases in order; a case that throws becomes a failed check, and the next case still runs. */
export async function runCases(cases: (() => Promise<Pick<PartResult, 'figures' | 'checks' | 'notes'>>)[], out: Pick<PartResult, 'figures' | 'checks' | 'notes'>): Promise<void> {
  for (const run of cases) {
    try {
      const result = await run();
      out.figures.push(...result.figures);
      out.checks.push(...result.checks);
      out.notes.push(...result.notes);
    } catch (error) {
      out.checks.push(check('case ran to the end', false, error instanceof Error ? (error.stack ?? error.message) : String(error)));
    }
  }
}

/** Runs a part's body with a timer; an unexpected throw becomes a failed check instead of a crash of the whole soak. */
export async function timedPart(
  part: number,
  title: string,
  params: Record<string, Figure>,
  body: (out: Omit<PartResult, 'part' | 'title' | 'params' | 'durationMs'>) => Promise<void>,
): Promise<PartResult> {
  const started = performance.now();
  const out = { figures: [] as [string, Figure][], checks: [] as Check[], notes: [] as string[] };
  try {
    await body(out);
  } catch (error) {
    out.checks.push(check('part ran to the end', false, error instanceof Error ? (error.stack ?? error.message) : String(error)));
  }
  return { part, title, params, ...out, durationMs: Math.round(performance.now() - started) };
}

const show = (value: Figure): string => (value === null ? '—' : typeof value === 'number' ? formatNumber(value) : String(value));

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toFixed(3);
}

/** A plain two-column table (aligned text), then each check with ✓ or ✗. */
export function formatPart(result: PartResult): string {
  const rows: [string, string][] = result.figures.map(([label, value]) => [label, show(value)]);
  const width = Math.max(8, ...rows.map(([label]) => label.length));
  const valueWidth = Math.max(5, ...rows.map(([, value]) => value.length));
  const line = `+${'-'.repeat(width + 2)}+${'-'.repeat(valueWidth + 2)}+`;
  const out = [
    `Part ${result.part}: ${result.title}  (${(result.durationMs / 1000).toFixed(1)} s)`,
    line,
    ...rows.map(([label, value]) => `| ${label.padEnd(width)} | ${value.padStart(valueWidth)} |`),
    line,
    ...result.checks.map((c) => `  ${c.ok ? '✓' : '✗'} ${c.name}${c.ok ? '' : ` — ${c.detail}`}`),
    ...result.notes.map((n) => `  note: ${n}`),
  ];
  return out.join('\n');
}

/** The same table in Markdown, for docs/RELIABILITY.md. */
export function markdownPart(result: PartResult): string {
  const out = [
    `### Part ${result.part}: ${result.title}`,
    '',
    `Ran ${(result.durationMs / 1000).toFixed(1)} s${
      Object.keys(result.params).length === 0
        ? ''
        : ` with ${Object.entries(result.params)
            .map(([k, v]) => `${k} = ${show(v)}`)
            .join(', ')}`
    }.`,
    '',
    '| Figure | Value |',
    '| --- | ---: |',
    ...result.figures.map(([label, value]) => `| ${label} | ${show(value).replace(/\|/g, '\\|')} |`),
    '',
    ...result.checks.map((c) => `- ${c.ok ? '✅' : '❌'} ${c.name}${c.ok ? '' : ` — ${c.detail.replace(/\n/g, ' ')}`}`),
    ...result.notes.map((n) => `- Note: ${n}`),
  ];
  return out.join('\n');
}
