// models.*, claudeModels.* and localModels.*: which model each step uses, and the models and
// local servers to choose from. Finding and testing servers is on demand (Settings → Models
// asks), never at start-up. Local servers' keys go in, never out (core/local-keys.ts).
import { smallModelWarning, detectLocalServers, listLocalModels, reportedSizeWarning, testLocalModel } from '../../ai/providers/local-discovery';
import { parseBaseUrl } from '../../ai/providers/local-servers';
import { contextWarning, ollamaContext } from '../../ai/providers/ollama-context';
import { readModelRouting, readPreferences, saveModelRouting } from '../../core/app-settings';
import { largestCallTokens } from '../../estimate/context-need';
import { listClaudeModels } from '../../core/claude-models';
import { redactKeys, resolveKey, restoreKeys } from '../../core/local-keys';
import type { CoreContext } from '../../core/context';
import type { LocalModelInfo, ModelsView } from '../../../shared/model-routing';
import type { Handlers } from '../dispatch';

function modelsView(core: CoreContext): ModelsView {
  return { routing: redactKeys(readModelRouting(core.store)), claudeKeySet: core.models.config().apiKey !== null };
}

const withWarnings = (ids: string[]): LocalModelInfo[] => ids.map((id) => ({ id, warning: smallModelWarning(id) }));

export function modelHandlers(core: CoreContext) {
  const fetchOption = core.fetch ? { fetch: core.fetch } : {};
  return {
    'models.get': () => modelsView(core),
    'models.setRouting': (routing) => {
      saveModelRouting(core.store, restoreKeys(routing, readModelRouting(core.store)));
      return modelsView(core);
    },
    'claudeModels.list': () => listClaudeModels(core.models.config(), core.fetch),
    'localModels.detect': async () =>
      (await detectLocalServers({ ...fetchOption, ...(core.localServers ? { candidates: core.localServers } : {}) })).map((s) => ({ ...s, models: withWarnings(s.models) })),
    'localModels.list': async ({ baseUrl, apiKey, server }) =>
      withWarnings(await listLocalModels(baseUrl, { apiKey: resolveKey(baseUrl, apiKey, readModelRouting(core.store)), server: server ?? null, ...fetchOption })),
    'localModels.test': async (local) => {
      const apiKey = resolveKey(local.baseUrl, local.apiKey, readModelRouting(core.store));
      const result = await testLocalModel({ ...local, apiKey }, fetchOption);
      // Ollama says how much context it gives the model (its native API); other servers do not.
      const context = result.ok && parseBaseUrl(local.baseUrl, local.server).server === 'ollama' ? await ollamaContext(local.baseUrl, local.model, { apiKey, ...fetchOption }) : null;
      return {
        ...result,
        contextWarning: context ? contextWarning(local.model, context, largestCallTokens(readPreferences(core.store).quiz)) : null,
        // The name said nothing (or said 7B+): the size the server reports may still be small.
        sizeWarning: context && smallModelWarning(local.model) === null ? reportedSizeWarning(local.model, context.parametersB) : null,
      };
    },
  } satisfies Partial<Handlers>;
}
