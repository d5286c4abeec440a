// The only file that speaks supabase-js. A client made from the configured project URL and
// anon key, with the auth session persisted in a SecretStore (safeStorage in the desktop
// app) and refreshed when it nears expiry; every database call comes back as data or a
// classified SyncError. supabase-js's own retries are off: the worker's back-off is the one
// retry policy. Runs under plain Node (no electron import).
import { createClient, type SupabaseClient, type SupportedStorage } from '@supabase/supabase-js';
import type { SecretStore } from '../secrets';
import { SyncError, asSyncError, classifyAuth, classifyPostgrest } from './errors';

export const SYNC_TABLES = ['courses', 'projects', 'lessons', 'tasks', 'generation_jobs'] as const;
export type SyncTable = (typeof SYNC_TABLES)[number];
export type Row = Record<string, unknown>;

export interface RemoteCourseHead {
  id: string;
  version: number;
  push_id: string | null;
  push_open: boolean;
}

export interface Membership {
  organizationId: string;
  name: string;
  role: 'member' | 'admin';
}

export interface Account {
  userId: string;
  email: string;
}

/** What the worker needs from the backend; SupabaseBackend is the real one. */
export interface SyncBackend {
  account(): Promise<Account | null>;
  /** Forces a token refresh; false when the session cannot be renewed (sign in again). */
  refresh(): Promise<boolean>;
  readCourse(id: string): Promise<RemoteCourseHead | null>;
  /** The course row with its content columns (keep-theirs). */
  readCourseContent(id: string): Promise<Row | null>;
  /** Every row of a child table for one course, `columns` only, ordered by id. */
  childRows(table: Exclude<SyncTable, 'courses'>, courseId: string, columns: string): Promise<Row[]>;
  upsert(table: SyncTable, rows: Row[]): Promise<void>;
  childIds(table: Exclude<SyncTable, 'courses'>, courseId: string): Promise<string[]>;
  deleteIds(table: Exclude<SyncTable, 'courses'>, ids: string[]): Promise<void>;
  /** Closes the push; the course's new version, or null when the push is no longer open. */
  commit(courseId: string, pushId: string): Promise<number | null>;
}

export interface SupabaseBackendOptions {
  url: string;
  anonKey: string;
  /** Holds the serialized session between runs. */
  secrets: SecretStore;
  fetch?: typeof fetch;
  /** Per request; a hung connection fails as network trouble instead of blocking the worker. */
  timeoutMs?: number;
}

/** supabase-js's storage interface over one SecretStore slot holding a JSON map. */
export function secretStorage(secrets: SecretStore): SupportedStorage {
  const read = (): Record<string, string> => {
    const raw = secrets.get();
    if (!raw) return {};
    try {
      const parsed = JSON.parse(raw) as unknown;
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
    } catch {
      return {};
    }
  };
  const write = (items: Record<string, string>) => {
    if (Object.keys(items).length === 0) secrets.clear();
    else secrets.set(JSON.stringify(items));
  };
  return {
    getItem: async (key: string) => read()[key] ?? null,
    setItem: async (key: string, value: string) => write({ ...read(), [key]: value }),
    removeItem: async (key: string) => {
      const items = read();
      delete items[key];
      write(items);
    },
  };
}

// supabase-js builds a Realtime client up front; Course Studio never opens it. Node 20 has
// no WebSocket global, so hand it a constructor that explains itself if it is ever used.
class RealtimeUnused {
  constructor() {
    throw new Error('Course Studio does not use Supabase Realtime.');
  }
}

const CHUNK_ROWS = 200;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export class SupabaseBackend implements SyncBackend {
  readonly client: SupabaseClient;

  constructor(options: SupabaseBackendOptions) {
    const baseFetch = options.fetch ?? fetch;
    const timeoutMs = options.timeoutMs ?? 30_000;
    const timedFetch: typeof fetch = (input, init) => {
      const signal = init?.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
      return baseFetch(input, { ...init, signal });
    };
    this.client = createClient(options.url, options.anonKey, {
      auth: {
        storage: secretStorage(options.secrets),
        storageKey: 'course-studio-sync',
        persistSession: true,
        autoRefreshToken: true,
        detectSessionInUrl: false,
      },
      global: { fetch: timedFetch },
      db: { retry: false },
      realtime: { transport: RealtimeUnused as never },
    });
  }

  async signIn(email: string, password: string): Promise<Account> {
    let result;
    try {
      result = await this.client.auth.signInWithPassword({ email, password });
    } catch (error) {
      throw asSyncError(error, 'signing in');
    }
    if (result.error) throw classifyAuth('signing in', result.error);
    const user = result.data.user;
    if (!user) throw new SyncError('auth', 'Signing in returned no user.');
    return { userId: user.id, email: user.email ?? email };
  }

  /** Ends the session on this device even when the backend cannot be reached. */
  async signOut(): Promise<void> {
    try {
      await this.client.auth.signOut({ scope: 'local' });
    } catch {
      // The local session is removed before the request is sent; a failed request is fine.
    }
  }

  async account(): Promise<Account | null> {
    let result;
    try {
      // Refreshes an expiring access token first; a rejected refresh removes the session.
      result = await this.client.auth.getSession();
    } catch (error) {
      throw asSyncError(error, 'loading the session');
    }
    if (result.error) {
      const classified = classifyAuth('refreshing the session', result.error);
      if (classified.kind === 'network') throw classified;
      return null;
    }
    const session = result.data.session;
    if (!session) return null;
    // An access token that expired while its refresh could not be done (offline) is kept by
    // supabase-js; requests with it would be refused, so wait for the network instead.
    if (session.expires_at && session.expires_at * 1000 <= Date.now()) {
      throw new SyncError('network', 'The session expired and could not be refreshed yet (the backend is unreachable).');
    }
    return { userId: session.user.id, email: session.user.email ?? '' };
  }

  async refresh(): Promise<boolean> {
    let result;
    try {
      result = await this.client.auth.refreshSession();
    } catch (error) {
      throw asSyncError(error, 'refreshing the session');
    }
    if (result.error) {
      const classified = classifyAuth('refreshing the session', result.error);
      if (classified.kind === 'network') throw classified;
      return false;
    }
    return result.data.session !== null;
  }

  async memberships(userId: string): Promise<Membership[]> {
    const members = await this.client.from('organization_members').select('organization_id, role').eq('user_id', userId);
    if (members.error) throw classifyPostgrest('reading your organisations', members);
    const rows = (members.data ?? []) as { organization_id: string; role: 'member' | 'admin' }[];
    if (rows.length === 0) return [];
    const orgs = await this.client
      .from('organizations')
      .select('id, name')
      .in(
        'id',
        rows.map((r) => r.organization_id),
      );
    if (orgs.error) throw classifyPostgrest('reading your organisations', orgs);
    const names = new Map(((orgs.data ?? []) as { id: string; name: string }[]).map((o) => [o.id, o.name]));
    return rows.map((r) => ({ organizationId: r.organization_id, role: r.role, name: names.get(r.organization_id) ?? r.organization_id }));
  }

  async readCourse(id: string): Promise<RemoteCourseHead | null> {
    const result = await this.client.from('courses').select('id, version, push_id, push_open').eq('id', id).maybeSingle();
    if (result.error) throw classifyPostgrest('reading the course on the backend', result);
    return (result.data as RemoteCourseHead | null) ?? null;
  }

  async upsert(table: SyncTable, rows: Row[]): Promise<void> {
    for (const chunk of chunks(rows, CHUNK_ROWS)) {
      const result = await this.client.from(table).upsert(chunk, { onConflict: 'id' });
      if (result.error) throw classifyPostgrest(`writing ${table}`, result);
    }
  }

  async readCourseContent(id: string): Promise<Row | null> {
    const result = await this.client
      .from('courses')
      .select('id, version, push_id, push_open, title, description, outline, summary')
      .eq('id', id)
      .maybeSingle();
    if (result.error) throw classifyPostgrest('reading the course on the backend', result);
    return (result.data as Row | null) ?? null;
  }

  async childRows(table: Exclude<SyncTable, 'courses'>, courseId: string, columns: string): Promise<Row[]> {
    const rows: Row[] = [];
    // Supabase caps a response (max_rows, 1000 by default): page through.
    for (let from = 0; ; from += 1000) {
      const result = await this.client
        .from(table)
        .select(columns)
        .eq('course_id', courseId)
        .order('id')
        .range(from, from + 999);
      if (result.error) throw classifyPostgrest(`reading ${table}`, result);
      const page = (result.data ?? []) as unknown as Row[];
      rows.push(...page);
      if (page.length < 1000) return rows;
    }
  }

  async childIds(table: Exclude<SyncTable, 'courses'>, courseId: string): Promise<string[]> {
    return (await this.childRows(table, courseId, 'id')).map((r) => r.id as string);
  }

  async deleteIds(table: Exclude<SyncTable, 'courses'>, ids: string[]): Promise<void> {
    for (const chunk of chunks(ids, CHUNK_ROWS)) {
      const result = await this.client.from(table).delete().in('id', chunk);
      if (result.error) throw classifyPostgrest(`removing old ${table}`, result);
    }
  }

  async commit(courseId: string, pushId: string): Promise<number | null> {
    const result = await this.client
      .from('courses')
      .update({ push_open: false })
      .eq('id', courseId)
      .eq('push_id', pushId)
      .eq('push_open', true)
      .select('version');
    if (result.error) throw classifyPostgrest('finishing the push', result);
    const rows = (result.data ?? []) as { version: number }[];
    return rows[0]?.version ?? null;
  }

  /**
   * Keeps the session fresh in the background (a 30 s tick, unref'd) so a long idle app does
   * not come back to a refresh token that outlived its inactivity timeout. Pushes do not
   * depend on it: account() refreshes on demand within 90 s of expiry.
   */
  startAutoRefresh(): void {
    void this.client.auth.startAutoRefresh().catch(() => {});
  }

  dispose(): void {
    void this.client.auth.stopAutoRefresh().catch(() => {});
  }
}
