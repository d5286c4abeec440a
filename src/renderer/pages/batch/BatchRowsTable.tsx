// The imported rows with their line numbers, how many source files each names and, once
// running, each row's progress and which of its sources could not be read (with the reason).
// Long imports show the first rows; failures are always all listed.
import type { BatchRun, RowState } from '../../store/batch';
import { Badge } from '../../components/StatusBadge';
import type { Tone } from '../../lib/status';

const SHOWN = 200;
const STATE_BADGES: Record<RowState, { label: string; tone: Tone }> = {
  waiting: { label: 'Waiting', tone: 'grey' },
  creating: { label: 'Creating', tone: 'blue' },
  attaching: { label: 'Reading sources', tone: 'blue' },
  generating: { label: 'Writing outlines', tone: 'blue' },
  done: { label: 'Outlines ready', tone: 'green' },
  failed: { label: 'Failed', tone: 'red' },
};

export function BatchRowsTable({ runs }: { runs: BatchRun[] }) {
  const failedBeyond = runs.slice(SHOWN).filter((r) => r.state === 'failed');
  return (
    <div className="batch-rows">
      <table className="simple-table">
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Topic</th>
            <th scope="col">Audience</th>
            <th scope="col">Level</th>
            <th scope="col">Projects</th>
            <th scope="col">Language</th>
            <th scope="col">Sources</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {[...runs.slice(0, SHOWN), ...failedBeyond].map((run) => (
            <tr key={run.line} data-line={run.line}>
              <td className="cell-num">{run.line}</td>
              <td>{run.topic.topic}</td>
              <td>{run.topic.audience}</td>
              <td>{run.topic.level}</td>
              <td className="cell-num">{run.topic.projects}</td>
              <td>{run.topic.language}</td>
              <td className="batch-sources" data-testid="row-sources">
                <SourcesCell run={run} />
              </td>
              <td>
                <Badge tone={STATE_BADGES[run.state].tone}>{STATE_BADGES[run.state].label}</Badge>
                {run.error && <span className="row-error">{run.error}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {runs.length > SHOWN && <p className="muted">Showing the first {SHOWN} of {runs.length} topics{failedBeyond.length ? ' and every failure' : ''}.</p>}
    </div>
  );
}

/** "2 files" before; "2 of 3 read" after, each file that was not with its reason. */
function SourcesCell({ run }: { run: BatchRun }) {
  if (run.sources.length === 0) return <span className="muted">—</span>;
  const names = run.sources.map((path) => path.split(/[\\/]/).pop() ?? path);
  if (!run.attached) return <span title={names.join('\n')}>{run.sources.length === 1 ? '1 file' : `${run.sources.length} files`}</span>;
  const failed = run.attached.filter((r) => !r.ok);
  return (
    <>
      <span title={names.join('\n')}>
        {run.attached.length - failed.length} of {run.attached.length} read
      </span>
      {failed.length > 0 && (
        <ul className="row-error source-failures">
          {failed.map((r, i) => (
            <li key={`${r.fileName}-${i}`}>{r.ok ? null : r.error.message}</li>
          ))}
        </ul>
      )}
    </>
  );
}
