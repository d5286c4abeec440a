// Worker entry (node:worker_threads): builds one LMS package off the main thread, so the
// event loop that answers IPC and drives the runner's timers is not held while ~30
// lessons of Markdown are parsed. Given {course, format} as workerData; posts the bytes back.
import { parentPort, workerData } from 'node:worker_threads';
import type { CourseTree } from '../../shared/domain';
import { buildPackage, type PackageFormat } from './course-file';

const { course, format } = workerData as { course: CourseTree; format: PackageFormat };
parentPort?.postMessage(buildPackage(course, format));
