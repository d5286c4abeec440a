// A labelled progress bar: the numbers are read out, the bar is decoration.
export function ProgressBar({ value, max, label, tone = 'blue' }: { value: number; max: number; label: string; tone?: 'blue' | 'green' | 'red' | 'grey' | 'purple' | 'amber' }) {
  const pct = max > 0 ? Math.min(100, Math.max(0, (value / max) * 100)) : 0;
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={max || 1} aria-valuenow={Math.min(value, max)}>
      <div className={`progress-fill tone-${tone}-fill`} style={{ width: `${pct}%` }} />
    </div>
  );
}
