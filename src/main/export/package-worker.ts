// Worker entry (node:worker_threads): builds LMS packages off the main thread, so the event
// loop that answers IPC and drives the runner's timers is not held while ~30 lessons of
// Markdown are parsed. It stays up for as many packages as it is sent, one at a time
// (starting a worker costs more than building a small package): {id, course, format, options} in,
// {id, bytes} or {id, error} out. A package that cannot be built is an answer, not a crash.
import { parentPort } from 'node:worker_threads';
import type { CourseTree } from '../../shared/domain';
import { buildPackage, type PackageFormat, type PackageOptions } from './course-file';

export interface PackageRequest {
  id: number;
  course: CourseTree;
  format: PackageFormat;
  options: PackageOptions;
}

export type PackageAnswer = { id: number; bytes: Uint8Array; error?: undefined } | { id: number; error: string; bytes?: undefined };

parentPort?.on('message', ({ id, course, format, options }: PackageRequest) => {
  let answer: PackageAnswer;
  try {
    answer = { id, bytes: buildPackage(course, format, options) };
  } catch (error) {
    answer = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(answer);
});
