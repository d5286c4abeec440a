// Splits CSV text into records with the file line each starts on, using csv-parse for the
// grammar. Quoting is strict, and a record the parser rejects is one bad row however many
// lines it covers: its extent is found with the same quoting rules, read leniently, so the
// lines inside a broken quoted value are never read as rows of their own. Parsing starts
// again after that record, keeping every good row before and after it.
// One exception: a value that spans lines only because of one stray quote (it is never
// closed, or what closes it opens a value on a later line) while every line it swallowed is
// a complete row by itself. Then that reading is preferred: the line with the stray quote is
// the bad row, and the lines after it are read as rows of their own.
import { CsvError, parse } from 'csv-parse/sync';

export interface CsvRecord {
  /** 1-based line the record starts on. */
  line: number;
  fields: string[];
}

export interface CsvSyntaxError {
  line: number;
  message: string;
}

/** After this many broken records the rest is not worth guessing at (and each restart re-reads the tail). */
export const MAX_SYNTAX_ERRORS = 200;

function describe(error: CsvError, start: number, end: number, toEndOfFile: boolean): string {
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return end > start && toEndOfFile
      ? `a quoted value starts here but its closing quote is missing, so the rest of the file (lines ${start}–${end}) was read as part of it and not imported`
      : 'a quoted value starts here but its closing quote is missing';
  }
  // A quoted value on the row may run over several lines: say which, as none of them was imported.
  const span = end > start ? `; lines ${start}–${end} belong to this row, so none of them was imported` : '';
  switch (error.code) {
    case 'INVALID_OPENING_QUOTE':
      return `a " appears inside a value that is not quoted; wrap the value in double quotes and double the inner quote ("5"" pipe")${span}`;
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `a quoted value that starts on this row does not end properly; a " inside a quoted value must be doubled ("")${span}`;
    default:
      return `this row cannot be read as CSV (${error.message})${span}`;
  }
}

const STRAY_QUOTE =
  'a quoted value starts here but its closing quote is missing; the lines after it are complete rows, so they were read as rows of their own';

/**
 * Where a record that starts at `from` ends (the offset after its line break), reading the
 * quoting leniently: a value whose first non-blank character is " runs to the next single ",
 * even one followed by text (that text joins the value); any other " is literal. An
 * unclosed quote runs to the end of the text.
 */
function recordEnd(text: string, from: number): number {
  let i = from;
  let fieldStart = true;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') return i + 1;
    if (c === ',') {
      fieldStart = true;
    } else if (c === '"' && fieldStart) {
      for (i = text.indexOf('"', i + 1); i !== -1 && text[i + 1] === '"'; i = text.indexOf('"', i + 2));
      if (i === -1) return text.length;
      fieldStart = false;
    } else if (c !== ' ' && c !== '\t') {
      fieldStart = false;
    }
    i++;
  }
  return text.length;
}

/**
 * Whether the broken record starting on line `start` is one stray quote: the value it opens
 * on that line runs past the line's end and is either never closed or "closed" by a quote
 * that begins a value of a later line, and every line in between (blank ones aside) parses
 * by itself as one record of `width` fields, as the header has.
 */
function isStrayQuote(text: string, lineStarts: readonly number[], start: number, width: number): boolean {
  const lineEnd = lineStarts[start] ?? text.length;
  // Find the value on this line that runs past its end, with recordEnd's lenient rules.
  let open = -1;
  let close = -1;
  let fieldStart = true;
  for (let i = lineStarts[start - 1]!; i < lineEnd && open === -1; i++) {
    const c = text[i]!;
    if (c === ',') {
      fieldStart = true;
    } else if (c === '"' && fieldStart) {
      let j = text.indexOf('"', i + 1);
      while (j !== -1 && text[j + 1] === '"') j = text.indexOf('"', j + 2);
      if (j === -1 || j >= lineEnd) {
        open = i;
        close = j;
      } else {
        i = j;
        fieldStart = false;
      }
    } else if (c !== ' ' && c !== '\t') {
      fieldStart = false;
    }
  }
  if (open === -1) return false;
  let lastSwallowed = lineStarts.length;
  if (close !== -1) {
    const closeLine = lineAt(lineStarts, close);
    const before = text.slice(lineStarts[closeLine - 1], close);
    // A quote after other text on its line really closes a value: a multi-line value gone wrong.
    if (before.slice(before.lastIndexOf(',') + 1).trim() !== '') return false;
    lastSwallowed = closeLine - 1;
  }
  for (let line = start + 1; line <= lastSwallowed; line++) {
    const content = text.slice(lineStarts[line - 1], lineStarts[line] ?? text.length).replace(/\n$/, '');
    if (content.trim() === '') continue;
    try {
      const rows = parse(content, { relax_column_count: true }) as string[][];
      if (rows.length !== 1 || rows[0]!.length !== width) return false;
    } catch {
      return false;
    }
  }
  return true;
}

const newlines = (s: string): number => {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
};

export function readCsvRecords(text: string): { records: CsvRecord[]; errors: CsvSyntaxError[] } {
  // One line ending everywhere: csv-parse miscounts lines when CRLF sits inside a quoted
  // value, and a CRLF inside a note is better stored as a plain newline anyway.
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lineStarts = [0];
  for (let i = normalised.indexOf('\n'); i !== -1; i = normalised.indexOf('\n', i + 1)) lineStarts.push(i + 1);

  const records: CsvRecord[] = [];
  const errors: CsvSyntaxError[] = [];
  let fromLine = 1;
  while (fromLine <= lineStarts.length) {
    const offset = fromLine - 1;
    let lastEnd = offset;
    try {
      parse(normalised.slice(lineStarts[offset]), {
        skip_empty_lines: true,
        relax_column_count: true,
        on_record: (fields: string[], info) => {
          const end = info.lines + offset;
          // A value may span lines; the row starts where its first line is.
          records.push({ line: end - fields.reduce((n, f) => n + newlines(f), 0), fields });
          lastEnd = end;
          return null;
        },
      });
      break;
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      // The broken record starts on the first non-blank line after the last good one.
      let start = lastEnd + 1;
      while (start < lineStarts.length && normalised.slice(lineStarts[start - 1], lineStarts[start]).trim() === '') start++;
      const endOffset = recordEnd(normalised, lineStarts[start - 1]!);
      // The line holding the record's last character (its line break, if it has one).
      const end = Math.max(start, lineAt(lineStarts, endOffset - 1));
      const toEndOfFile = endOffset >= normalised.length;
      const header = records[0];
      const stray = end > start && header !== undefined && header.line < start && isStrayQuote(normalised, lineStarts, start, header.fields.length);
      errors.push({ line: start, message: stray ? STRAY_QUOTE : describe(error, start, end, toEndOfFile) });
      if (errors.length >= MAX_SYNTAX_ERRORS) {
        errors.push({ line: start, message: `stopped after ${MAX_SYNTAX_ERRORS} unreadable rows; fix the quoting and import again` });
        break;
      }
      fromLine = stray ? start + 1 : end + 1;
    }
  }
  return { records, errors };
}

/** 1-based line of a character offset. */
function lineAt(lineStarts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
