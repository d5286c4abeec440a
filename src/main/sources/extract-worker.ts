// Worker entry (node:worker_threads): reads materials off the main thread, so a 300-page PDF
// does not hold the event loop that answers IPC and drives the runner. One request at a time
// (the runner sends the next only after this one's answer): {id, bytes, fileName, format,
// options} in, {id, content} or {id, failure} out. A file that cannot be read is an answer,
// not a crash.
import { parentPort } from 'node:worker_threads';
import type { MaterialFormat } from '../../shared/materials';
import { MaterialError, type MaterialFailure } from './errors';
import { extractMaterial, type ExtractOptions, type MaterialContent } from './extract';

export interface ExtractRequest {
  id: number;
  bytes: Uint8Array;
  fileName: string;
  format: MaterialFormat;
  options: ExtractOptions;
}

export type ExtractAnswer = { id: number; content: MaterialContent; failure?: undefined } | { id: number; failure: MaterialFailure; content?: undefined };

parentPort?.on('message', (request: ExtractRequest) => {
  void answer(request).then((message) => parentPort!.postMessage(message));
});

async function answer({ id, bytes, fileName, format, options }: ExtractRequest): Promise<ExtractAnswer> {
  try {
    return { id, content: await extractMaterial(bytes, fileName, format, options) };
  } catch (error) {
    const failure =
      error instanceof MaterialError
        ? { code: error.code, message: error.message }
        : { code: 'unreadable' as const, message: `${fileName} could not be read: ${error instanceof Error ? error.message : String(error)}` };
    return { id, failure };
  }
}
