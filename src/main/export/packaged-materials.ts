// The source files of a course for a package, read from the data folder, in the course's
// order: only ever loaded when the instructor asked for them (courses.export's
// includeMaterials). A file that should be there and is not fails the export with its name,
// rather than leaving a package that silently lacks what was asked for.
import { readFile } from 'node:fs/promises';
import type { Store } from '../db/store';
import type { MaterialFiles } from '../sources/material-files';
import type { PackagedMaterial } from './course-file';

export async function packagedMaterials(store: Store, files: MaterialFiles, courseId: string): Promise<PackagedMaterial[]> {
  const out: PackagedMaterial[] = [];
  for (const material of store.materials.forCourse(courseId)) {
    try {
      out.push({ sha256: material.sha256, fileName: material.fileName, bytes: await readFile(files.pathOf(material.sha256)) });
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it is missing from the data folder' : (error as Error).message;
      throw new Error(`The source file ${material.fileName} could not be included: ${why}. Export without the source files, or attach it again.`, { cause: error });
    }
  }
  return out;
}
