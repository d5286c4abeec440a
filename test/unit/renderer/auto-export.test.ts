// The auto-export as the renderer holds and shows it: the form's draft (what is sent, or
// why it cannot be), the job's line and failures, the row's problem line, and the
// job.exported event asking for the job to be read again.
import { describe, expect, it } from 'vitest';
import { checkAutoExport, draftFrom, sameAutoExport, toggleFormat } from '../../../src/renderer/lib/auto-export-form';
import { describeAutoExport, exportProblemLine } from '../../../src/renderer/lib/auto-export-format';
import { applyBatch, fromSnapshot } from '../../../src/renderer/store/jobs-events';
import { events, idleQueue, job } from './job-fixtures';

describe('auto-export form', () => {
  it('is off without a default; on with a folder and formats it is sent; otherwise it says what is missing', () => {
    const off = draftFrom(null);
    expect(off).toEqual({ enabled: false, folder: null, formats: ['imscc'] });
    expect(checkAutoExport(off)).toEqual({ value: null, error: null });
    expect(checkAutoExport({ ...off, enabled: true })).toEqual({ value: null, error: 'Choose the folder to export into.' });
    const on = { ...off, enabled: true, folder: '/srv/lms' };
    expect(checkAutoExport(on)).toEqual({ value: { folder: '/srv/lms', formats: ['imscc'] }, error: null });
    expect(checkAutoExport(toggleFormat(on, 'imscc'))).toEqual({ value: null, error: 'Pick at least one format.' });
  });

  it("keeps the formats in the contract's order, whatever order they are ticked in", () => {
    const draft = draftFrom({ folder: '/x', formats: ['json'] });
    expect(toggleFormat(toggleFormat(draft, 'scorm12'), 'imscc').formats).toEqual(['imscc', 'scorm12', 'json']);
    expect(sameAutoExport({ folder: '/x', formats: ['json'] }, checkAutoExport(draft).value)).toBe(true);
    expect(sameAutoExport({ folder: '/x', formats: ['json'] }, null)).toBe(false);
    expect(sameAutoExport(null, null)).toBe(true);
  });
});

describe('a job’s auto-export, in words', () => {
  const asked = { folder: '/srv/lms', formats: ['imscc' as const, 'scorm12' as const] };
  it('before, while and after the files are written', () => {
    expect(describeAutoExport(job({ id: 'a' }))).toBeNull();
    expect(describeAutoExport(job({ id: 'a', autoExport: asked }))).toMatchObject({ tone: 'planned', text: 'IMS Common Cartridge, SCORM 1.2 into /srv/lms, when the job completes' });
    expect(describeAutoExport(job({ id: 'a', status: 'completed', autoExport: asked, autoExportResult: { state: 'pending', folder: '/srv/lms', at: null, files: [], failures: [] } }))).toMatchObject({
      tone: 'pending',
      text: 'Writing IMS Common Cartridge, SCORM 1.2 into /srv/lms…',
    });
    const done = job({
      id: 'a',
      status: 'completed',
      autoExport: asked,
      autoExportResult: { state: 'done', folder: '/srv/lms', at: 'x', files: [{ format: 'imscc', filename: 'rust.imscc', byteLength: 2048 }, { format: 'scorm12', filename: 'rust-scorm12.zip', byteLength: 100 }], failures: [] },
    });
    expect(describeAutoExport(done)).toEqual({ tone: 'done', text: 'Exported into /srv/lms: rust.imscc (2.0 KB), rust-scorm12.zip (100 B)', failures: [] });
    expect(exportProblemLine(done)).toBeNull();
  });

  it('a failure is named with its reason, on the job and in its row', () => {
    const failed = job({
      id: 'a',
      status: 'completed',
      autoExport: asked,
      autoExportResult: {
        state: 'failed',
        folder: '/srv/lms',
        at: 'x',
        files: [],
        failures: [
          { format: 'imscc', reason: 'the folder /srv/lms does not exist' },
          { format: 'scorm12', reason: 'the folder /srv/lms does not exist' },
        ],
      },
    });
    expect(describeAutoExport(failed)).toEqual({
      tone: 'failed',
      text: 'Not exported into /srv/lms',
      failures: ['IMS Common Cartridge: the folder /srv/lms does not exist', 'SCORM 1.2: the folder /srv/lms does not exist'],
    });
    expect(exportProblemLine(failed)).toBe('Export failed: the folder /srv/lms does not exist');
  });

  it('job.exported marks the job to be read again (its files come with the read)', () => {
    const state = fromSnapshot({ seq: 5, queue: idleQueue(), next: null, report: null, jobs: [job({ id: 'a', status: 'completed' })] });
    const result = applyBatch(state, events(6, [{ type: 'job.exported', jobId: 'a', state: 'done' }]));
    expect(result.stale).toEqual(['a']);
    expect(result.notices).toEqual([]);
    expect(result.state.seq).toBe(6);
  });
});
