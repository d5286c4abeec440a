// One course as the file a format asks for: the name, the MIME type and the bytes (or text).
// The IPC handler, the CLI and the worker all go through here, so a course exported from the
// app and from the command line is the same file under the same name.
import type { CourseExportFormat } from '../../shared/course-export';
import type { CourseTree } from '../../shared/domain';
import { courseTitle, exportCourse, slugify } from './course-export';
import { exportImscc } from './imscc';
import { exportScorm12 } from './scorm12';

export type PackageFormat = Extract<CourseExportFormat, 'imscc' | 'scorm12'>;

/** A source file the instructor asked to include in a package, with its bytes. */
export interface PackagedMaterial {
  sha256: string;
  /** The name the course gave it. */
  fileName: string;
  bytes: Uint8Array;
}

/** What a package takes from Settings besides the course. */
export interface PackageOptions {
  /** SCORM 1.2: percent of the graded questions to pass; default 80. */
  masteryScore?: number;
  /** The course's source files, only when the instructor asks for them (never by default). */
  materials?: PackagedMaterial[];
}

/** Builds a package's bytes: in this thread (packageInProcess) or in a worker (package-worker-runner.ts). */
export type PackageBuilder = (course: CourseTree, format: PackageFormat, options?: PackageOptions) => Promise<Uint8Array>;

export interface CourseFile {
  filename: string;
  mimeType: string;
  /** Text for Markdown and JSON, bytes for the LMS packages. */
  data: string | Uint8Array;
}

const PACKAGES: Record<PackageFormat, { suffix: string; mimeType: string }> = {
  imscc: { suffix: '.imscc', mimeType: 'application/zip' },
  scorm12: { suffix: '-scorm12.zip', mimeType: 'application/zip' },
};

export function isPackageFormat(format: CourseExportFormat): format is PackageFormat {
  return format === 'imscc' || format === 'scorm12';
}

/** Synchronous and CPU-bound (every lesson's Markdown is parsed): ~0.4–1.1 s for 30 lessons. */
export function buildPackage(course: CourseTree, format: PackageFormat, options: PackageOptions = {}): Uint8Array {
  return format === 'imscc' ? exportImscc(course, options) : exportScorm12(course, options);
}

export const packageInProcess: PackageBuilder = async (course, format, options) => buildPackage(course, format, options);

export function packageFilename(course: CourseTree, format: PackageFormat): string {
  return `${slugify(courseTitle(course))}${PACKAGES[format].suffix}`;
}

export async function exportCourseFile(
  course: CourseTree,
  format: CourseExportFormat,
  build: PackageBuilder = packageInProcess,
  options: PackageOptions = {},
): Promise<CourseFile> {
  if (isPackageFormat(format)) {
    return { filename: packageFilename(course, format), mimeType: PACKAGES[format].mimeType, data: await build(course, format, options) };
  }
  const file = await exportCourse(course, format);
  return { filename: file.filename, mimeType: file.mimeType, data: file.content };
}

export function byteLength(data: string | Uint8Array): number {
  return typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
}
