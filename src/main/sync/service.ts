// Sync as the app core sees it: configuration, sign-in, the publish hook, the worker, and
// the status the Settings page and the queue show. Off until a URL and anon key are set;
// everything else in the app works the same without it. The Supabase session lives in its
// own SecretStore slot (safeStorage-encrypted in the desktop app), never in the database.
import type { ConflictResolution, SyncConfig, SyncConfigureInput, SyncLogEntry, SyncStatus } from '../../shared/sync';
import type { Store } from '../db/store';
import type { SecretStore } from '../secrets';
import { ConflictError } from '../errors';
import { SyncError } from './errors';
import { createPublisher } from './publisher';
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
  retry?: Partial<RetryPolicy>;
  pollMs?: number;
  requestTimeoutMs?: number;
  /** Told when anything a status view shows may have changed. */
  onChange?: (courseIds: string[]) => void;
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
  private backend: SupabaseBackend | null = null;
  private backendKey = '';
  private started = false;

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
    this.publish = createPublisher(options.store, { onPublished: () => this.worker.kick() });
  }

  start(): void {
    this.started = true;
    this.worker.start();
    this.client()?.startAutoRefresh();
  }

  async stop(): Promise<void> {
    this.started = false;
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

  resolveConflict(courseId: string, resolution: ConflictResolution): SyncStatus {
    this.options.store.write(() => this.worker.outbox.resolveConflict(courseId, resolution));
    const label = { keep_theirs: 'keep the backend’s version', overwrite: 'overwrite the backend’s version', duplicate: 'publish as a new course' }[resolution];
    this.worker.log.append(courseId, 'info', `Conflict resolved: ${label}`);
    this.worker.kick();
    this.options.onChange?.([courseId]);
    return this.status();
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
