// Reads a ZIP the way an LMS does, from its central directory, independently of the
// writer under test: names in order, each entry's bytes inflated and checked against its CRC.
import { crc32, inflateRawSync } from 'node:zlib';

export interface ReadEntry {
  path: string;
  data: Buffer;
  method: number;
  time: number;
  date: number;
}

export function readZip(bytes: Uint8Array): ReadEntry[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const endAt = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0) throw new Error('no end of central directory');
  const count = buf.readUInt16LE(endAt + 10);
  let at = buf.readUInt32LE(endAt + 16);
  const entries: ReadEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central header ${i}`);
    const method = buf.readUInt16LE(at + 10);
    const time = buf.readUInt16LE(at + 12);
    const date = buf.readUInt16LE(at + 14);
    const crc = buf.readUInt32LE(at + 16);
    const compressed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const path = buf.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local header for ${path}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const body = buf.subarray(start, start + compressed);
    const data = method === 8 ? inflateRawSync(body) : Buffer.from(body);
    if (data.length !== size || (crc32(data) >>> 0) !== crc) throw new Error(`bad size or CRC for ${path}`);
    entries.push({ path, data, method, time, date });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

export function zipFiles(bytes: Uint8Array): Map<string, string> {
  return new Map(readZip(bytes).map((e) => [e.path, e.data.toString('utf8')]));
}
