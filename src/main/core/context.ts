// What command handlers are given: the app's long-lived parts, passed in rather than
// imported, so handlers run the same in Electron, in the browser bridge and in tests.
import type { EventName, EventPayloads } from '../../shared/ipc-contract';
import type { ModelGateway } from '../ai/gateway';
import type { Candidate } from '../ai/providers/local-discovery';
import type { Store } from '../db/store';
import type { Housekeeping } from '../housekeeping/service';
import type { PackageBuilder } from '../export/course-file';
import type { Runner } from '../runner/runner';
import type { SecretStore } from '../secrets';
import type { SyncService } from '../sync/service';
import type { Extractor } from '../sources/extractor';
import type { MaterialFiles } from '../sources/material-files';
import type { StagedMaterials } from '../sources/staged';
import type { ChooseFiles } from './choose-files';
import type { ChooseFolder, ChosenFolders } from './chosen-folders';
import type { ModelSource } from './model-source';

export interface CoreContext {
  store: Store;
  gateway: ModelGateway;
  runner: Runner;
  secrets: SecretStore;
  models: ModelSource;
  /** Settings → Storage: cleanup, compaction, the daily retention run. */
  housekeeping: Housekeeping;
  /** Publishing to the organisation's backend; its `publish` is the hook every publish goes through. */
  sync: SyncService;
  info: { version: string; platform: string; dataDir: string };
  emit<E extends EventName>(name: E, payload: EventPayloads[E]): void;
  /** Opens an http(s) URL in the person's browser (shell.openExternal in Electron). */
  openExternal(url: string): Promise<void>;
  /**
   * Once a query met damage: stops the core, keeps the file under a new name and starts
   * again on a new, empty database; returns where the old file is kept. Refused otherwise.
   */
  startNewDatabase(): Promise<string>;
  /** Aborted when the app shuts down: foreground model calls (outlines, regenerations) stop. */
  signal: AbortSignal;
  /** Builds an LMS package (IMS CC, SCORM 1.2): off the main thread in the app. */
  buildPackage: PackageBuilder;
  /** The OS folder dialog (the app's window; the test bridge answers with a temp folder). */
  chooseFolder: ChooseFolder;
  /** The OS file dialog (the test bridge's answer is scripted). */
  chooseFiles: ChooseFiles;
  /** Source materials: their bytes, the reader (a worker in the app), and those attached before their course exists. */
  materials: { files: MaterialFiles; extract: Extractor; staged: StagedMaterials };
  /** The folders picked in that dialog: the only ones (besides Settings' stored one) exports are written into. */
  folders: ChosenFolders;
  fetch?: typeof fetch;
  /** Where Settings → Models looks for local servers (default: each known server's usual port). */
  localServers?: readonly Candidate[];
}
