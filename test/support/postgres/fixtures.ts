// Test data written as the database superuser (the way an admin sets an organisation up in
// Supabase's dashboard): users, organisations, memberships. Every call makes fresh rows
// with random names, so tests sharing the database never see each other's data.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { hashPassword } from '../postgrest/auth';

export interface TestUser {
  id: string;
  email: string;
  password: string;
}

export class Admin {
  readonly pool: pg.Pool;

  constructor(url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 4 });
  }

  async user(name = 'user'): Promise<TestUser> {
    const email = `${name}-${randomUUID().slice(0, 8)}@example.test`;
    const password = `pw-${randomUUID()}`;
    const { rows } = await this.pool.query<{ id: string }>(
      `INSERT INTO auth.users (email, encrypted_password) VALUES ($1, $2) RETURNING id`,
      [email, hashPassword(password)],
    );
    return { id: rows[0]!.id, email, password };
  }

  async organization(name = 'Org'): Promise<string> {
    const { rows } = await this.pool.query<{ id: string }>(`INSERT INTO public.organizations (name) VALUES ($1) RETURNING id`, [
      `${name} ${randomUUID().slice(0, 8)}`,
    ]);
    return rows[0]!.id;
  }

  async member(organizationId: string, userId: string, role: 'member' | 'admin' = 'member'): Promise<void> {
    await this.pool.query(`INSERT INTO public.organization_members (organization_id, user_id, role) VALUES ($1, $2, $3)`, [
      organizationId,
      userId,
      role,
    ]);
  }

  async query<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, values: unknown[] = []): Promise<R[]> {
    return (await this.pool.query<R>(sql, values)).rows;
  }

  /**
   * Runs `fn` inside a transaction as `userId` (role authenticated, JWT claims set) or as
   * anon when null — the same session state PostgREST gives a request — then rolls back
   * unless `commit` is set.
   */
  async as<T>(userId: string | null, fn: (client: pg.PoolClient) => Promise<T>, commit = false): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const claims = userId ? { sub: userId, role: 'authenticated' } : { role: 'anon' };
      await client.query(`SELECT set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`, [claims.role, JSON.stringify(claims)]);
      const result = await fn(client);
      await client.query(commit ? 'COMMIT' : 'ROLLBACK');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
