// Which model each step of this course will use (Settings → Models for each step), and the
// one click to work offline: every step on the local model already chosen there.
import { useEffect, useState } from 'react';
import { MODEL_STEPS, routingPreset, type ModelRouting } from '../../../shared/model-routing';
import { ActionButton } from '../../components/ActionButton';
import { InlineError } from '../../components/InlineError';
import { api, call } from '../../lib/api';
import { isOffline, localModelOf, routeLabel, STEP_LABELS } from '../../lib/model-routing-form';
import { useAction } from '../../lib/use-action';

export function WizardModels() {
  const [routing, setRouting] = useState<ModelRouting | null>(null);
  const offline = useAction();
  useEffect(() => {
    // Best effort: without it the wizard works as before, so a failure stays quiet.
    call(api().modelsGet({}))
      .then((view) => setRouting(view.routing))
      .catch(() => undefined);
  }, []);
  if (!routing) return null;
  const local = localModelOf(routing);
  return (
    <div className="wizard-models" data-testid="wizard-models">
      <span className="muted">Models: </span>
      {MODEL_STEPS.filter((s) => s !== 'regenerate')
        .map((s) => `${STEP_LABELS[s]} — ${routeLabel(routing.steps[s])}`)
        .join(' · ')}
      {isOffline(routing) ? (
        <span className="muted"> (offline: nothing leaves this machine)</span>
      ) : local ? (
        <ActionButton
          className="btn btn-ghost"
          busy={offline.pending}
          onClick={() => void offline.run(async () => setRouting((await call(api().modelsSetRouting(routingPreset('all-local', local, routing.localRequestLimit)))).routing))}
        >
          Work offline
        </ActionButton>
      ) : (
        <a className="btn btn-ghost" href="#/settings">
          Set up a local model
        </a>
      )}
      <InlineError message={offline.error} />
    </div>
  );
}
