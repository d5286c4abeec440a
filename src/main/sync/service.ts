// Sync as the app core sees it: configuration, sign-in, the publish hook, the worker, and
// the status the Settings page and the queue show. Off until a URL and anon key are set;
// everything else in the app works the same without it. The Supabase session lives in its
// own SecretStore slot (safeStorage-encrypted in the desktop app), never in the database.
import type { ConflictResolution, SyncConfig, SyncConfigureInput, SyncLogEntry, SyncStatus } from '../../shared/sync';
import type { Store } from '../db/store';
import type { SecretStore } from '../secrets';
import { ConflictError } from '../errors';
import { syncStamp } from '../history/authors';
import { SyncError, asSyncError } from './errors';
import { createPublisher, createRepublisher } from './publisher';
import { fetchRemoteCourse, toReplacement, type RemoteCourseSnapshot } from './pull';
import { readSyncConfig, readSyncOrganization, writeSyncConfig, writeSyncOrganization } from './settings';
import { SupabaseBackend, type Account } from './supabase-client';
import { SyncWorker, type RetryPolicy } from './worker';

export interface SyncServiceOptions {
  store: Store;
  /** The slot for the Supabase session (separate from the Anthropic key's). */
  secrets: SecretStore;
  fetch?: typeof fetch;
  clockMs?: () => number;
  isOnline?: () => boolean;
  /**
   * Subscribes to "connectivity is back" from the OS (returns the unsubscribe), so the worker
   * tries at once instead of at its next poll; see connectivity.ts for one over isOnline.
   */
  onOnline?: (listener: () => void) => () => void;
  retry?: Partial<RetryPolicy>;
  pollMs?: number;
  requestTimeoutMs?: number;
  /** Told when anything a status view shows may have changed. */
  onChange?: (courseIds: string[]) => void;
  /** Told when a course's own content was replaced (keep-theirs), for open views of it. */
  onCourseReplaced?: (courseId: string) => void;
}

/** The account recorded in a stored session, read without touching the network. */
function storedAccount(secrets: SecretStore): Account | null {
  try {
    const items = JSON.parse(secrets.get() ?? '{}') as Record<string, string>;
    const session = JSON.parse(items['course-studio-sync'] ?? 'null') as { user?: { id?: string; email?: string } } | null;
    return session?.user?.id ? { userId: session.user.id, email: session.user.email ?? '' } : null;
  } catch {
    return null;
  }
}

export class SyncService {
  readonly worker: SyncWorker;
  /** The publish hook for the runner and publishCourse: course published + outbox entry, one transaction. */
  readonly publish: (courseId: string) => void;
  /** Call after editing a course: a published one is queued to sync its new version. */
  readonly republishIfPublished: (courseId: string) => void;
  private backend: SupabaseBackend | null = null;
  private backendKey = '';
  private started = false;
  private unsubscribeOnline: (() => void) | null = null;

  constructor(private readonly options: SyncServiceOptions) {
    this.worker = new SyncWorker({
      store: options.store,
      backend: () => {
        const client = this.client();
        return client ? { backend: client, organizationId: readSyncOrganization(options.store)?.id ?? null } : null;
      },
      ...(options.clockMs ? { clockMs: options.clockMs } : {}),
      ...(options.isOnline ? { isOnline: options.isOnline } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
      onChange: (ids) => options.onChange?.(ids),
    });
    this.worker.account = storedAccount(options.secrets);
    // The course is pending now, whatever the worker makes of it: with sync off or signed
    // out its pass changes nothing it would report, so views are told here. In a microtask,
    // so listeners read the caller's transaction committed (publish hooks run inside one).
    const queued = (courseId: string) => {
      this.worker.kick();
      queueMicrotask(() => options.onChange?.([courseId]));
    };
    this.publish = createPublisher(options.store, { onPublished: queued });
    this.republishIfPublished = createRepublisher(options.store, { onPublished: queued });
  }

  start(): void {
    this.started = true;
    this.worker.start();
    this.client()?.startAutoRefresh();
    this.unsubscribeOnline ??= this.options.onOnline?.(() => this.worker.connectivityBack()) ?? null;
  }

  async stop(): Promise<void> {
    this.started = false;
    this.unsubscribeOnline?.();
    this.unsubscribeOnline = null;
    await this.worker.stop();
    this.backend?.dispose();
  }

  getConfig(): SyncConfig | null {
    return readSyncConfig(this.options.store);
  }

  /** The supabase-js client for the current configuration, made once per URL + key. */
  private client(): SupabaseBackend | null {
    const config = this.getConfig();
    if (!config) return null;
    const key = `${config.url}\n${config.anonKey}`;
    if (!this.backend || this.backendKey !== key) {
      this.backend?.dispose();
      this.backend = new SupabaseBackend({
        url: config.url,
        anonKey: config.anonKey,
        secrets: this.options.secrets,
        ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
        ...(this.options.requestTimeoutMs ? { timeoutMs: this.options.requestTimeoutMs } : {}),
      });
      this.backendKey = key;
      if (this.started) this.backend.startAutoRefresh();
    }
    return this.backend;
  }

  /** Saves URL + anon key (validated by the caller's schema). Another project means signing in again. */
  configure(input: SyncConfigureInput): SyncStatus {
    const previous = this.getConfig();
    const config: SyncConfig = { url: input.url, anonKey: input.anonKey, organizationId: input.organizationId ?? previous?.organizationId ?? null };
    const sameProject = previous?.url === config.url && previous.anonKey === config.anonKey;
    const organization = readSyncOrganization(this.options.store);
    writeSyncConfig(this.options.store, config);
    if (!sameProject) {
      this.options.secrets.clear();
      this.worker.account = null;
    } else if (organization && (!config.organizationId || organization.id === config.organizationId)) {
      writeSyncOrganization(this.options.store, organization);
    }
    this.worker.log.append(null, 'info', sameProject ? 'Sync settings saved' : `Sync configured for ${config.url}`);
    this.worker.kick();
    this.options.onChange?.([]);
    return this.status();
  }

  async signIn(email: string, password: string): Promise<SyncStatus> {
    const client = this.client();
    if (!client) throw new ConflictError('Cannot sign in: set the Supabase project URL and anon key first.');
    const account = await client.signIn(email, password);
    let memberships;
    try {
      memberships = await client.memberships(account.userId);
    } catch (error) {
      await client.signOut();
      throw error;
    }
    const wanted = this.getConfig()?.organizationId ?? null;
    const chosen = wanted ? memberships.find((m) => m.organizationId === wanted) : memberships.length === 1 ? memberships[0] : undefined;
    if (!chosen) {
      await client.signOut();
      const list = memberships.map((m) => `${m.name} (${m.organizationId})`).join(', ');
      throw new SyncError(
        'permission',
        memberships.length === 0
          ? `${account.email} is not a member of any organisation on this backend. Ask an organisation admin to add you.`
          : wanted
            ? `${account.email} is not a member of the configured organisation ${wanted}. Member of: ${list}.`
            : `${account.email} belongs to several organisations (${list}); set the organisation id to publish into.`,
      );
    }
    writeSyncOrganization(this.options.store, { id: chosen.organizationId, name: chosen.name, role: chosen.role });
    this.worker.account = account;
    this.worker.log.append(null, 'info', `Signed in as ${account.email} (${chosen.name}, ${chosen.role})`);
    this.worker.pausedUntil = null;
    this.worker.kick();
    this.options.onChange?.([]);
    return this.status();
  }

  async signOut(): Promise<SyncStatus> {
    await this.client()?.signOut();
    this.options.secrets.clear();
    writeSyncOrganization(this.options.store, null);
    this.worker.account = null;
    this.worker.log.append(null, 'info', 'Signed out; courses published from now on wait in the outbox until you sign in again');
    this.worker.kick();
    this.options.onChange?.([]);
    return this.status();
  }

  async syncNow(): Promise<SyncStatus> {
    if (!this.getConfig()) throw new ConflictError('Cannot sync: it is not configured. Set the Supabase project URL and anon key in Settings → Sync.');
    await this.worker.syncNow();
    return this.status();
  }

  async resolveConflict(courseId: string, resolution: ConflictResolution): Promise<SyncStatus> {
    if (resolution === 'keep_theirs') return this.keepTheirs(courseId);
    this.options.store.write(() => this.worker.outbox.resolveConflict(courseId, resolution));
    const label = { overwrite: 'overwrite the backend’s version', duplicate: 'publish as a new course' }[resolution];
    this.worker.log.append(courseId, 'info', `Conflict resolved: ${label}`);
    this.worker.kick();
    this.options.onChange?.([courseId]);
    return this.status();
  }

  /**
   * Keep theirs: reads the backend's version of the course, then replaces the local course's
   * content with it and marks it synced at that version, in one local transaction. If the
   * read fails nothing local changes and the conflict stays, with the reason beside it.
   */
  private async keepTheirs(courseId: string): Promise<SyncStatus> {
    const { store } = this.options;
    const { course: record, entry } = this.worker.outbox.conflictOf(courseId);
    let snapshot: RemoteCourseSnapshot;
    try {
      snapshot = await this.fetchTheirs(record.remoteId);
    } catch (error) {
      if (error instanceof ConflictError) throw error;
      throw this.keepTheirsFailed(courseId, asSyncError(error, 'reading the backend’s version'));
    }
    try {
      store.write(() => {
        if (this.worker.outbox.activeEntry(courseId)?.id !== entry.id) {
          throw new ConflictError(
            'The course was published again while the backend’s version was being read, so nothing was replaced; the new publish is checked against the backend as usual.',
          );
        }
        const local = store.courses.tree(courseId);
        if (!local) throw new SyncError('rejected', 'The course no longer exists on this computer.');
        const content = toReplacement(snapshot, local, record.remoteId);
        const replaced = store.courses.replaceContent(courseId, content, syncStamp(snapshot.version));
        this.worker.outbox.keepTheirs(courseId, entry.id, snapshot.version);
        this.worker.log.append(courseId, 'success', `Conflict resolved: replaced this computer’s copy with the backend’s version ${snapshot.version}`, {
          remoteVersion: snapshot.version,
          ...replaced,
        });
      });
    } catch (error) {
      if (error instanceof ConflictError) throw error;
      throw this.keepTheirsFailed(courseId, error instanceof SyncError ? error : new SyncError('rejected', error instanceof Error ? error.message : String(error)));
    }
    this.worker.kick();
    this.options.onChange?.([courseId]);
    this.options.onCourseReplaced?.(courseId);
    return this.status();
  }

  private async fetchTheirs(remoteId: string): Promise<RemoteCourseSnapshot> {
    const client = this.client();
    if (!client) throw new ConflictError('Cannot read the backend’s version: sync is not configured.');
    if (this.options.isOnline && !this.options.isOnline()) throw new SyncError('network', 'This computer is offline.');
    const signIn = 'Sign in again in Settings → Sync, then choose keep theirs again.';
    if (!(await client.account())) throw new SyncError('auth', `Not signed in to the backend. ${signIn}`);
    try {
      return await fetchRemoteCourse(client, remoteId);
    } catch (error) {
      const failure = asSyncError(error, 'reading the backend’s version');
      if (failure.kind !== 'auth') throw failure;
      if (!(await client.refresh())) throw new SyncError('auth', `The session has expired. ${signIn}`, failure.status, failure.code);
      return fetchRemoteCourse(client, remoteId);
    }
  }

  /** Records why keep-theirs did not happen (the conflict stays) and returns the error to show. */
  private keepTheirsFailed(courseId: string, failure: SyncError): SyncError {
    const message = `Could not keep the backend’s version: ${failure.message.replace(/\.?$/, '.')} Nothing on this computer was changed; the conflict is still open.`;
    const { store } = this.options;
    store.write(() => {
      this.worker.outbox.noteConflict(courseId, message);
      // The course may have been deleted meanwhile; the line then goes to the global log.
      this.worker.log.append(store.courses.get(courseId) ? courseId : null, 'warning', message, { kind: failure.kind, status: failure.status, code: failure.code });
    });
    this.options.onChange?.([courseId]);
    return new SyncError(failure.kind, message, failure.status, failure.code);
  }

  syncLog(query: { courseId?: string; afterId?: number; limit?: number } = {}): SyncLogEntry[] {
    return this.worker.log.list(query);
  }

  status(): SyncStatus {
    const config = this.getConfig();
    const organization = readSyncOrganization(this.options.store);
    const account = config ? this.worker.account : null;
    let worker = this.worker.state;
    let message = this.worker.message;
    if (!config) {
      worker = 'off';
      message = null;
    } else if (!account && worker !== 'offline') {
      worker = 'needs_sign_in';
      message ??= 'Sign in to publish courses to the backend.';
    }
    const pausedUntil = this.worker.pausedUntil;
    return {
      configured: config !== null,
      url: config?.url ?? null,
      account,
      organization,
      worker,
      message,
      retryAt: pausedUntil !== null && pausedUntil > (this.options.clockMs ?? Date.now)() ? new Date(pausedUntil).toISOString() : null,
      counts: this.worker.outbox.counts(),
      courses: this.worker.outbox.statuses(),
    };
  }
}
