// Dropped files as materials.attach takes them, shared by the wizard and the course overview:
// in the desktop app each file's path (the preload's pathForFile) goes in one request; where
// there is none (a browser) each file's bytes go in a request of its own, as a request has a
// size limit and a file its own. A file too large, or unreadable, is answered here.
import { MAX_MATERIAL_BYTES, tooLargeMessage, type AttachResult, type MaterialFileInput } from '../../shared/materials';
import { api, errorMessage } from './api';

export interface FileToAttach {
  fileName: string;
  input: MaterialFileInput;
}

export const failedAttach = (fileName: string, message: string, code: 'too_large' | 'unreadable' = 'unreadable'): AttachResult => ({
  fileName,
  ok: false,
  error: { code, message },
  material: null,
});

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error(`${file.name} could not be read.`));
    reader.readAsDataURL(file);
  });
}

/** The name a chosen path is shown under. */
export const pathFileName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

/** Files from the OS dialog: one request. */
export const chosenFiles = (paths: readonly string[]): FileToAttach[] => paths.map((path) => ({ fileName: pathFileName(path), input: { path } }));

/** Splits a drop into requests (paths together, bytes one file each) and the files answered here. */
export async function droppedFiles(files: readonly File[]): Promise<{ requests: FileToAttach[][]; failed: AttachResult[] }> {
  const withPath: FileToAttach[] = [];
  const requests: FileToAttach[][] = [];
  const failed: AttachResult[] = [];
  for (const file of files) {
    const path = api().pathForFile(file);
    if (path) {
      withPath.push({ fileName: file.name, input: { path, name: file.name } });
      continue;
    }
    if (file.size > MAX_MATERIAL_BYTES) {
      failed.push(failedAttach(file.name, tooLargeMessage(file.name, file.size), 'too_large'));
      continue;
    }
    try {
      requests.push([{ fileName: file.name, input: { name: file.name, dataBase64: await readBase64(file) } }]);
    } catch (error) {
      failed.push(failedAttach(file.name, `${file.name} could not be read: ${errorMessage(error)}`));
    }
  }
  if (withPath.length > 0) requests.unshift(withPath);
  return { requests, failed };
}
