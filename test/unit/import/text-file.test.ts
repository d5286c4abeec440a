// Imported files as the bytes real tools write: Excel's default CSV (Windows-1252), Excel's
// "CSV UTF-8" (UTF-8 with a BOM), "Unicode Text" (UTF-16 LE with a BOM), and UTF-16 BE.
import { describe, expect, it } from 'vitest';
import { parseTopics } from '../../../src/main/import/topics';
import { decodeTextFile } from '../../../src/shared/text-file';

const CSV = 'topic,notes\r\nCafé culture,naïve résumé\r\n';
// As Windows-1252 writes it: one byte a character, é = E9 and ï = EF (Latin-1 agrees on these).
const CP1252 = Uint8Array.from(Buffer.from(CSV, 'latin1'));
const UTF8_BOM = Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from(CSV, 'utf8')]);
const UTF16LE_BOM = Uint8Array.from([0xff, 0xfe, ...Buffer.from(CSV, 'utf16le')]);
const UTF16BE_BOM = Uint8Array.from([0xfe, 0xff, ...Buffer.from(CSV, 'utf16le').swap16()]);

const NOT_UTF8 = 'topics.csv is not UTF-8 text; in Excel, save it as “CSV UTF-8 (Comma delimited)”; in a text editor, save it with UTF-8 encoding.';

function imported(bytes: Uint8Array) {
  const decoded = decodeTextFile(bytes, 'topics.csv');
  if (!decoded.ok) throw new Error(decoded.message);
  return parseTopics(decoded.text, 'csv');
}

describe('decodeTextFile', () => {
  it('refuses a Windows-1252 file (Excel’s default CSV) and says how to save it instead', () => {
    expect([CP1252.length, CP1252[16]]).toEqual([CSV.length, 0xe9]);
    expect(decodeTextFile(CP1252, 'topics.csv')).toEqual({ ok: false, message: NOT_UTF8 });
  });

  it('reads UTF-8 with and without a BOM, dropping the BOM', () => {
    for (const bytes of [UTF8_BOM, Buffer.from(CSV, 'utf8')]) {
      const r = imported(bytes);
      expect(r.errors).toEqual([]);
      expect(r.rows.map((x) => [x.topic.topic, x.topic.notes])).toEqual([['Café culture', 'naïve résumé']]);
    }
    expect(decodeTextFile(UTF8_BOM, 'x')).toEqual({ ok: true, text: CSV });
  });

  it('reads UTF-16 little- and big-endian files that start with a BOM', () => {
    for (const bytes of [UTF16LE_BOM, UTF16BE_BOM]) {
      expect(decodeTextFile(bytes, 'x')).toEqual({ ok: true, text: CSV });
      expect(imported(bytes).rows.map((x) => x.topic.topic)).toEqual(['Café culture']);
    }
  });

  it('refuses UTF-16 without a BOM, broken UTF-16 and binary files rather than importing garbage', () => {
    expect(decodeTextFile(Buffer.from(CSV, 'utf16le'), 'topics.csv')).toEqual({ ok: false, message: NOT_UTF8 });
    // An odd number of bytes cannot be UTF-16.
    expect(decodeTextFile(UTF16LE_BOM.subarray(0, 9), 'topics.csv')).toEqual({
      ok: false,
      message: 'topics.csv starts like UTF-16 text but is not valid UTF-16; in Excel, save it as “CSV UTF-8 (Comma delimited)”; in a text editor, save it with UTF-8 encoding.',
    });
    // The start of an .xlsx (a zip archive).
    expect(decodeTextFile(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]), 'topics.csv')).toEqual({ ok: false, message: NOT_UTF8 });
  });

  it('an empty file is empty text, left for the parser to report', () => {
    expect(decodeTextFile(new Uint8Array(0), 'x')).toEqual({ ok: true, text: '' });
    expect(decodeTextFile(Uint8Array.from([0xef, 0xbb, 0xbf]), 'x')).toEqual({ ok: true, text: '' });
  });
});
