// Sync settings: the organisation's Supabase project (URL + anon key, and which
// organisation when an account has several), sign in and out, and where sync stands.
// The password goes to main once; only main keeps the session.
import { useEffect, useState } from 'react';
import { ActionButton } from '../../components/ActionButton';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/InlineError';
import { Badge } from '../../components/StatusBadge';
import { api, call } from '../../lib/api';
import { focusLater } from '../../lib/focus';
import { WORKER_LABELS, syncSummary } from '../../lib/sync-status';
import { useAction } from '../../lib/use-action';
import { useSync } from '../../store/sync';

export function SyncSection() {
  const status = useSync((s) => s.status);
  const replace = useSync((s) => s.replace);
  const [url, setUrl] = useState('');
  const [anonKey, setAnonKey] = useState('');
  const [organizationId, setOrganizationId] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const save = useAction();
  const signIn = useAction();
  const signOut = useAction();
  const syncNow = useAction();

  useEffect(() => {
    void call(api().syncGetConfig()).then((config) => {
      if (!config) return;
      setUrl(config.url);
      setAnonKey(config.anonKey);
      setOrganizationId(config.organizationId ?? '');
    });
  }, []);

  const worker = status ? WORKER_LABELS[status.worker] : null;
  return (
    <section className="card settings-section sync-section" aria-labelledby="sync-title">
      <h2 id="sync-title">Sync to your organisation</h2>
      <p className="muted">
        Published courses are pushed to your organisation’s Supabase backend. Without it the app works the same; courses you publish wait in an outbox and are never lost.
      </p>
      {status && worker && (
        <p className="sync-status-line" role="status" data-testid="sync-status">
          <Badge tone={worker.tone}>{worker.label}</Badge> <span>{syncSummary(status)}</span>
        </p>
      )}

      {/* noValidate: main checks the values and says what is wrong, next to the field. */}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save.run(async () => {
            replace(await call(api().syncConfigure({ url: url.trim(), anonKey: anonKey.trim(), organizationId: organizationId.trim() || null })));
          });
        }}
      >
        <Field label="Project URL" hint="Supabase → Project Settings → API, e.g. https://abcd.supabase.co" error={save.fieldErrors.url}>
          <input type="url" value={url} spellCheck={false} autoComplete="off" placeholder="https://…supabase.co" onChange={(e) => setUrl(e.target.value)} />
        </Field>
        <Field label="Anon (public) key" hint="The project’s public key, safe to share; access is decided by your sign-in." error={save.fieldErrors.anonKey}>
          <input type="text" value={anonKey} spellCheck={false} autoComplete="off" onChange={(e) => setAnonKey(e.target.value)} />
        </Field>
        <Field label="Organisation id (optional)" hint="Only needed when your account belongs to several organisations." error={save.fieldErrors.organizationId}>
          <input type="text" value={organizationId} spellCheck={false} autoComplete="off" onChange={(e) => setOrganizationId(e.target.value)} />
        </Field>
        <div className="form-actions">
          <ActionButton type="submit" className="btn btn-primary" busy={save.pending}>
            {status?.configured ? 'Save sync settings' : 'Turn on sync'}
          </ActionButton>
        </div>
        {Object.keys(save.fieldErrors).length === 0 && <InlineError message={save.error} />}
      </form>

      {status?.configured &&
        (status.account ? (
          <div className="sync-account">
            <p>
              Signed in as <strong>{status.account.email}</strong>
              {status.organization && (
                <>
                  {' '}
                  — publishing to <strong>{status.organization.name}</strong> ({status.organization.role})
                </>
              )}
            </p>
            <div className="form-actions">
              <ActionButton className="btn" data-focus-key="sync-now" busy={syncNow.pending} onClick={() => void syncNow.run(async () => replace(await call(api().syncNow())))}>
                {syncNow.pending ? 'Syncing…' : 'Sync now'}
              </ActionButton>
              <ActionButton
                className="btn"
                busy={signOut.pending}
                onClick={() =>
                  void signOut.run(async () => {
                    replace(await call(api().syncSignOut()));
                    // The sign-in form takes this one's place.
                    focusLater('sync-email');
                  })
                }
              >
                Sign out
              </ActionButton>
              <a href="#/sync">Sync log</a>
            </div>
            <InlineError message={syncNow.error ?? signOut.error} />
          </div>
        ) : (
          <form
            className="sync-sign-in"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void signIn.run(async () => {
                replace(await call(api().syncSignIn({ email: email.trim(), password })));
                setPassword('');
                focusLater('sync-now');
              });
            }}
          >
            <h3>Sign in to the backend</h3>
            <Field label="Email" error={signIn.fieldErrors.email}>
              <input type="email" data-focus-key="sync-email" value={email} autoComplete="username" onChange={(e) => setEmail(e.target.value)} />
            </Field>
            <Field label="Password" error={signIn.fieldErrors.password}>
              <input type="password" value={password} autoComplete="current-password" onChange={(e) => setPassword(e.target.value)} />
            </Field>
            <div className="form-actions">
              <ActionButton type="submit" className="btn btn-primary" busy={signIn.pending}>
                {signIn.pending ? 'Signing in…' : 'Sign in'}
              </ActionButton>
              <a href="#/sync">Sync log</a>
            </div>
            {Object.keys(signIn.fieldErrors).length === 0 && <InlineError message={signIn.error} />}
          </form>
        ))}
    </section>
  );
}
