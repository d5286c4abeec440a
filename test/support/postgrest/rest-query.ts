// Turns the PostgREST URL grammar that postgrest-js produces for our queries into one
// parameterised SQL statement: select lists, horizontal filters (eq, neq, gt/gte/lt/lte,
// like/ilike, is, in, and their not. forms), order, limit/offset, on_conflict and columns.
// Identifiers are checked against the table's real columns and quoted; every value is a
// bind parameter. Anything outside that subset is refused with PostgREST's PGRST100 rather
// than guessed at.

export interface TableInfo {
  name: string;
  columns: ReadonlySet<string>;
  primaryKey: readonly string[];
}

export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly body: { code: string; message: string; details: string | null; hint: string | null },
  ) {
    super(body.message);
  }
}

export const parseError = (message: string, details: string | null = null) =>
  new RestError(400, { code: 'PGRST100', message, details, hint: null });

const RESERVED = new Set(['select', 'order', 'limit', 'offset', 'on_conflict', 'columns']);
const COMPARISONS: Record<string, string> = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=', like: 'LIKE', ilike: 'ILIKE' };

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

export function column(table: TableInfo, name: string): string {
  if (!table.columns.has(name)) {
    throw new RestError(400, {
      code: '42703',
      message: `column ${table.name}.${name} does not exist`,
      details: null,
      hint: null,
    });
  }
  return quoteIdent(name);
}

/** `(a,b,"c,d")` → ['a', 'b', 'c,d'] */
export function parseList(raw: string): string[] {
  if (!raw.startsWith('(') || !raw.endsWith(')')) throw parseError(`"failed to parse filter (${raw})"`, 'expected a parenthesised list');
  const inner = raw.slice(1, -1);
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]!;
    if (quoted) {
      if (ch === '\\' && i + 1 < inner.length) current += inner[++i];
      else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      items.push(current);
      current = '';
    } else current += ch;
  }
  if (inner.length > 0) items.push(current);
  return items;
}

function filterSql(table: TableInfo, name: string, expression: string, params: SqlParams): string {
  if (name === 'and' || name === 'or' || name.includes('(') || name.includes('->')) {
    throw parseError(`"${name}" filters are not supported by the test server`);
  }
  const col = column(table, name);
  let negate = false;
  let rest = expression;
  if (rest.startsWith('not.')) {
    negate = true;
    rest = rest.slice(4);
  }
  const dot = rest.indexOf('.');
  if (dot < 0) throw parseError(`"failed to parse filter (${expression})"`);
  const op = rest.slice(0, dot);
  const value = rest.slice(dot + 1);
  let sql: string;
  if (op in COMPARISONS) {
    const pattern = op === 'like' || op === 'ilike' ? value.replace(/\*/g, '%') : value;
    sql = `${col} ${COMPARISONS[op]} ${params.add(pattern)}`;
  } else if (op === 'is') {
    const lowered = value.toLowerCase();
    if (!['null', 'true', 'false', 'unknown'].includes(lowered)) throw parseError(`"failed to parse filter (${expression})"`);
    sql = `${col} IS ${lowered.toUpperCase()}`;
  } else if (op === 'in') {
    sql = `${col} = ANY(${params.add(parseList(value))})`;
  } else {
    throw parseError(`"failed to parse filter (${expression})"`, `operator ${op} is not supported by the test server`);
  }
  return negate ? `NOT (${sql})` : sql;
}

export function whereClause(table: TableInfo, search: URLSearchParams, params: SqlParams): string {
  const parts: string[] = [];
  for (const [name, expression] of search) {
    if (RESERVED.has(name)) continue;
    parts.push(filterSql(table, name, expression, params));
  }
  return parts.length > 0 ? ` WHERE ${parts.join(' AND ')}` : '';
}

/** `*` or `a,b,alias:c`; no embedded resources, casts or JSON paths. */
export function selectList(table: TableInfo, raw: string | null): string {
  if (raw === null || raw === '' || raw === '*') return '*';
  return raw
    .split(',')
    .map((item) => {
      if (item === '*') return '*';
      if (/[()]|::|->/.test(item)) throw parseError(`"failed to parse select parameter (${raw})"`, 'embedding, casts and JSON paths are not supported by the test server');
      const [alias, name] = item.includes(':') ? (item.split(':') as [string, string]) : [null, item];
      const col = column(table, name);
      return alias ? `${col} AS ${quoteIdent(alias)}` : col;
    })
    .join(', ');
}

export function orderClause(table: TableInfo, raw: string | null): string {
  if (!raw) return '';
  const terms = raw.split(',').map((term) => {
    const [name, ...modifiers] = term.split('.');
    let sql = column(table, name!);
    for (const m of modifiers) {
      if (m === 'asc' || m === 'desc') sql += ` ${m.toUpperCase()}`;
      else if (m === 'nullsfirst' || m === 'nullslast') sql += ` NULLS ${m.slice(5).toUpperCase()}`;
      else throw parseError(`"failed to parse order (${raw})"`);
    }
    return sql;
  });
  return ` ORDER BY ${terms.join(', ')}`;
}

export function limitClause(search: URLSearchParams, params: SqlParams): string {
  let sql = '';
  for (const key of ['limit', 'offset'] as const) {
    const raw = search.get(key);
    if (raw === null) continue;
    if (!/^\d+$/.test(raw)) throw parseError(`"failed to parse ${key} (${raw})"`);
    sql += ` ${key.toUpperCase()} ${params.add(Number(raw))}`;
  }
  return sql;
}

/** The `columns` parameter (`"a","b"`) or the body's keys. */
export function insertColumns(table: TableInfo, search: URLSearchParams, rows: readonly Record<string, unknown>[]): string[] {
  const raw = search.get('columns');
  const names = raw
    ? raw.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'))
    : [...new Set(rows.flatMap((r) => Object.keys(r)))];
  if (names.length === 0) throw parseError('Empty or invalid json', 'no columns to insert');
  names.forEach((n) => column(table, n));
  return names;
}

export function conflictTarget(table: TableInfo, search: URLSearchParams): string[] {
  const raw = search.get('on_conflict');
  const names = raw ? raw.split(',').map((c) => c.trim()) : [...table.primaryKey];
  if (names.length === 0) throw parseError('on_conflict is required for a table without a primary key');
  names.forEach((n) => column(table, n));
  return names;
}
