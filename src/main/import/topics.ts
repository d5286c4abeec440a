// Batch topic import (CSV, JSON, one topic per line). Every row is checked with the
// schema a typed-in topic passes; bad rows come back as {line, message} and never take
// the good rows down with them. Pure: no file system, so the app and the CLI share it.
import { MAX_IMPORT_CHARS, type ParsedTopicRow, type TopicParseResult } from '../../shared/ipc-contract';
import { readCsvRecords } from './csv-records';
import { TOPIC_FIELDS, checkTopicRow, type TopicField } from './topic-row';
import { readSourcesValue } from './topic-sources';

export type TopicFormat = 'csv' | 'json' | 'lines';
export const TOPIC_FORMATS: readonly TopicFormat[] = ['csv', 'json', 'lines'];

export const CSV_HEADER_EXAMPLE = TOPIC_FIELDS.join(',');

/** "line 7: projects must be between 3 and 8" — how the CLI and logs print an import error. */
export function formatTopicError(error: { line: number; message: string }): string {
  return `line ${error.line}: ${error.message}`;
}

export function parseTopics(text: string, format: TopicFormat): TopicParseResult {
  if (text.length > MAX_IMPORT_CHARS) {
    return { rows: [], errors: [{ line: 1, message: 'the import is larger than 5 MB; split it into smaller files' }] };
  }
  switch (format) {
    case 'csv':
      return parseCsv(text);
    case 'json':
      return parseJsonTopics(text);
    case 'lines':
      return parseLines(text);
    default:
      throw new Error(`Unknown topic format "${String(format)}"; expected one of ${TOPIC_FORMATS.join(', ')}.`);
  }
}

/** Guesses the format of an import from its file name, then from its first characters. */
export function detectTopicFormat(text: string, fileName = ''): TopicFormat {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'csv') return 'csv';
  if (ext === 'json') return 'json';
  if (ext === 'txt') return 'lines';
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body.startsWith('[') || body.startsWith('{')) return 'json';
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.split(',').some((cell) => cell.trim().replace(/^"|"$/g, '').toLowerCase() === 'topic')) return 'csv';
  return 'lines';
}

function parseCsv(text: string): TopicParseResult {
  const { records, errors } = readCsvRecords(text);
  const header = records[0];
  const first = errors[0];
  if (first && (!header || first.line < header.line)) {
    // The first record is broken, so there is no header; guessing columns would misfile every row.
    return { rows: [], errors: [{ line: first.line, message: `the header row cannot be read: ${first.message}` }] };
  }
  if (!header) return { rows: [], errors: [{ line: 1, message: 'the file is empty' }] };

  const columns = new Map<TopicField | 'sources', number>();
  const headerErrors: { line: number; message: string }[] = [];
  header.fields.forEach((name, index) => {
    const key = name.trim().toLowerCase() as TopicField | 'sources';
    if (!(TOPIC_FIELDS as readonly string[]).includes(key) && key !== 'sources') return; // unknown columns are ignored
    if (columns.has(key)) headerErrors.push({ line: header.line, message: `the column "${key}" appears twice; the first one is used` });
    else columns.set(key, index);
  });
  if (!columns.has('topic')) {
    return {
      rows: [],
      errors: [
        {
          line: header.line,
          message: `the header row has no "topic" column; the first row must name the columns, e.g. ${CSV_HEADER_EXAMPLE}`,
        },
      ],
    };
  }

  const rows: ParsedTopicRow[] = [];
  const rowErrors = [...headerErrors, ...errors];
  const width = header.fields.length;
  for (let i = 1; i < records.length; i++) {
    const { line, fields } = records[i]!;
    if (fields.length > width) {
      // Usually an unquoted comma: the values after it have slid into the wrong columns.
      rowErrors.push({ line, message: `this row has ${fields.length} values but the header has ${width}; quote values that contain commas` });
      continue;
    }
    if (fields.every((f) => f.trim() === '')) continue; // a row of empty cells, e.g. ",,,,," from a spreadsheet
    const raw: Partial<Record<TopicField | 'sources', unknown>> = {};
    for (const [key, index] of columns) raw[key] = fields[index];
    const row = checkRow(line, raw);
    if ('topic' in row) rows.push(row);
    else rowErrors.push(row);
  }
  rowErrors.sort((a, b) => a.line - b.line);
  return { rows, errors: rowErrors };
}

function parseJsonTopics(text: string): TopicParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { rows: [], errors: [{ line: 1, message: `the text is not valid JSON (${(error as Error).message})` }] };
  }
  const items = Array.isArray(data)
    ? data
    : typeof data === 'object' && data !== null && Array.isArray((data as { topics?: unknown }).topics)
      ? ((data as { topics: unknown[] }).topics)
      : null;
  if (!items) {
    return { rows: [], errors: [{ line: 1, message: 'expected a JSON array of topics, or an object with a "topics" array' }] };
  }
  const rows: ParsedTopicRow[] = [];
  const errors: { line: number; message: string }[] = [];
  items.forEach((item, index) => {
    const line = index + 1;
    // A bare string is shorthand for a topic with every default.
    const raw = typeof item === 'string' ? { topic: item } : item;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      errors.push({ line, message: 'expected an object with a "topic" field, or a topic as a string' });
      return;
    }
    const row = checkRow(line, raw as Partial<Record<TopicField | 'sources', unknown>>);
    if ('topic' in row) rows.push(row);
    else errors.push(row);
  });
  return { rows, errors };
}

/** A CSV row or JSON item: its topic, and its sources as written (only when it names some). */
function checkRow(line: number, raw: Partial<Record<TopicField | 'sources', unknown>>): ParsedTopicRow | { line: number; message: string } {
  const checked = checkTopicRow(raw);
  const sources = readSourcesValue(raw.sources);
  const messages = [...(checked.ok ? [] : [checked.message]), ...(sources.ok ? [] : [sources.message])];
  if (!checked.ok || !sources.ok) return { line, message: messages.join('; ') };
  return sources.sources.length > 0 ? { line, topic: checked.topic, sources: sources.sources } : { line, topic: checked.topic };
}

function parseLines(text: string): TopicParseResult {
  const rows: ParsedTopicRow[] = [];
  const errors: { line: number; message: string }[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .forEach((value, index) => {
      if (value.trim() === '') return;
      const checked = checkTopicRow({ topic: value });
      if (checked.ok) rows.push({ line: index + 1, topic: checked.topic });
      else errors.push({ line: index + 1, message: checked.message });
    });
  return { rows, errors };
}
