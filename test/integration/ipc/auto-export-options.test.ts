// A job's auto-export as the wizard, batch review and Settings set it over IPC: the folder
// must come from the folder dialog (or be Settings' stored default), Settings' default applies
// when a job names none, null turns it off, and a refused folder leaves nothing behind.
import { afterEach, describe, expect, it } from 'vitest';
import { seedApprovedCourse } from '../../support/engine';
import { startHarness, type Harness } from './core-harness';
import { useTempFolders } from '../../support/temp-folders';

let h: Harness | null = null;
const tempFolder = useTempFolders('cs-auto-export-ipc-');
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('auto-export options over IPC', () => {
  it('jobs.enqueue takes a folder chosen in the dialog, refuses any other without a trace, and null means none', async () => {
    const chosen = tempFolder();
    h = await startHarness({ core: { start: false, chooseFolder: async () => chosen } });
    const { store } = h.core;
    const a = seedApprovedCourse(store, 'Alpha');
    const b = seedApprovedCourse(store, 'Beta');

    const groups = () => store.db.prepare(`SELECT COUNT(*) FROM queue_groups`).pluck().get();
    const refused = await h.dispatch('jobs.enqueue', { courseId: a, autoExport: { folder: chosen, formats: ['imscc'] } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'autoExport.folder' }] } });
    expect(store.jobs.byCourse(a)).toBeNull();
    expect(groups()).toBe(0);
    expect(await h.dispatch('jobs.enqueue', { courseId: a, autoExport: { folder: chosen, formats: [] } })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await h.dispatch('jobs.enqueue', { courseId: a, autoExport: { folder: chosen, formats: ['imscc', 'imscc'] } })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    await h.call('app.chooseFolder', { purpose: 'autoExport' });
    const job = await h.call('jobs.enqueue', { courseId: a, autoExport: { folder: chosen, formats: ['scorm12', 'markdown'] } });
    expect(job).toMatchObject({ autoExport: { folder: chosen, formats: ['scorm12', 'markdown'] }, autoExportResult: null });
    expect(store.logs.list(job.id)[0]!.details).toMatchObject({ autoExport: { folder: chosen, formats: ['scorm12', 'markdown'] } });
    expect(await h.call('jobs.enqueue', { courseId: b, autoExport: null })).toMatchObject({ autoExport: null });
  });

  it("Settings' default: set from a chosen folder, used by jobs that name none, kept across sessions", async () => {
    const chosen = tempFolder();
    h = await startHarness({ core: { start: false, chooseFolder: async () => chosen } });
    const dataDir = h.dataDir;
    const defaults = { folder: chosen, formats: ['imscc' as const, 'json' as const] };
    expect(await h.dispatch('settings.update', { defaultAutoExport: defaults })).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'defaultAutoExport.folder' }] } });
    expect((await h.call('settings.get')).defaultAutoExport).toBeNull();
    await h.call('app.chooseFolder', { purpose: 'autoExport' });
    expect((await h.call('settings.update', { defaultAutoExport: defaults })).defaultAutoExport).toEqual(defaults);

    const a = seedApprovedCourse(h.core.store, 'Gamma');
    expect(await h.call('jobs.enqueue', { courseId: a })).toMatchObject({ autoExport: defaults });

    // A new session (the app restarted): nothing chosen yet, but the stored default is still
    // trusted, both for jobs and to save Settings again as they are.
    await h.core.dispose();
    const { createAppCore } = await import('../../../src/main/app-core');
    const { createMemorySecretStore } = await import('../../../src/main/secrets');
    const again = createAppCore({ dataDir, secrets: createMemorySecretStore(null, 'plaintext'), env: {}, start: false });
    try {
      const b = seedApprovedCourse(again.store, 'Delta');
      const c = seedApprovedCourse(again.store, 'Epsilon');
      expect(await again.dispatch('jobs.enqueue', { courseId: b, autoExport: defaults })).toMatchObject({ ok: true, value: { autoExport: defaults } });
      expect(await again.dispatch('settings.update', { defaultAutoExport: { ...defaults, formats: ['markdown'] }, reviewerName: 'Ada' })).toMatchObject({ ok: true });
      expect(await again.dispatch('settings.update', { defaultAutoExport: { folder: tempFolder(), formats: ['markdown'] } })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(await again.dispatch('jobs.enqueue', { courseId: c })).toMatchObject({ ok: true, value: { autoExport: { folder: chosen, formats: ['markdown'] } } });
      expect(await again.dispatch('settings.update', { defaultAutoExport: null })).toMatchObject({ ok: true, value: { defaultAutoExport: null } });
    } finally {
      await again.dispose();
    }
  });
});
