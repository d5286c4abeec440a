// The privacy sentence, said before anything is sent: the rule (Claude: sent to Anthropic;
// a local model: never), and which applies now, read from Settings → Models as WizardModels
// reads it. Re-read when the window regains focus, as Settings may have changed meanwhile.
import { useEffect, useState } from 'react';
import type { ModelRouting } from '../../../shared/model-routing';
import { api, call } from '../../lib/api';
import { PRIVACY_RULE, privacyNow } from '../../lib/materials-text';

export function MaterialsPrivacy() {
  const [routing, setRouting] = useState<ModelRouting | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      call(api().modelsGet({}))
        .then((view) => live && setRouting(view.routing))
        // Unknown: the sentence then points at Settings → Models instead of guessing.
        .catch(() => undefined);
    void load();
    window.addEventListener('focus', load);
    return () => {
      live = false;
      window.removeEventListener('focus', load);
    };
  }, []);
  const now = privacyNow(routing);
  return (
    <p className={`materials-privacy is-${now.tone}`} data-testid="materials-privacy">
      <strong>Privacy:</strong> {PRIVACY_RULE} {now.text}{' '}
      <a href="#/settings">Settings → Models</a>
    </p>
  );
}
