// Splits CSV text into records with the file line each starts on, using csv-parse for the
// grammar. Quoting is strict, so a stray quote never silently swallows the rows after it:
// a record the parser rejects is reported at its first line and parsing starts again on
// the next line, keeping every good row before and after it.
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

function describe(error: CsvError): string {
  switch (error.code) {
    case 'INVALID_OPENING_QUOTE':
      return 'a " appears inside a value that is not quoted; wrap the value in double quotes and double the inner quote ("5"" pipe")';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quoted value that starts on this row does not end properly; a " inside a quoted value must be doubled ("")';
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted value starts here but its closing quote is missing';
    default:
      return `this row cannot be read as CSV (${error.message})`;
  }
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
      errors.push({ line: start, message: describe(error) });
      if (errors.length >= MAX_SYNTAX_ERRORS) {
        errors.push({ line: start, message: `stopped after ${MAX_SYNTAX_ERRORS} unreadable rows; fix the quoting and import again` });
        break;
      }
      fromLine = start + 1;
    }
  }
  return { records, errors };
}
