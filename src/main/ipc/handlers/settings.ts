// settings.* and apiKey.*: the key goes in, never out — the view only says whether one is set.
import type { SettingsView } from '../../../shared/ipc-contract';
import { modelRetirementNotice } from '../../ai/config';
import { readModelSettings, readPreferences, updateSettings } from '../../core/app-settings';
import { requireChosenFolder } from '../../core/chosen-folders';
import { testConnection } from '../../core/connection-test';
import type { CoreContext } from '../../core/context';
import type { Handlers } from '../dispatch';

export function settingsView(core: CoreContext): SettingsView {
  const model = readModelSettings(core.store);
  const preferences = readPreferences(core.store);
  return {
    apiKeySet: core.models.config().apiKey !== null,
    modelNotice: modelRetirementNotice(model.model),
    secretStorage: core.secrets.backend,
    model: model.model,
    maxTokens: model.maxTokens,
    baseURL: model.baseURL,
    defaultAutoPublish: preferences.defaultAutoPublish,
    reviewerName: preferences.reviewerName,
    defaultEconomy: preferences.defaultEconomy,
    defaultAutoExport: preferences.defaultAutoExport,
    budget: preferences.budget,
    quiz: preferences.quiz,
    republishEditedWithoutApproval: preferences.republishEditedWithoutApproval,
    dataDir: core.info.dataDir,
    limits: core.runner.queueState().limits,
  };
}

export function settingsHandlers(core: CoreContext) {
  return {
    'settings.get': () => settingsView(core),
    'settings.update': (patch) => {
      const exportTo = patch.defaultAutoExport;
      // A new default folder must come from the dialog; the stored one may be saved again as it is.
      const checked = exportTo
        ? { ...patch, defaultAutoExport: { ...exportTo, folder: requireChosenFolder(core.folders, exportTo.folder, 'defaultAutoExport.folder', [readPreferences(core.store).defaultAutoExport?.folder]) } }
        : patch;
      updateSettings(core.store, checked);
      // A cap that paused the queue, raised or removed: the queue goes on by itself.
      if (patch.budget) core.runner.resumeIfBudgetAllows();
      return settingsView(core);
    },
    'apiKey.set': ({ key }) => {
      core.secrets.set(key);
      return settingsView(core);
    },
    'apiKey.clear': () => {
      core.secrets.clear();
      return settingsView(core);
    },
    'apiKey.test': () => testConnection(core.models.config(), core.fetch),
  } satisfies Partial<Handlers>;
}
