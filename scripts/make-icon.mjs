#!/usr/bin/env node
/* global Buffer */
// Draws the app icon (resources/icon.png, 512×512 RGBA) without any image library: a
// rounded violet-blue tile with a white outline card — three "lesson" lines, the first
// with a progress dot. Re-run after changing the drawing: node scripts/make-icon.mjs
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const SAMPLES = 4; // supersampling per axis, for smooth edges
const out = resolve(dirname(fileURLToPath(import.meta.url)), '../resources/icon.png');

function roundedRect(x, y, left, top, right, bottom, radius) {
  const cx = Math.min(Math.max(x, left + radius), right - radius);
  const cy = Math.min(Math.max(y, top + radius), bottom - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2 && x >= left && x <= right && y >= top && y <= bottom;
}

const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);

/** Colour (RGBA 0–255) of one sample point. */
function shade(x, y) {
  if (!roundedRect(x, y, 16, 16, 496, 496, 104)) return [0, 0, 0, 0];
  let color = [...mix([66, 99, 235], [112, 72, 232], (x + y) / (2 * SIZE)), 255];
  if (roundedRect(x, y, 120, 112, 392, 400, 36)) color = [255, 255, 255, 255];
  const lines = [
    [168, 176, 344, 204],
    [168, 244, 344, 272],
    [168, 312, 296, 340],
  ];
  for (const [l, t, r, b] of lines) if (roundedRect(x, y, l, t, r, b, 14)) color = [196, 204, 236, 255];
  if ((x - 344) ** 2 + (y - 326) ** 2 <= 30 ** 2) color = [55, 178, 77, 255];
  return color;
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // PNG filter: none
  for (let x = 0; x < SIZE; x++) {
    const acc = [0, 0, 0, 0];
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const c = shade(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES);
        // Premultiply so edges against transparency do not darken.
        acc[0] += c[0] * c[3];
        acc[1] += c[1] * c[3];
        acc[2] += c[2] * c[3];
        acc[3] += c[3];
      }
    }
    const o = y * (SIZE * 4 + 1) + 1 + x * 4;
    const alpha = acc[3] / (SAMPLES * SAMPLES);
    for (let i = 0; i < 3; i++) raw[o + i] = acc[3] === 0 ? 0 : Math.round(acc[i] / acc[3]);
    raw[o + 3] = Math.round(alpha);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
