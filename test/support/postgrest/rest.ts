// The /rest/v1 half of the Supabase test server. Every request runs in its own PostgreSQL
// transaction as the caller: `role` set to the JWT's role (anon / authenticated) and
// request.jwt.claims to its claims, both transaction-local, exactly as PostgREST does.
// So row-level security is PostgreSQL's, not this file's: nothing here filters rows.
import type { Pool, PoolClient } from 'pg';
import {
  RestError,
  SqlParams,
  column,
  conflictTarget,
  insertColumns,
  limitClause,
  orderClause,
  parseError,
  quoteIdent,
  selectList,
  whereClause,
  type TableInfo,
} from './rest-query';

export interface RestRequest {
  method: string;
  table: string;
  search: URLSearchParams;
  headers: Record<string, string | undefined>;
  body: unknown;
  claims: Record<string, unknown>;
}

export interface RestResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const API_ROLES = new Set(['anon', 'authenticated', 'service_role']);

/** PostgREST's mapping of PostgreSQL error classes to HTTP statuses, for the codes we can meet. */
export function statusForPgError(code: string | undefined, role: string): number {
  switch (code) {
    case '42501':
      return role === 'anon' ? 401 : 403;
    case '23505':
    case '23503':
    case '40001':
      return 409;
    case '42P01':
      return 404;
    case '23502':
    case '23514':
    case '22P02':
    case '22023':
    case '42703':
    case 'P0001':
      return 400;
    default:
      return code && /^(08|53|54|57|58|XX)/.test(code) ? 503 : code ? 400 : 500;
  }
}

function preferences(headers: RestRequest['headers']): Set<string> {
  return new Set(
    (headers['prefer'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  );
}

function countOf(prefer: Set<string>): boolean {
  return [...prefer].some((p) => /^count=(exact|planned|estimated)$/.test(p));
}

async function tableInfo(pool: Pool, cache: Map<string, TableInfo>, name: string): Promise<TableInfo> {
  const cached = cache.get(name);
  if (cached) return cached;
  const columns = await pool.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
    [name],
  );
  if (columns.rowCount === 0) {
    throw new RestError(404, {
      code: 'PGRST205',
      message: `Could not find the table 'public.${name}' in the schema cache`,
      details: null,
      hint: null,
    });
  }
  const pk = await pool.query<{ attname: string }>(
    `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
     WHERE i.indrelid = ('public.' || quote_ident($1))::regclass AND i.indisprimary`,
    [name],
  );
  const info: TableInfo = { name, columns: new Set(columns.rows.map((r) => r.column_name)), primaryKey: pk.rows.map((r) => r.attname) };
  cache.set(name, info);
  return info;
}

function rowsOf(body: unknown): Record<string, unknown>[] {
  const rows = Array.isArray(body) ? body : [body];
  if (rows.length === 0 || !rows.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r))) {
    throw parseError('Empty or invalid json', 'the body must be a JSON object or a non-empty array of objects');
  }
  return rows as Record<string, unknown>[];
}

interface Statement {
  sql: string;
  values: unknown[];
  countSql?: { sql: string; values: unknown[] };
  successStatus: number;
  returnsRows: boolean;
}

function buildStatement(req: RestRequest, table: TableInfo, prefer: Set<string>): Statement {
  const t = `public.${quoteIdent(table.name)}`;
  const representation = prefer.has('return=representation');
  const params = new SqlParams();
  switch (req.method) {
    case 'GET':
    case 'HEAD': {
      const select = selectList(table, req.search.get('select'));
      const where = whereClause(table, req.search, params);
      const filterValues = [...params.values];
      const sql = `SELECT ${select} FROM ${t}${where}${orderClause(table, req.search.get('order'))}${limitClause(req.search, params)}`;
      return {
        sql,
        values: params.values,
        ...(countOf(prefer) ? { countSql: { sql: `SELECT count(*)::int AS n FROM ${t}${where}`, values: filterValues } } : {}),
        successStatus: 200,
        returnsRows: true,
      };
    }
    case 'POST': {
      const rows = rowsOf(req.body);
      const cols = insertColumns(table, req.search, rows);
      const quoted = cols.map(quoteIdent);
      const source = params.add(JSON.stringify(rows));
      let sql = `INSERT INTO ${t} (${quoted.join(', ')}) SELECT ${quoted.join(', ')} FROM json_populate_recordset(NULL::${t}, ${source}::json)`;
      if (prefer.has('resolution=merge-duplicates') || prefer.has('resolution=ignore-duplicates')) {
        const target = conflictTarget(table, req.search);
        const updates = cols.filter((c) => !target.includes(c)).map((c) => `${quoteIdent(c)} = EXCLUDED.${quoteIdent(c)}`);
        const ignore = prefer.has('resolution=ignore-duplicates') || updates.length === 0;
        sql += ` ON CONFLICT (${target.map(quoteIdent).join(', ')}) DO ${ignore ? 'NOTHING' : `UPDATE SET ${updates.join(', ')}`}`;
      }
      sql += ` RETURNING ${representation ? selectList(table, req.search.get('select')) : '1'}`;
      return { sql, values: params.values, successStatus: 201, returnsRows: representation };
    }
    case 'PATCH': {
      const [row] = rowsOf(req.body);
      if (Array.isArray(req.body)) throw parseError('Empty or invalid json', 'PATCH takes one JSON object');
      const cols = Object.keys(row!);
      if (cols.length === 0) throw parseError('Empty or invalid json', 'nothing to update');
      const source = params.add(JSON.stringify(row));
      const sets = cols.map((c) => `${column(table, c)} = (SELECT r.${quoteIdent(c)} FROM json_populate_record(NULL::${t}, ${source}::json) r)`);
      const where = whereClause(table, req.search, params);
      const returning = representation ? selectList(table, req.search.get('select')) : '1';
      return { sql: `UPDATE ${t} SET ${sets.join(', ')}${where} RETURNING ${returning}`, values: params.values, successStatus: representation ? 200 : 204, returnsRows: representation };
    }
    case 'DELETE': {
      const where = whereClause(table, req.search, params);
      const returning = representation ? selectList(table, req.search.get('select')) : '1';
      return { sql: `DELETE FROM ${t}${where} RETURNING ${returning}`, values: params.values, successStatus: representation ? 200 : 204, returnsRows: representation };
    }
    default:
      throw new RestError(405, { code: 'PGRST117', message: `Unsupported HTTP method: ${req.method}`, details: null, hint: null });
  }
}

async function inTransaction<T>(client: PoolClient, role: string, claims: Record<string, unknown>, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    await client.query(`SELECT set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`, [role, JSON.stringify(claims)]);
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

export function createRestHandler(options: { pool: Pool }): (req: RestRequest) => Promise<RestResponse> {
  const tables = new Map<string, TableInfo>();
  return async (req) => {
    const role = String(req.claims.role ?? 'anon');
    try {
      if (!API_ROLES.has(role)) {
        throw new RestError(401, { code: 'PGRST301', message: `JWT role "${role}" is not allowed`, details: null, hint: null });
      }
      const profile = req.headers['accept-profile'] ?? req.headers['content-profile'];
      if (profile && profile !== 'public') {
        throw new RestError(406, { code: 'PGRST106', message: 'The schema must be one of the following: public', details: null, hint: null });
      }
      const table = await tableInfo(options.pool, tables, req.table);
      const prefer = preferences(req.headers);
      const statement = buildStatement(req, table, prefer);
      const single = (req.headers['accept'] ?? '').startsWith('application/vnd.pgrst.object+json');
      const client = await options.pool.connect();
      let rows: Record<string, unknown>[];
      let total: number | null = null;
      try {
        ({ rows, total } = await inTransaction(client, role, req.claims, async () => {
          const result = await client.query(statement.sql, statement.values);
          const counted = statement.countSql ? (await client.query<{ n: number }>(statement.countSql.sql, statement.countSql.values)).rows[0]!.n : null;
          if (single && result.rows.length !== 1) {
            // PostgREST rolls the statement back when a single object was asked for and not found.
            throw new RestError(406, {
              code: 'PGRST116',
              message: 'JSON object requested, multiple (or no) rows returned',
              details: `The result contains ${result.rows.length} rows`,
              hint: null,
            });
          }
          return { rows: result.rows as Record<string, unknown>[], total: counted ?? (countOf(prefer) ? result.rowCount : null) };
        }));
      } finally {
        client.release();
      }
      const headers: Record<string, string> = {};
      if (total !== null) headers['content-range'] = rows.length > 0 && statement.returnsRows ? `0-${rows.length - 1}/${total}` : `*/${total}`;
      if (!statement.returnsRows) return { status: statement.successStatus, headers, body: null };
      return { status: statement.successStatus, headers, body: single ? rows[0] : rows };
    } catch (error) {
      if (error instanceof RestError) return { status: error.status, headers: {}, body: error.body };
      const e = error as { code?: string; message?: string; detail?: string; hint?: string };
      if (typeof e.code === 'string') {
        return {
          status: statusForPgError(e.code, role),
          headers: {},
          body: { code: e.code, message: e.message ?? 'error', details: e.detail ?? null, hint: e.hint ?? null },
        };
      }
      throw error;
    }
  };
}
