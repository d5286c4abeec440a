// Worker entry (node:worker_threads): builds one LMS package off the main thread, so the
// event loop that answers IPC and drives the runner's timers is not held while ~30
// lessons of Markdown are parsed. Given a PackageJob as workerData; posts the bytes back.
import { parentPort, workerData } from 'node:worker_threads';
import { buildPackage } from './course-file';
import type { PackageJob } from './package-worker-runner';

const { course, format, options } = workerData as PackageJob;
parentPort?.postMessage(buildPackage(course, format, options));
