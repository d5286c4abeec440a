// courses.*: create, propose outlines (streamed), the review workflow, delete (into the bin), export (one
// course as a file for the renderer to save, or many into a chosen folder).
import type { CourseListItem } from '../../../shared/ipc-contract';
import { readPreferences } from '../../core/app-settings';
import { requireChosenFolder } from '../../core/chosen-folders';
import type { CoreContext } from '../../core/context';
import { approveCourse, approveOutline, chooseOption, editOutline, publishCourse, rejectCourse, reopenCourse } from '../../courses/workflow';
import { courseTitle } from '../../export/course-export';
import { byteLength, exportCourseFile } from '../../export/course-file';
import { exportToFolder } from '../../export/folder-export';
import { packagedMaterials } from '../../export/packaged-materials';
import { generateOutlineOptions } from '../../generation/outline-options';
import type { Handlers } from '../dispatch';
import { ConflictError, NotFoundError } from '../errors';
import { requireNotGenerating } from './guards';
import { createOutlineProgress } from './outline-progress';

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function courseHandlers(core: CoreContext) {
  const { store } = core;
  /** Courses whose outline options are being generated: a second request would race the first. */
  const generatingOutlines = new Set<string>();

  return {
    'courses.list': () =>
      store.courses.list().map((course): CourseListItem => {
        const job = store.jobs.byCourse(course.id);
        return {
          id: course.id,
          title: courseTitle(course),
          status: course.status,
          topic: course.topic,
          createdAt: course.createdAt,
          updatedAt: course.updatedAt,
          jobId: job?.id ?? null,
          jobStatus: job?.status ?? null,
        };
      }),
    'courses.get': ({ courseId }) => {
      const tree = store.courses.tree(courseId);
      if (!tree) throw new NotFoundError(`No course with id ${courseId}.`);
      const { calls, costUsd, savedUsd } = store.calls.courseTotals(courseId);
      return { ...tree, spend: { calls, costUsd, savedUsd } };
    },
    // Materials staged in the wizard are linked in the course's own write: a file no longer
    // stored (released, or never attached) fails the whole creation, so nothing half-made stays.
    'courses.create': ({ topic, materials }) =>
      store.write(() => {
        const course = store.courses.create(topic);
        for (const material of materials ?? []) {
          if (!store.materials.get(material.sha256)) {
            throw new NotFoundError(`${material.name} is no longer among the attached files (it was removed or attached too long ago). Attach it again, then create the course.`);
          }
          store.materials.link(course.id, material.sha256, material.name);
        }
        return course;
      }),
    'courses.generateOutlines': async ({ courseId, count }) => {
      store.courses.require(courseId);
      if (generatingOutlines.has(courseId)) throw new ConflictError('Outline options are already being generated for this course.');
      generatingOutlines.add(courseId);
      const progress = createOutlineProgress(courseId, (p) => core.emit('outline.progress', p));
      const delivered = new Set<number>();
      const wanted = count ?? 3;
      try {
        const options = await generateOutlineOptions(store, core.gateway, {
          courseId,
          count: wanted,
          signal: core.signal,
          record: core.runner.recordCall,
          onPartial: (index, partial) => progress.partial(index, partial),
          onOption: (index, outline) => {
            delivered.add(index);
            progress.final(index, outline);
          },
        });
        // generateOutlineOptions keeps going when some options fail; say which ones did.
        for (let i = 0; i < wanted; i++) if (!delivered.has(i)) progress.error(i, 'This option could not be generated.');
        return options;
      } catch (error) {
        for (let i = 0; i < wanted; i++) if (!delivered.has(i)) progress.error(i, errorMessage(error));
        throw error;
      } finally {
        progress.dispose();
        generatingOutlines.delete(courseId);
      }
    },
    'courses.chooseOption': ({ courseId, optionId }) => chooseOption(store, courseId, optionId),
    'courses.editOutline': ({ courseId, outline }) => editOutline(store, courseId, outline),
    'courses.approveOutline': ({ courseId, by, note }) => approveOutline(store, courseId, by, note),
    'courses.reject': ({ courseId }) => rejectCourse(store, courseId),
    'courses.reopen': ({ courseId }) => reopenCourse(store, courseId),
    'courses.approve': ({ courseId, by, note }) => approveCourse(store, courseId, by, note),
    // Through the sync publisher: the published state and the outbox entry in one transaction.
    'courses.publish': ({ courseId }) => publishCourse(store, courseId, core.sync.publish),
    'courses.delete': ({ courseId }) => {
      store.courses.require(courseId);
      requireNotGenerating(core, courseId, 'delete the course');
      if (generatingOutlines.has(courseId)) throw new ConflictError('Cannot delete the course while its outline options are being generated.');
      const job = store.jobs.byCourse(courseId);
      // Through the runner so open windows hear job.deleted and drop the row. The course
      // goes into the bin: its content and its call records (its cost) stay until it is
      // removed for good, and then the calls stay in every total, rolled up.
      if (job) core.runner.deleteJob(job.id);
      store.write(() => store.courses.moveToBin(courseId));
      return { deleted: true as const };
    },
    'courses.export': async ({ courseId, format, includeMaterials }) => {
      const tree = store.courses.tree(courseId);
      if (!tree) throw new NotFoundError(`No course with id ${courseId}.`);
      const materials = includeMaterials ? { materials: await packagedMaterials(store, core.materials.files, courseId) } : {};
      const file = await exportCourseFile(tree, format, core.buildPackage, { masteryScore: readPreferences(store).quiz.masteryScore, ...materials });
      const size = byteLength(file.data);
      return typeof file.data === 'string'
        ? { filename: file.filename, mimeType: file.mimeType, byteLength: size, encoding: 'utf8' as const, content: file.data }
        : { filename: file.filename, mimeType: file.mimeType, byteLength: size, encoding: 'base64' as const, content: Buffer.from(file.data).toString('base64') };
    },
    // One course after the other, each package built in the worker: the event loop answers
    // other commands (and drives the runner) throughout; progress goes out after each course.
    'courses.exportMany': async ({ courseIds, format, folder, exportId, includeMaterials }) => {
      const path = requireChosenFolder(core.folders, folder, 'folder', [readPreferences(store).defaultAutoExport?.folder]);
      const courses = [...new Set(courseIds)].map((id) => {
        const course = store.courses.get(id);
        return { id, title: course ? courseTitle(course) : id };
      });
      return exportToFolder(courses, {
        folder: path,
        format,
        build: async (course, f) => {
          const materials = includeMaterials ? { materials: await packagedMaterials(store, core.materials.files, course.id) } : {};
          return core.buildPackage(course, f, { masteryScore: readPreferences(store).quiz.masteryScore, ...materials });
        },
        load: (id) => store.courses.tree(id),
        existing: 'keep',
        onCourse: (outcome, done, total) => {
          if (exportId === undefined) return;
          core.emit('export.progress', {
            exportId,
            done,
            total,
            courseId: outcome.courseId,
            title: outcome.title,
            filename: outcome.filename ?? null,
            reason: outcome.reason ?? null,
          });
        },
      });
    },
  } satisfies Partial<Handlers>;
}
