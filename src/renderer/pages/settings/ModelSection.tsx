// Which model to use and how: checked as typed, saved together.
import { useEffect, useState } from 'react';
import type { SettingsView } from '../../../shared/ipc-contract';
import { ActionButton } from '../../components/ActionButton';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/InlineError';
import { api, call } from '../../lib/api';
import { focusLater } from '../../lib/focus';
import { checkModelDraft, modelDraftFrom, type ModelDraft } from '../../lib/settings-form';
import { useAction } from '../../lib/use-action';
import { useSettings } from '../../store/settings';
import { toast } from '../../store/toasts';

export function ModelSection({ settings }: { settings: SettingsView }) {
  const [draft, setDraft] = useState<ModelDraft>(() => modelDraftFrom(settings));
  const [dirty, setDirty] = useState(false);
  const save = useAction();
  const replace = useSettings((s) => s.replace);
  const { values, errors } = checkModelDraft(draft);

  useEffect(() => {
    if (!dirty) setDraft(modelDraftFrom(settings));
  }, [settings, dirty]);

  const set = (key: keyof ModelDraft, value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setDirty(true);
  };
  const errorFor = (key: keyof ModelDraft) => errors[key] ?? save.fieldErrors[key];

  return (
    <section className="card settings-section" aria-labelledby="model-title">
      <h2 id="model-title">Model</h2>
      {settings.modelNotice && (
        <p className="warning-box" role="note">
          {settings.modelNotice}
        </p>
      )}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!values) return;
          void save.run(async () => {
            replace(await call(api().settingsUpdate(values)));
            setDirty(false);
            toast({ tone: 'success', title: 'Model settings saved' });
          });
        }}
      >
        <div className="form-grid">
          <Field label="Model" error={errorFor('model')}>
            <input type="text" value={draft.model} onChange={(e) => set('model', e.target.value)} />
          </Field>
          <Field label="Max tokens per request" error={errorFor('maxTokens')}>
            <input type="number" min={256} max={64000} step={256} value={draft.maxTokens} onChange={(e) => set('maxTokens', e.target.value)} />
          </Field>
          <Field label="Base URL" hint="Leave empty for Anthropic's API. For a proxy or gateway." error={errorFor('baseURL')}>
            <input type="url" value={draft.baseURL} placeholder="https://api.anthropic.com" onChange={(e) => set('baseURL', e.target.value)} />
          </Field>
        </div>
        <InlineError message={Object.keys(save.fieldErrors).length === 0 ? save.error : null} />
        <div className="form-actions">
          <ActionButton type="submit" className="btn btn-primary" data-focus-key="model-save" busy={save.pending} unavailable={!dirty || !values}>
            Save model settings
          </ActionButton>
          {dirty && (
            <button
              type="button"
              className="btn btn-ghost"
              onClick={() => {
                setDirty(false);
                setDraft(modelDraftFrom(settings));
                save.clear();
                // This button goes with the changes.
                focusLater('model-save');
              }}
            >
              Discard changes
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
