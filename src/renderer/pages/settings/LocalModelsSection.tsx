// Settings → Models: which model each step uses, Claude or a model on a local server. The
// servers on their usual ports are looked for when the page opens (each for 1.5 s at most,
// in main, never holding the page up); a server elsewhere is added by its base URL and key.
import { useEffect, useState } from 'react';
import { MODEL_STEPS, ROUTING_PRESETS, ROUTING_PRESET_LABELS, routingPreset, type DetectedServerView, type LocalModel, type LocalModelInfo, type ModelRouting, type ModelTestView } from '../../../shared/model-routing';
import { ActionButton } from '../../components/ActionButton';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/InlineError';
import { api, call, errorMessage } from '../../lib/api';
import { localModelOf, presetOf, STEP_LABELS, testTime, withStep } from '../../lib/model-routing-form';
import { useAction } from '../../lib/use-action';
import { toast } from '../../store/toasts';

interface ServerDraft {
  baseUrl: string;
  apiKey: string;
  model: string;
  server: LocalModel['server'];
}

const EMPTY_SERVER: ServerDraft = { baseUrl: 'http://127.0.0.1:11434/v1', apiKey: '', model: '', server: null };

function draftFrom(local: LocalModel | null): ServerDraft {
  return local ? { baseUrl: local.baseUrl, apiKey: local.apiKey ?? '', model: local.model, server: local.server } : EMPTY_SERVER;
}

export function LocalModelsSection() {
  const [routing, setRouting] = useState<ModelRouting | null>(null);
  const [saved, setSaved] = useState<ModelRouting | null>(null);
  const [servers, setServers] = useState<DetectedServerView[] | null>(null);
  const [server, setServer] = useState<ServerDraft>(EMPTY_SERVER);
  const [models, setModels] = useState<LocalModelInfo[]>([]);
  const [tested, setTested] = useState<ModelTestView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const save = useAction();
  const list = useAction();
  const test = useAction();
  const detect = useAction();

  const lookForServers = () =>
    void detect.run(async () => {
      setServers(null);
      const found = await call(api().localModelsDetect({}));
      setServers(found);
      return found;
    });

  useEffect(() => {
    call(api().modelsGet({}))
      .then((view) => {
        setRouting(view.routing);
        setSaved(view.routing);
        setServer(draftFrom(localModelOf(view.routing)));
      })
      .catch((e: unknown) => setLoadError(errorMessage(e)));
    // Once, when the section opens.
    lookForServers();
  }, []);

  if (loadError) return <InlineError message={loadError} />;
  if (!routing || !saved) return null;

  const local: LocalModel | null = server.model.trim() ? { baseUrl: server.baseUrl.trim(), model: server.model.trim(), apiKey: server.apiKey.trim() || null, server: server.server } : null;
  const dirty = JSON.stringify(routing) !== JSON.stringify(saved);
  const chosen = models.find((m) => m.id === server.model);
  const preset = presetOf(routing);

  const useServer = (found: DetectedServerView) => {
    setServer({ baseUrl: found.baseUrl, apiKey: '', model: found.models[0]?.id ?? '', server: found.server });
    setModels(found.models);
    setTested(null);
  };

  return (
    <section className="card settings-section" aria-labelledby="models-title">
      <h2 id="models-title">Models for each step</h2>
      <p className="muted">Claude, or a model on your own machine through a local server (Ollama, LM Studio, llama.cpp, vLLM, Jan): local calls cost nothing and work offline.</p>

      <h3>Local server</h3>
      <div aria-live="polite">
        {servers === null ? (
          <p className="muted">Looking for local model servers…</p>
        ) : servers.length === 0 ? (
          <p className="muted">No local model server answered on its usual port. Start Ollama or LM Studio, or give its address below.</p>
        ) : (
          <ul className="plain-list" aria-label="Local servers found">
            {servers.map((found) => (
              <li key={found.baseUrl}>
                <button type="button" className="btn btn-ghost" onClick={() => useServer(found)}>
                  {found.name} — {found.baseUrl} ({found.models.length === 0 ? 'needs its API key' : `${found.models.length} model${found.models.length === 1 ? '' : 's'}`})
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <ActionButton className="btn btn-ghost" busy={detect.pending} onClick={lookForServers}>
        Look again
      </ActionButton>

      <div className="form-grid">
        <Field label="Server address" hint="As the server documents it for OpenAI clients, with or without /v1.">
          <input type="url" value={server.baseUrl} onChange={(e) => setServer({ ...server, baseUrl: e.target.value, server: null })} />
        </Field>
        <Field label="Server key (optional)" hint="Jan needs one; Ollama and LM Studio take none. A key already set stays in the app and shows as dots.">
          <input type="password" value={server.apiKey} autoComplete="off" onChange={(e) => setServer({ ...server, apiKey: e.target.value })} />
        </Field>
        <Field label="Local model" error={list.error ?? undefined}>
          {models.length > 0 ? (
            <select value={server.model} onChange={(e) => setServer({ ...server, model: e.target.value })}>
              {models.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.id}
                </option>
              ))}
            </select>
          ) : (
            <input type="text" value={server.model} placeholder="qwen2.5:7b" onChange={(e) => setServer({ ...server, model: e.target.value })} />
          )}
        </Field>
      </div>
      {chosen?.warning && (
        <p className="warning-box" role="note">
          {chosen.warning}
        </p>
      )}
      <div className="form-actions">
        <ActionButton
          className="btn"
          busy={list.pending}
          onClick={() =>
            void list.run(async () => {
              const found = await call(api().localModelsList({ baseUrl: server.baseUrl.trim(), apiKey: server.apiKey.trim() || null, server: server.server }));
              setModels(found);
              if (!found.some((m) => m.id === server.model)) setServer((s) => ({ ...s, model: found[0]?.id ?? '' }));
            })
          }
        >
          List models
        </ActionButton>
        <ActionButton
          className="btn"
          busy={test.pending}
          unavailable={!local}
          onClick={() =>
            void test.run(async () => {
              setTested(null);
              if (local) setTested(await call(api().localModelsTest(local)));
            })
          }
        >
          Test model
        </ActionButton>
      </div>
      {tested && (
        <p className={tested.ok ? 'muted' : 'warning-box'} role="status">
          {tested.ok ? `✓ ${tested.message}` : `${tested.message} (after ${testTime(tested.latencyMs)})`}
        </p>
      )}
      {tested?.sizeWarning && (
        <p className="warning-box" data-testid="size-warning">
          {tested.sizeWarning}
        </p>
      )}
      {tested?.contextWarning && (
        <p className="warning-box" data-testid="context-warning">
          {tested.contextWarning}
        </p>
      )}
      <InlineError message={test.error} />

      <h3>Steps</h3>
      <div className="form-actions" role="group" aria-label="Presets">
        {ROUTING_PRESETS.map((p) => (
          <ActionButton
            key={p}
            className="btn preset-button"
            aria-pressed={preset === p}
            unavailable={p !== 'all-claude' && !local}
            onClick={() => setRouting(routingPreset(p, p === 'all-claude' ? null : local, routing.localRequestLimit))}
          >
            {ROUTING_PRESET_LABELS[p]}
          </ActionButton>
        ))}
      </div>
      <div className="form-grid">
        {MODEL_STEPS.map((step) => {
          const route = routing.steps[step];
          return (
            <Field key={step} label={STEP_LABELS[step]}>
              <select value={route.provider === 'anthropic' ? 'claude' : 'local'} onChange={(e) => setRouting(withStep(routing, step, e.target.value as 'claude' | 'local', route.provider === 'anthropic' ? local : (local ?? route.local)))}>
                <option value="claude">Claude</option>
                <option value="local" disabled={!local && route.provider === 'anthropic'}>
                  {route.provider === 'openai-compatible' && (!local || route.local.model === local.model) ? `Local: ${route.local.model}` : `Local: ${local?.model ?? 'choose a model above'}`}
                </option>
              </select>
            </Field>
          );
        })}
        <Field label="Parallel calls per local server" hint="A laptop serves one answer at a time well.">
          <input
            type="number"
            min={1}
            max={16}
            value={routing.localRequestLimit}
            onChange={(e) => setRouting({ ...routing, localRequestLimit: Math.max(1, Math.min(16, Math.round(Number(e.target.value) || 1))) })}
          />
        </Field>
      </div>
      <InlineError message={save.error} />
      <div className="form-actions">
        <ActionButton
          className="btn btn-primary"
          busy={save.pending}
          unavailable={!dirty}
          onClick={() =>
            void save.run(async () => {
              const view = await call(api().modelsSetRouting(routing));
              setRouting(view.routing);
              setSaved(view.routing);
              toast({ tone: 'success', title: 'Models for each step saved' });
            })
          }
        >
          Save models for each step
        </ActionButton>
      </div>
    </section>
  );
}
