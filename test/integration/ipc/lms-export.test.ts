// courses.export for the LMS packages over dispatch: a generated course as IMS CC and
// SCORM 1.2 (base64 that decodes to the exporter's own bytes, manifest at the zip root),
// Markdown/JSON as text with their size, a bad format refused by the contract, and the
// worker-backed builder giving the same bytes while the event loop keeps turning.
import { afterEach, describe, expect, it } from 'vitest';
import { buildPackage } from '../../../src/main/export/course-file';
import { workerPackageBuilder } from '../../../src/main/export/package-worker-runner';
import type { Worker } from 'node:worker_threads';
import { bigCourse, hostileCourse, plainCourse } from '../../support/lms/courses';
import { readZip } from '../../support/lms/read-zip';
import { packageWorkerFromSource } from '../../support/ts-worker';
import { generatedCourse, startHarness, type Harness } from './core-harness';


let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('courses.export: LMS packages', () => {
  it('exports every format of a generated course; packages round-trip through base64', async () => {
    h = await startHarness();
    const { course, tree } = await generatedCourse(h, 'Cooking with "spices" & herbs');
    const { spend: _spend, ...stored } = tree;

    const imscc = await h.call('courses.export', { courseId: course.id, format: 'imscc' });
    expect(imscc).toMatchObject({ encoding: 'base64', mimeType: 'application/zip' });
    expect(imscc.filename).toMatch(/^[a-z0-9-]+\.imscc$/);
    const ccBytes = new Uint8Array(Buffer.from(imscc.content, 'base64'));
    expect(ccBytes.byteLength).toBe(imscc.byteLength);
    expect(ccBytes).toEqual(buildPackage(stored, 'imscc'));
    const ccEntries = readZip(ccBytes).map((e) => e.path);
    expect(ccEntries[0]).toBe('imsmanifest.xml');
    expect(ccEntries.some((p) => p.endsWith('/assessment.xml'))).toBe(true);

    const scorm = await h.call('courses.export', { courseId: course.id, format: 'scorm12' });
    expect(scorm).toMatchObject({ encoding: 'base64', mimeType: 'application/zip' });
    expect(scorm.filename).toBe(imscc.filename.replace(/\.imscc$/, '-scorm12.zip'));
    const scormBytes = new Uint8Array(Buffer.from(scorm.content, 'base64'));
    expect(scormBytes.byteLength).toBe(scorm.byteLength);
    expect(scormBytes).toEqual(buildPackage(stored, 'scorm12'));
    expect(readZip(scormBytes).map((e) => e.path)).toContain('imsmanifest.xml');

    // Deterministic: the same course gives the same bytes.
    expect((await h.call('courses.export', { courseId: course.id, format: 'imscc' })).content).toBe(imscc.content);

    for (const format of ['markdown', 'json'] as const) {
      const file = await h.call('courses.export', { courseId: course.id, format });
      expect(file.encoding).toBe('utf8');
      expect(file.byteLength).toBe(Buffer.byteLength(file.content, 'utf8'));
    }
  });

  it('refuses a format the contract does not know, and a course that does not exist', async () => {
    h = await startHarness();
    const { course } = await generatedCourse(h);
    const bad = await h.dispatch('courses.export', { courseId: course.id, format: 'scorm2004' } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const missing = await h.dispatch('courses.export', { courseId: '00000000-0000-4000-8000-000000000000', format: 'imscc' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('through the worker: the same bytes as in process', async () => {
    h = await startHarness({ core: { buildPackage: workerPackageBuilder(packageWorkerFromSource) } });
    const { course, tree } = await generatedCourse(h);
    const { spend: _spend, ...stored } = tree;
    const file = await h.call('courses.export', { courseId: course.id, format: 'scorm12' });
    expect(new Uint8Array(Buffer.from(file.content, 'base64'))).toEqual(buildPackage(stored, 'scorm12'));
  });
});

describe('the export worker', () => {
  it('builds a 30-lesson package while the main event loop keeps turning', async () => {
    const course = bigCourse(30);
    const build = workerPackageBuilder(packageWorkerFromSource);
    let turns = 0;
    let spinning = true;
    const spin = () => {
      turns++;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    const bytes = await build(course, 'imscc');
    spinning = false;
    expect(bytes).toEqual(buildPackage(course, 'imscc'));
    // In process the build is one synchronous piece: not a single turn could run during it.
    // Off the thread the loop turned all along (module loading alone takes many turns).
    expect(turns).toBeGreaterThan(10);
  });

  it('reports a package that cannot be built as an error, not a hang; the worker goes on with the next', async () => {
    const build = workerPackageBuilder(packageWorkerFromSource);
    await expect(build({} as never, 'imscc')).rejects.toThrow();
    expect(await build(plainCourse, 'scorm12')).toEqual(buildPackage(plainCourse, 'scorm12'));
  });

  it('one worker serves every build while they keep coming; one that dies fails its builds and the next starts another', async () => {
    const started: Worker[] = [];
    const build = workerPackageBuilder(() => {
      const worker = packageWorkerFromSource();
      started.push(worker);
      return worker;
    });
    const together = await Promise.all([build(plainCourse, 'imscc'), build(hostileCourse, 'scorm12'), build(plainCourse, 'scorm12')]);
    expect(together[1]).toEqual(buildPackage(hostileCourse, 'scorm12'));
    expect(await build(hostileCourse, 'imscc')).toEqual(buildPackage(hostileCourse, 'imscc'));
    expect(started).toHaveLength(1);

    const lost = build(bigCourse(30), 'imscc');
    await started[0]!.terminate();
    await expect(lost).rejects.toThrow(/export worker stopped/);
    expect(await build(plainCourse, 'imscc')).toEqual(buildPackage(plainCourse, 'imscc'));
    expect(started).toHaveLength(2);
  });
});
