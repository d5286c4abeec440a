// The four charts of the Insights page (recharts: SVG, so colours come from the theme's CSS
// variables and follow light and dark; the numbers show on hover and in the tables below).
// Each chart has a text alternative naming what it shows; the tables carry every number.
import { useLayoutEffect, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { Insights } from '../../../shared/insights';
import { bucketLabel, dayLabel, formatMs, formatUsd, stepLabel } from '../../lib/insights-format';

const AXIS = { fill: 'var(--text-muted)', fontSize: 12 };
const TOOLTIP = {
  contentStyle: { background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 'var(--radius-sm)', color: 'var(--text)', fontSize: 13 },
  labelStyle: { color: 'var(--text)', fontWeight: 600 },
  itemStyle: { color: 'var(--text)' },
  cursor: { fill: 'var(--surface-3)', opacity: 0.6 },
};
const HEIGHT = 220;

/**
 * `draw` false: the card, its title and its text alternative only, the body's room kept;
 * the page draws its charts one per frame so the first shows without waiting for the rest.
 */
function ChartCard({ title, summary, testId, draw, children }: { title: string; summary: string; testId: string; draw: boolean; children: ReactNode }) {
  return (
    <figure className="card insights-chart" data-testid={testId}>
      <figcaption>
        <h2>{title}</h2>
        <p className="visually-hidden">{summary}</p>
      </figcaption>
      <div className="insights-chart-body" aria-hidden="true">
        {draw ? children : null}
      </div>
    </figure>
  );
}

/**
 * The chart at its box's width. Recharts' ResponsiveContainer learns the width from a
 * ResizeObserver callback and draws in the render after it, a frame late; measured in a
 * layout effect, the chart is in the page's first paint. Resizes still follow the box.
 */
function FitWidth({ children }: { children: (width: number) => ReactElement }) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    setWidth(Math.floor(element.clientWidth));
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={box} style={{ width: '100%', height: HEIGHT }}>
      {width > 0 ? children(width) : null}
    </div>
  );
}

function Empty({ text }: { text: string }) {
  return <p className="muted insights-chart-empty">{text}</p>;
}

export function CostPerDayChart({ daily, draw = true }: { daily: Insights['daily']; draw?: boolean }) {
  const data = daily.map((d) => ({ day: dayLabel(d.day), cost: d.costUsd }));
  const total = daily.reduce((s, d) => s + d.costUsd, 0);
  return (
    <ChartCard title="Cost per day" summary={`${formatUsd(total)} over ${daily.length} days; every day is in the table below.`} testId="chart-cost" draw={draw}>
      {data.length === 0 ? (
        <Empty text="No model calls in this period." />
      ) : (
        <FitWidth>
          {(width) => (
            <BarChart width={width} height={HEIGHT} data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="var(--border)" vertical={false} />
              <XAxis dataKey="day" tick={AXIS} stroke="var(--border-strong)" />
              <YAxis tick={AXIS} stroke="var(--border-strong)" tickFormatter={(v: number) => formatUsd(v)} width={64} />
              <Tooltip {...TOOLTIP} formatter={(v) => [formatUsd(Number(v)), 'Cost']} />
              <Bar dataKey="cost" name="Cost" fill="var(--accent)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
            </BarChart>
          )}
        </FitWidth>
      )}
    </ChartCard>
  );
}

export function OutcomesPerDayChart({ daily, draw = true }: { daily: Insights['daily']; draw?: boolean }) {
  const data = daily.filter((d) => d.completed + d.failed + d.cancelled > 0).map((d) => ({ ...d, day: dayLabel(d.day) }));
  const sum = (k: 'completed' | 'failed' | 'cancelled') => daily.reduce((s, d) => s + d[k], 0);
  return (
    <ChartCard
      title="Completions and failures per day"
      summary={`${sum('completed')} completed, ${sum('failed')} failed, ${sum('cancelled')} cancelled.`}
      testId="chart-outcomes" draw={draw}
    >
      {data.length === 0 ? (
        <Empty text="No job ended in this period." />
      ) : (
        <FitWidth>
          {(width) => (
            <BarChart width={width} height={HEIGHT} data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="var(--border)" vertical={false} />
              <XAxis dataKey="day" tick={AXIS} stroke="var(--border-strong)" />
              <YAxis tick={AXIS} stroke="var(--border-strong)" allowDecimals={false} width={40} />
              <Tooltip {...TOOLTIP} />
              <Legend wrapperStyle={{ fontSize: 12, color: 'var(--text-muted)' }} />
              <Bar dataKey="completed" name="Completed" stackId="jobs" fill="var(--success)" isAnimationActive={false} />
              <Bar dataKey="failed" name="Failed" stackId="jobs" fill="var(--danger)" isAnimationActive={false} />
              <Bar dataKey="cancelled" name="Cancelled" stackId="jobs" fill="var(--text-faint)" isAnimationActive={false} />
            </BarChart>
          )}
        </FitWidth>
      )}
    </ChartCard>
  );
}

export function DurationChart({ durations, draw = true }: { durations: Insights['durations']; draw?: boolean }) {
  const data = durations.distribution.map((b) => ({ bucket: bucketLabel(b.fromMs, b.toMs), jobs: b.count }));
  const c = durations.course;
  return (
    <ChartCard
      title="Time to complete a course"
      summary={`${c.count} courses completed; P50 ${formatMs(c.p50Ms)}, P95 ${formatMs(c.p95Ms)}, P99 ${formatMs(c.p99Ms)} of active time.`}
      testId="chart-durations" draw={draw}
    >
      {data.length === 0 ? (
        <Empty text="No course completed in this period." />
      ) : (
        <FitWidth>
          {(width) => (
            <BarChart width={width} height={HEIGHT} data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="var(--border)" vertical={false} />
              <XAxis dataKey="bucket" tick={AXIS} stroke="var(--border-strong)" interval="preserveStartEnd" tickFormatter={(v: string) => v.split(' – ')[0]!} />
              <YAxis tick={AXIS} stroke="var(--border-strong)" allowDecimals={false} width={40} />
              <Tooltip {...TOOLTIP} formatter={(v) => [String(v), 'Courses']} />
              <Bar dataKey="jobs" name="Courses" fill="var(--accent)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
            </BarChart>
          )}
        </FitWidth>
      )}
    </ChartCard>
  );
}

export function FailuresByStepChart({ byStep, draw = true }: { byStep: Insights['failures']['byStep']; draw?: boolean }) {
  const data = byStep.map((s) => ({ step: stepLabel(s.step), failed: s.count }));
  return (
    <ChartCard title="Failures by step" summary={data.map((d) => `${d.step}: ${d.failed}`).join(', ') || 'No failures.'} testId="chart-failures" draw={draw}>
      {data.length === 0 ? (
        <Empty text="No job failed in this period." />
      ) : (
        <FitWidth>
          {(width) => (
            <BarChart width={width} height={HEIGHT} data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="var(--border)" horizontal={false} />
              <XAxis type="number" tick={AXIS} stroke="var(--border-strong)" allowDecimals={false} />
              <YAxis type="category" dataKey="step" tick={AXIS} stroke="var(--border-strong)" width={110} />
              <Tooltip {...TOOLTIP} formatter={(v) => [String(v), 'Failed jobs']} />
              <Bar dataKey="failed" name="Failed jobs" fill="var(--danger)" radius={[0, 3, 3, 0]} isAnimationActive={false} />
            </BarChart>
          )}
        </FitWidth>
      )}
    </ChartCard>
  );
}
