// The imported rows with their line numbers and, once running, each row's progress. Long
// imports show the first rows; failures are always all listed.
import type { BatchRun, RowState } from '../../store/batch';
import { Badge } from '../../components/StatusBadge';
import type { Tone } from '../../lib/status';

const SHOWN = 200;
const STATE_BADGES: Record<RowState, { label: string; tone: Tone }> = {
  waiting: { label: 'Waiting', tone: 'grey' },
  creating: { label: 'Creating', tone: 'blue' },
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
