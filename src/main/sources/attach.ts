// Attaching files to a course: each file is read (size checked first), hashed, read into text
// in the extractor (a worker in the app), stored by its hash and linked to the course. Bytes
// already stored and read by this version of the readers are not read again: the second course
// to use a file only links it. Every file gets its own answer; one failing never stops the
// others. A file that was read but could not be understood (password, scan, damage) is kept
// and linked with its reason, so the course lists it and says why; one that is too large or
// of an unknown kind is refused before anything is stored. Without a course (the wizard's
// topic form, before the course exists) files are stored and read but only "staged": kept in
// memory (staged.ts) until `courses.create` links them, so a release meanwhile spares them.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { MAX_MATERIAL_BYTES, tooLargeMessage, type AttachResult, type CourseMaterial, type MaterialFormat } from '../../shared/materials';
import { courseMaterialView } from '../db/repositories/materials';
import type { Store } from '../db/store';
import { DEFAULT_CHARS_PER_TOKEN } from '../estimate/calibration';
import { MaterialError, toFailure, type MaterialFailure } from './errors';
import { EXTRACTOR_VERSION } from './extractor-version';
import type { Extractor } from './extractor';
import { formatOf } from './formats';
import type { MaterialFiles } from './material-files';
import type { StagedMaterials } from './staged';

export { MAX_MATERIAL_BYTES, tooLargeMessage, type AttachResult };

export interface MaterialInput {
  path: string;
  /** The name the course shows; the file's own name by default. */
  name?: string;
}

export interface AttachDeps {
  store: Store;
  files: MaterialFiles;
  extract: Extractor;
  charsPerToken?: number;
  maxBytes?: number;
}

/** Where a stored file goes: linked to a course, or staged for a course not created yet. */
interface Target {
  /** Called inside the write that stored (or found) the material. */
  link(hash: string, fileName: string): void;
  material(hash: string, fileName: string): CourseMaterial;
}

export async function attachMaterials(deps: AttachDeps, courseId: string, inputs: readonly MaterialInput[]): Promise<AttachResult[]> {
  const { store } = deps;
  store.courses.require(courseId);
  const target: Target = {
    link: (hash, fileName) => store.materials.link(courseId, hash, fileName),
    material: (hash) => store.materials.forCourse(courseId).find((m) => m.sha256 === hash)!,
  };
  const results: AttachResult[] = [];
  for (const input of inputs) results.push(await attachOne(deps, target, input));
  return results;
}

/**
 * Stores and reads the files without a course: each stored material is staged in the same
 * step, so no release can take it before `courses.create` links it. Their `position` is their
 * place in `inputs`.
 */
export async function stageMaterials(deps: AttachDeps, staged: StagedMaterials, inputs: readonly MaterialInput[]): Promise<AttachResult[]> {
  const { store } = deps;
  const results: AttachResult[] = [];
  for (const [position, input] of inputs.entries()) {
    const target: Target = {
      link: (hash) => staged.add(hash),
      material: (hash, fileName) => courseMaterialView(store.materials.get(hash)!, fileName, position),
    };
    results.push(await attachOne(deps, target, input));
  }
  return results;
}



async function attachOne(deps: AttachDeps, target: Target, input: MaterialInput): Promise<AttachResult> {
  const fileName = input.name ?? basename(input.path);
  const maxBytes = deps.maxBytes ?? MAX_MATERIAL_BYTES;
  const { store, files } = deps;
  let format: MaterialFormat;
  let bytes: Buffer;
  let hash: string;
  try {
    format = formatOf(fileName);
    ({ bytes, hash } = await readAndHash(input.path, fileName, maxBytes));
  } catch (error) {
    return { fileName, ok: false, error: failureOf(error, fileName), material: null };
  }
  const meta = { sha256: hash, fileName, format, sizeBytes: bytes.length };
  try {
    const known = store.materials.get(hash);
    if (known && !known.error && known.extractorVersion === EXTRACTOR_VERSION && known.format === format) {
      // Linked only if the row is still there in this transaction (another process may have
      // released it meanwhile); the bytes are put back after, as the link now holds them.
      const reused = store.write(() => {
        if (store.materials.get(hash) === null) return false;
        target.link(hash, fileName);
        return true;
      });
      if (reused) {
        files.put(bytes, hash);
        return { fileName, ok: true, material: target.material(hash, fileName), reused: true };
      }
    }
    let content;
    try {
      content = await deps.extract(bytes, fileName, format, { charsPerToken: deps.charsPerToken ?? DEFAULT_CHARS_PER_TOKEN });
    } catch (error) {
      const failure = failureOf(error, fileName);
      files.put(bytes, hash);
      store.write(() => {
        store.materials.saveFailed(meta, failure, EXTRACTOR_VERSION);
        target.link(hash, fileName);
      });
      return { fileName, ok: false, error: failure, material: target.material(hash, fileName) };
    }
    files.put(bytes, hash);
    store.write(() => {
      store.materials.saveExtracted(meta, content, EXTRACTOR_VERSION);
      target.link(hash, fileName);
    });
    return { fileName, ok: true, material: target.material(hash, fileName), reused: false };
  } catch (error) {
    // Storing failed (disk full, database busy): this file only, reported as such.
    return { fileName, ok: false, error: { code: 'unreadable', message: `${fileName} could not be stored: ${error instanceof Error ? error.message : String(error)}` }, material: null };
  }
}

function failureOf(error: unknown, fileName: string): MaterialFailure {
  if (error instanceof MaterialError) return toFailure(error);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { code: 'unreadable', message: `${fileName} was not found.` };
  if (code === 'EACCES' || code === 'EPERM') return { code: 'unreadable', message: `${fileName} cannot be opened: permission denied.` };
  if (code === 'EISDIR') return { code: 'unsupported_type', message: `${fileName} is a folder, not a file.` };
  return { code: 'unreadable', message: `${fileName} could not be read: ${error instanceof Error ? error.message : String(error)}` };
}

/**
 * The file's bytes and sha256, read in one pass of small slices (a 60 MB file hashed at once
 * would hold the event loop for a noticeable moment). The size is checked before reading and
 * again while reading, for a file that grows meanwhile.
 */
async function readAndHash(path: string, fileName: string, maxBytes: number): Promise<{ bytes: Buffer; hash: string }> {
  const tooLarge = (size: number) => new MaterialError('too_large', tooLargeMessage(fileName, size, maxBytes));
  const info = await stat(path);
  if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  if (info.size > maxBytes) throw tooLarge(info.size);
  const hash = createHash('sha256');
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of createReadStream(path, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    size += part.length;
    if (size > maxBytes) throw tooLarge(size);
    hash.update(part);
    parts.push(part);
  }
  return { bytes: Buffer.concat(parts, size), hash: hash.digest('hex') };
}
