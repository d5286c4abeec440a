// The Anthropic API key: set, replace, remove, test. The key goes to main and never comes
// back; the form clears once it is stored. Buttons keep focus while their command runs.
import { useState } from 'react';
import type { SettingsView } from '../../../shared/ipc-contract';
import { ActionButton } from '../../components/ActionButton';
import { ConfirmButton } from '../../components/ConfirmButton';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/InlineError';
import { api, call } from '../../lib/api';
import { focusLater } from '../../lib/focus';
import { useAction } from '../../lib/use-action';
import { useSettings } from '../../store/settings';

export function ApiKeySection({ settings }: { settings: SettingsView }) {
  const [key, setKey] = useState('');
  const save = useAction();
  const remove = useAction();
  const test = useAction();
  const [testResult, setTestResult] = useState<{ ok: boolean; message: string } | null>(null);
  const replace = useSettings((s) => s.replace);

  return (
    <section className="card settings-section" aria-labelledby="key-title">
      <h2 id="key-title">Anthropic API key</h2>
      <p className="key-status" role="status">
        {settings.apiKeySet ? (
          <>
            <span className="dot dot-green" aria-hidden="true" /> A key is set.
          </>
        ) : (
          <>
            <span className="dot dot-red" aria-hidden="true" /> No key yet: generation waits until you add one.
          </>
        )}
      </p>
      {settings.secretStorage === 'plaintext' && (
        <p className="warning-box" role="note">
          This system has no keychain Course Studio can use, so the key is stored only obfuscated in the data folder. Anyone with access to your user account can read it.
        </p>
      )}
      {settings.secretStorage === 'unavailable' && (
        <p className="warning-box" role="note">
          The key cannot be stored on this system; it is kept only until the app closes.
        </p>
      )}
      <form
        className="key-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save.run(async () => {
            if (key.trim() === '') throw new Error('Paste the API key first.');
            replace(await call(api().apiKeySet({ key: key.trim() })));
            setKey('');
            setTestResult(null);
          });
        }}
      >
        <Field label={settings.apiKeySet ? 'Replace the key' : 'API key'} hint="Starts with sk-ant-. It is never shown again after saving." error={save.fieldErrors.key}>
          <input type="password" data-focus-key="api-key-input" value={key} autoComplete="off" spellCheck={false} placeholder="sk-ant-…" onChange={(e) => setKey(e.target.value)} />
        </Field>
        <div className="form-actions">
          <ActionButton type="submit" className="btn btn-primary" busy={save.pending}>
            {settings.apiKeySet ? 'Replace key' : 'Save key'}
          </ActionButton>
          <ActionButton
            className="btn"
            busy={test.pending}
            unavailable={!settings.apiKeySet}
            onClick={() =>
              void test.run(async () => {
                setTestResult(null);
                setTestResult(await call(api().apiKeyTest()));
              })
            }
          >
            {test.pending ? 'Testing…' : 'Test connection'}
          </ActionButton>
          {settings.apiKeySet && (
            <ConfirmButton
              label="Remove key"
              confirmLabel="Remove the key?"
              busy={remove.pending}
              onConfirm={() =>
                void remove.run(async () => {
                  replace(await call(api().apiKeyClear()));
                  setTestResult(null);
                  // The button goes with the key: the field for a new one is next.
                  focusLater('api-key-input');
                })
              }
            />
          )}
        </div>
        {!save.fieldErrors.key && <InlineError message={save.error} />}
        <InlineError message={remove.error ?? test.error} />
        {testResult && (
          <p className={testResult.ok ? 'success-note' : 'inline-error'} role={testResult.ok ? 'status' : 'alert'}>
            {testResult.ok ? '✓ ' : ''}
            {testResult.message}
          </p>
        )}
      </form>
    </section>
  );
}
