// Which model to use and how: checked as typed, saved together. The models come from the
// account's Models API once a key is set (retiring ones with their dates); typed by hand
// without a key, or when the list cannot be read.
import { useEffect, useState } from 'react';
import type { SettingsView } from '../../../shared/ipc-contract';
import type { ClaudeModelView } from '../../../shared/model-routing';
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
  const [claudeModels, setClaudeModels] = useState<ClaudeModelView[] | null>(null);

  useEffect(() => {
    if (!settings.apiKeySet) return setClaudeModels(null);
    let live = true;
    call(api().claudeModelsList({}))
      .then((models) => live && setClaudeModels(models.length > 0 ? models : null))
      // The free-text field stays: a proxy without /v1/models, or offline.
      .catch(() => live && setClaudeModels(null));
    return () => {
      live = false;
    };
  }, [settings.apiKeySet, settings.baseURL]);

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
            {claudeModels ? (
              <select value={draft.model} onChange={(e) => set('model', e.target.value)}>
                {!claudeModels.some((m) => m.id === draft.model) && <option value={draft.model}>{draft.model} (not in your account's list)</option>}
                {claudeModels.map((m) => (
                  <option key={m.id} value={m.id} disabled={m.lifecycle === 'retired' && m.id !== draft.model}>
                    {claudeModelLabel(m)}
                  </option>
                ))}
              </select>
            ) : (
              <input type="text" value={draft.model} onChange={(e) => set('model', e.target.value)} />
            )}
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

/** "Claude Haiku 4.5 (claude-haiku-4-5) — retires 2027-04-01". */
function claudeModelLabel(m: ClaudeModelView): string {
  const name = m.name === m.id ? m.id : `${m.name} (${m.id})`;
  if (m.lifecycle === 'retired') return `${name} — retired${m.retiresAt ? ` ${m.retiresAt}` : ''}`;
  if (m.retiresAt) return `${name} — retires ${m.retiresAt}`;
  return m.lifecycle === 'deprecated' ? `${name} — deprecated` : name;
}
