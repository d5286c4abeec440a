// A minimal, deterministic ZIP writer for the LMS packages: entries in the order given,
// every timestamp 1980-01-01 00:00 (the first DOS date), no extra fields, no comments, no
// OS-specific attributes, so the same entries always give the same bytes. Each entry is
// deflated when that makes it smaller and stored otherwise. No ZIP64: a course package is
// far below 4 GB and 65,535 entries, and larger input is refused rather than written wrong.
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  /** Path inside the archive: forward slashes, no leading slash, no `..`. */
  path: string;
  data: Uint8Array | string;
}

const DOS_TIME = 0; // 00:00:00
const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
const UTF8_NAMES = 1 << 11;
const VERSION = 20; // 2.0: deflate
const STORE = 0;
const DEFLATE = 8;
const LIMIT = 0xffff_ffff;

const utf8 = new TextEncoder();

export function zip(entries: readonly ZipEntry[]): Uint8Array {
  if (entries.length > 0xffff) throw new Error('Too many files for a ZIP without ZIP64');
  const seen = new Set<string>();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    checkPath(entry.path, seen);
    const name = utf8.encode(entry.path);
    const data = typeof entry.data === 'string' ? utf8.encode(entry.data) : entry.data;
    const deflated = deflateRawSync(data, { level: 9 });
    const method = deflated.length < data.length ? DEFLATE : STORE;
    const body = method === DEFLATE ? deflated : data;
    const crc = crc32(data) >>> 0;
    if (data.length >= LIMIT || offset + 30 + name.length + body.length >= LIMIT) throw new Error('Package too large for a ZIP without ZIP64');

    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, VERSION, true);
    lv.setUint16(6, UTF8_NAMES, true);
    lv.setUint16(8, method, true);
    lv.setUint16(10, DOS_TIME, true);
    lv.setUint16(12, DOS_DATE, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, body.length, true);
    lv.setUint32(22, data.length, true);
    lv.setUint16(26, name.length, true);
    lv.setUint16(28, 0, true);
    local.set(name, 30);

    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, VERSION, true); // made by: MS-DOS / FAT, so no Unix permissions are implied
    cv.setUint16(6, VERSION, true);
    cv.setUint16(8, UTF8_NAMES, true);
    cv.setUint16(10, method, true);
    cv.setUint16(12, DOS_TIME, true);
    cv.setUint16(14, DOS_DATE, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, body.length, true);
    cv.setUint32(24, data.length, true);
    cv.setUint16(28, name.length, true);
    // extra length, comment length, disk number, internal and external attributes: all 0
    cv.setUint32(42, offset, true);
    central.set(name, 46);

    locals.push(local, body);
    centrals.push(central);
    offset += local.length + body.length;
  }
  const centralSize = centrals.reduce((sum, c) => sum + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, centralSize, true);
  ev.setUint32(16, offset, true);

  const out = new Uint8Array(offset + centralSize + end.length);
  let at = 0;
  for (const part of [...locals, ...centrals, end]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function checkPath(path: string, seen: Set<string>): void {
  if (path === '' || path.startsWith('/') || path.includes('\\') || path.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new Error(`Not a safe path inside a package: ${JSON.stringify(path)}`);
  }
  if (seen.has(path)) throw new Error(`Two files with the same path in a package: ${path}`);
  seen.add(path);
}
