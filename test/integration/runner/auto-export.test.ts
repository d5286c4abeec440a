// A job queued with an auto-export, run against the fake Messages API: once it completes
// (and is published) its course is in the folder, in each format, with exactly the bytes an
// export of the stored course gives. A folder that is missing, or a format that cannot be
// written, is logged and shown on the job, which stays completed. Files of someone else's are
// kept; this job's own are replaced; an export a stopped process left pending is written by
// the next runner.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportCourseFile, packageInProcess, type PackageBuilder } from '../../../src/main/export/course-file';
import type { CourseExportFormat } from '../../../src/shared/course-export';
import { seedApprovedCourse, tempDbPath } from '../../support/engine';
import { useEngineRig } from '../../support/engine-rig';
import { useTempFolders } from '../../support/temp-folders';

const rig = useEngineRig({ latencyMs: 5 });
const tempFolder = useTempFolders('cs-auto-export-');

const bytes = (data: string | Uint8Array) => Buffer.from(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);

describe('auto-export on job completion', () => {
  it('writes the course in each format once the job completes, after publishing, with the bytes of an export of the stored course', async () => {
    const e = rig.engine();
    const folder = tempFolder();
    const courseId = seedApprovedCourse(e.store, 'Gardening', 3, 2);
    const formats: CourseExportFormat[] = ['imscc', 'scorm12', 'json'];
    const job = e.runner.enqueue(courseId, { autoPublish: true, autoExport: { folder, formats } });
    expect(e.store.jobs.summary(job.id)).toMatchObject({ autoExport: { folder, formats }, autoExportResult: null });
    e.runner.start();
    await e.runner.waitUntilIdle();

    const summary = e.store.jobs.summary(job.id)!;
    expect(summary.status).toBe('completed');
    const tree = e.store.courses.tree(courseId)!;
    expect(tree.status).toBe('published');
    expect(summary.autoExportResult).toMatchObject({ state: 'done', folder, failures: [], at: expect.any(String) });
    const expected = await Promise.all(formats.map((f) => exportCourseFile(tree, f)));
    expect(summary.autoExportResult!.files).toEqual(expected.map((file, i) => ({ format: formats[i], filename: file.filename, byteLength: bytes(file.data).byteLength })));
    expect(readdirSync(folder).sort()).toEqual(expected.map((f) => f.filename).sort());
    for (const file of expected) expect(readFileSync(join(folder, file.filename))).toEqual(bytes(file.data));
    // Written after the publish: the JSON holds the published course.
    expect(JSON.parse(readFileSync(join(folder, 'gardening.json'), 'utf8'))).toMatchObject({ status: 'published', publishedAt: expect.any(String) });

    const types = e.events.filter((ev) => 'jobId' in ev && ev.jobId === job.id).map((ev) => ev.type);
    expect(types.indexOf('job.exported')).toBeGreaterThan(types.indexOf('job.completed'));
    expect(e.events.find((ev) => ev.type === 'job.exported')).toMatchObject({ jobId: job.id, state: 'done' });
    const logs = e.store.logs.list(job.id);
    expect(logs.at(-1)).toMatchObject({ level: 'success', message: expect.stringMatching(new RegExp(`^Exported to ${folder}: gardening\\.imscc \\(.+\\), gardening-scorm12\\.zip`)) });
  });

  it('a folder that is missing: the job still completes, the log says why at error level, and the job shows it', async () => {
    const e = rig.engine();
    const folder = join(tempFolder(), 'unmounted-drive');
    const courseId = seedApprovedCourse(e.store, 'Pottery', 3, 2);
    const job = e.runner.enqueue(courseId, { autoExport: { folder, formats: ['imscc', 'markdown'] } });
    e.runner.start();
    await e.runner.waitUntilIdle();

    const summary = e.store.jobs.summary(job.id)!;
    expect(summary).toMatchObject({ status: 'completed', errorMessage: null, failedStep: null });
    expect(e.store.courses.get(courseId)!.status).toBe('generated');
    const reason = `the folder ${folder} does not exist (was it moved, or is its drive not connected?)`;
    expect(summary.autoExportResult).toMatchObject({
      state: 'failed',
      files: [],
      failures: [
        { format: 'imscc', reason },
        { format: 'markdown', reason },
      ],
    });
    const error = e.store.logs.list(job.id).find((l) => l.level === 'error');
    expect(error?.message).toBe(`Auto-export (IMS Common Cartridge, Markdown) failed: ${reason}. The course itself is complete; export it from its page.`);
    expect(e.events.filter((ev) => ev.type === 'job.failed')).toEqual([]);
  });

  it('a format that cannot be written is logged as a warning; the others are written', async () => {
    const folder = tempFolder();
    const full: PackageBuilder = async (course, format) => {
      if (format === 'scorm12') throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      return packageInProcess(course, format);
    };
    const e = rig.engine({ buildPackage: full });
    const courseId = seedApprovedCourse(e.store, 'Chess', 3, 2);
    const job = e.runner.enqueue(courseId, { autoExport: { folder, formats: ['markdown', 'scorm12', 'json'] } });
    e.runner.start();
    await e.runner.waitUntilIdle();
    const summary = e.store.jobs.summary(job.id)!;
    const reason = `the disk is full (no space left for the file in ${folder})`;
    expect(summary.status).toBe('completed');
    // The disk is full: the formats after the failing one are not tried.
    expect(summary.autoExportResult).toMatchObject({ state: 'partial', files: [{ format: 'markdown', filename: 'chess.md' }], failures: [{ format: 'scorm12', reason }, { format: 'json', reason }] });
    expect(readdirSync(folder)).toEqual(['chess.md']);
    const warning = e.store.logs.list(job.id).find((l) => l.level === 'warning');
    expect(warning?.message).toContain(`not exported: SCORM 1.2 (${reason}); JSON (${reason})`);
  });

  it("keeps someone else's file (the job's goes under its short id); the next writing of the same export replaces only its own", async () => {
    const dbPath = tempDbPath();
    const folder = tempFolder();
    writeFileSync(join(folder, 'sourdough.md'), 'my notes, not the course');
    const first = rig.engine({ dbPath });
    const courseId = seedApprovedCourse(first.store, 'Sourdough', 3, 2);
    const job = first.runner.enqueue(courseId, { autoExport: { folder, formats: ['markdown', 'json'] } });
    first.runner.start();
    await first.runner.waitUntilIdle();
    const short = job.id.slice(0, 8);
    const written = first.store.jobs.summary(job.id)!.autoExportResult!;
    expect(written.files.map((f) => f.filename)).toEqual([`sourdough-${short}.md`, 'sourdough.json']);
    expect(readFileSync(join(folder, 'sourdough.md'), 'utf8')).toBe('my notes, not the course');

    // As if the process had stopped after completing the job, before its files were recorded
    // (nothing recorded: only identical bytes say the files are this job's), with an edit since.
    first.store.db.prepare(`UPDATE jobs SET export_state = 'pending', export_result_json = NULL WHERE id = ?`).run(job.id);
    await first.close();

    const second = rig.engine({ dbPath });
    const lesson = second.store.courses.tree(courseId)!.projects[0]!.lessons[0]!;
    second.store.write(() => second.store.courses.updateLesson(lesson.id, { title: lesson.title, content: 'Edited after the crash.', objectives: lesson.objectives }));
    expect(second.store.jobs.summary(job.id)!.autoExportResult).toMatchObject({ state: 'pending', folder, files: [] });
    second.runner.start();
    await second.runner.waitUntilIdle();
    const again = second.store.jobs.summary(job.id)!.autoExportResult!;
    expect(again.state).toBe('done');
    // The JSON changed (the edit): the file there has other bytes and is not known to be this
    // job's, so it is kept and the new one goes beside it. The Markdown's file carries the
    // job's short id in its name: it is this job's, and replaced.
    expect(readdirSync(folder).sort()).toEqual(['sourdough.json', `sourdough-${short}.json`, `sourdough-${short}.md`, 'sourdough.md'].sort());
    expect(readFileSync(join(folder, `sourdough-${short}.md`), 'utf8')).toContain('Edited after the crash.');

    // Recorded now: the next writing replaces exactly these files, under the same names.
    second.store.db.prepare(`UPDATE jobs SET export_state = 'pending' WHERE id = ?`).run(job.id);
    second.store.write(() => second.store.courses.updateLesson(lesson.id, { title: lesson.title, content: 'Edited twice.', objectives: lesson.objectives }));
    await second.close();
    const third = rig.engine({ dbPath });
    third.runner.start();
    await third.runner.waitUntilIdle();
    expect(third.store.jobs.summary(job.id)!.autoExportResult!.files.map((f) => f.filename)).toEqual([`sourdough-${short}.md`, `sourdough-${short}.json`]);
    expect(readdirSync(folder)).toHaveLength(4);
    expect(readFileSync(join(folder, `sourdough-${short}.md`), 'utf8')).toContain('Edited twice.');
    expect(readFileSync(join(folder, 'sourdough.md'), 'utf8')).toBe('my notes, not the course');
  });

  it('a job without an auto-export writes nothing and says nothing about exports', async () => {
    const e = rig.engine();
    const courseId = seedApprovedCourse(e.store, 'Beekeeping', 3, 1);
    const job = e.runner.enqueue(courseId);
    e.runner.start();
    await e.runner.waitUntilIdle();
    expect(e.store.jobs.summary(job.id)).toMatchObject({ status: 'completed', autoExport: null, autoExportResult: null });
    expect(e.events.some((ev) => ev.type === 'job.exported')).toBe(false);
  });
});
