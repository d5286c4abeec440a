// materials.*: source materials attached to a course, or staged in the wizard before the course
// exists (courses.create links them); their list, removal (the file goes when nothing else
// uses it) and the read-only viewer's text. Dropped bytes without a path (a browser) are
// written to a temporary file and attached like a chosen file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { MAX_MATERIAL_BYTES, type AttachResult, type MaterialFileInput } from '../../../shared/materials';
import type { CoreContext } from '../../core/context';
import { attachMaterials, stageMaterials, tooLargeMessage, type MaterialInput } from '../../sources/attach';
import { releaseMaterials } from '../../sources/release';
import type { Handlers } from '../dispatch';
import { ConflictError, InputError, NotFoundError } from '../errors';
import { requireNotGenerating } from './guards';

/** The decoded size of a base64 text, without decoding it. */
export const base64Bytes = (text: string): number => Math.floor((text.length * 3) / 4) - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);

export function materialHandlers(core: CoreContext) {
  const { store } = core;
  const { files, extract, staged } = core.materials;
  const deps = { store, files, extract };

  /** Lets go of materials nothing uses any more, sparing the staged ones; never fails the command that asked. */
  const release = (): string[] => {
    try {
      return releaseMaterials(store, files, staged.live());
    } catch (error) {
      console.warn(`source materials were not let go yet (the next start tries again): ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  };

  return {
    'materials.attach': async ({ courseId, files: wanted }) => {
      if (courseId !== undefined) {
        store.courses.require(courseId);
        requireNotGenerating(core, courseId, 'add source materials');
      }
      wanted.forEach((file, i) => {
        if ('path' in file && !isAbsolute(file.path)) throw new InputError([{ path: `files[${i}].path`, message: 'Expected an absolute path.' }]);
      });
      const temp = wanted.some((file) => 'dataBase64' in file) ? await mkdtemp(join(tmpdir(), 'course-studio-drop-')) : null;
      try {
        // Answers decided here (a drop too large to decode) keep their place among the others.
        const early = new Map<number, AttachResult>();
        const inputs: { index: number; input: MaterialInput }[] = [];
        for (const [index, file] of wanted.entries()) {
          const prepared = await prepare(file, index, temp);
          if ('result' in prepared) early.set(index, prepared.result);
          else inputs.push({ index, input: prepared.input });
        }
        const attached =
          inputs.length === 0
            ? []
            : courseId !== undefined
              ? await attachMaterials(deps, courseId, inputs.map((i) => i.input))
              : await stageMaterials(deps, staged, inputs.map((i) => i.input));
        const byIndex = new Map(inputs.map((i, at) => [i.index, attached[at]!]));
        return wanted.map((_, index) => early.get(index) ?? byIndex.get(index)!);
      } finally {
        if (temp) await rm(temp, { recursive: true, force: true });
      }
    },
    'materials.list': ({ courseId }) => {
      store.courses.require(courseId);
      return store.materials.forCourse(courseId);
    },
    'materials.remove': ({ courseId, sha256 }) => {
      store.courses.require(courseId);
      requireNotGenerating(core, courseId, 'remove a source material');
      const removed = store.write(() => store.materials.unlink(courseId, sha256));
      if (!removed) throw new NotFoundError('That material is not attached to this course (it may have been removed already).');
      return { removed: true, released: release().includes(sha256) };
    },
    'materials.view': ({ courseId, sha256 }) => {
      store.courses.require(courseId);
      const fileName = store.materials.nameInCourse(courseId, sha256);
      const stored = fileName === null ? null : store.materials.get(sha256);
      if (fileName === null || !stored) throw new NotFoundError('This course has no such material.');
      const content = store.materials.content(sha256);
      if (!content) throw new ConflictError(`${fileName} has no text to show: ${stored.error?.message ?? 'it could not be read.'}`);
      return { sha256, fileName, format: stored.format, text: content.text, sections: content.sections };
    },
  } satisfies Partial<Handlers>;
}

/** A file as attachMaterials takes it: a path as given, or dropped bytes written to `temp` (too large: answered here, not decoded). */
async function prepare(file: MaterialFileInput, index: number, temp: string | null): Promise<{ input: MaterialInput } | { result: AttachResult }> {
  if ('path' in file) return { input: file.name === undefined ? { path: file.path } : { path: file.path, name: file.name } };
  const size = base64Bytes(file.dataBase64);
  if (size > MAX_MATERIAL_BYTES) {
    return { result: { fileName: file.name, ok: false, error: { code: 'too_large', message: tooLargeMessage(file.name, size) }, material: null } };
  }
  // The name the person sees is kept apart from the temporary file's, which is only a number.
  const path = join(temp!, String(index));
  await writeFile(path, Buffer.from(file.dataBase64, 'base64'), { mode: 0o600 });
  return { input: { path, name: file.name } };
}
