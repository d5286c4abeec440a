// A window loading the queue page by page while jobs run, as the renderer's store does it:
// the first page, then older pages with `after`, events applied all along through the
// per-window coalescer (real timers, so events arrive up to 100 ms after the answers that
// already include them), jobs queued and deleted mid-load, unknown jobs read by id at the
// end. Uses the renderer's own pure state functions. The state must never go backwards
// and must end equal to a fresh full snapshot, in the same order.
import { afterEach, describe, expect, it } from 'vitest';
import { EventCoalescer } from '../../../src/main/ipc/event-coalescer';
import { applyBatch, fromSnapshot, mergeRead, type JobsState } from '../../../src/renderer/store/jobs-events';
import type { JobSummary } from '../../../src/shared/domain';
import type { RunnerEvent } from '../../../src/shared/events';
import { approvedCourse, startHarness, waitFor, type Harness } from './core-harness';

const eventFields = (j: JobSummary) => ({ id: j.id, status: j.status, itemsCompleted: j.itemsCompleted, itemsTotal: j.itemsTotal, failedStep: j.failedStep });

class PagingWindow {
  state: JobsState | null = null;
  gaps = 0;
  unknown = new Set<string>();
  /** Per job, the most units ever shown: a stale event applied over a newer read would lower it. */
  readonly highest = new Map<string, number>();
  wentBack: string[] = [];
  private readonly coalescer = new EventCoalescer({ send: (batch) => this.receive(batch) });
  private readonly unsubscribe: () => void;

  constructor(private readonly h: Harness) {
    this.unsubscribe = h.core.subscribe('runner.events', (events) => this.coalescer.push(events));
  }

  async open(firstPage: number): Promise<void> {
    await this.h.core.dispatch('app.ready', {}, { onReady: () => this.coalescer.markReady() });
    this.set(fromSnapshot(await this.h.call('jobs.snapshot', { limit: firstPage })));
  }

  async nextPage(size: number): Promise<boolean> {
    const next = this.state!.next;
    if (!next) return false;
    const merged = mergeRead(this.state!, await this.h.call('jobs.snapshot', { limit: size, after: next }), { page: true });
    expect(merged.reread).toEqual([]);
    this.set(merged.state);
    return true;
  }

  async readUnknown(): Promise<void> {
    const missing = [...this.unknown].filter((id) => !this.state!.jobs[id]);
    this.unknown.clear();
    if (missing.length === 0) return;
    const merged = mergeRead(this.state!, await this.h.call('jobs.snapshot', { ids: missing }), { page: false });
    expect(merged.reread).toEqual([]);
    this.set(merged.state);
  }

  private receive(batch: RunnerEvent[]): void {
    if (!this.state) return;
    const result = applyBatch(this.state, batch);
    if (result.gap) this.gaps++;
    for (const id of result.unknown) this.unknown.add(id);
    this.set(result.state);
  }

  private set(state: JobsState): void {
    this.state = state;
    for (const job of Object.values(state.jobs)) {
      const before = this.highest.get(job.id) ?? 0;
      if (job.itemsCompleted < before) this.wentBack.push(`${job.courseTitle}: ${before} → ${job.itemsCompleted}`);
      this.highest.set(job.id, Math.max(before, job.itemsCompleted));
    }
  }

  close(): void {
    this.unsubscribe();
    this.coalescer.dispose();
  }
}

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('paged queue snapshot', () => {
  it('pages with a stable cursor while jobs are queued, run and deleted, and ends equal to a full snapshot', { timeout: 60_000 }, async () => {
    h = await startHarness({ latencyMs: 25 });
    await h.call('queue.setLimits', { jobs: 3, requests: 4 });
    const courses = [];
    for (let i = 0; i < 9; i++) courses.push(await approvedCourse(h, `Paged topic ${i}`, 3));
    // The oldest two wait for tomorrow, so one of them can be deleted while the window pages.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const scheduled = [];
    for (const c of courses.slice(0, 2)) scheduled.push(await h.call('jobs.enqueue', { courseId: c.id, runAfter: tomorrow }));
    for (const c of courses.slice(2, 7)) await h.call('jobs.enqueue', { courseId: c.id });
    await waitFor(() => h!.events['runner.events'].flat().some((e) => e.type === 'item.completed'), 20_000, 'work under way');

    const window = new PagingWindow(h);
    await window.open(2);
    expect(window.state!.order).toHaveLength(2);
    expect(window.state!.next).not.toBeNull();
    let pages = 0;
    do {
      pages++;
      if (pages === 2) {
        // Mid-load: two jobs queued at the top (the window hears of them only as events) and an unread one deleted.
        for (const c of courses.slice(7)) await h.call('jobs.enqueue', { courseId: c.id });
        await h.call('jobs.delete', { jobIds: [scheduled[0]!.id] });
      }
      await new Promise((r) => setTimeout(r, 60));
    } while (await window.nextPage(2));
    expect(pages).toBeGreaterThanOrEqual(3);

    await waitFor(() => h!.core.store.jobs.list({ statuses: ['queued', 'generating_lessons', 'generating_tasks', 'finalizing'] }).length === 1, 40_000, 'all but the scheduled job to finish');
    await new Promise((r) => setTimeout(r, 250));
    await window.readUnknown();
    const final = await h.call('jobs.snapshot');
    expect(final.next).toBeNull();
    expect(window.gaps).toBe(0);
    expect(window.wentBack).toEqual([]);
    expect(window.state!.order).toEqual(final.jobs.map((j) => j.id));
    expect(window.state!.order.map((id) => eventFields(window.state!.jobs[id]!))).toEqual(final.jobs.map(eventFields));
    expect(final.jobs).toHaveLength(8);
    expect(final.jobs.filter((j) => j.status === 'completed')).toHaveLength(7);
    window.close();
  });

  it('answers a page with a cursor that continues it, an id list with just those jobs, and refuses bad paging input', async () => {
    h = await startHarness();
    await h.call('queue.pause');
    const courses = [];
    for (let i = 0; i < 5; i++) courses.push(await approvedCourse(h, `Listed topic ${i}`, 3));
    for (const c of courses) await h.call('jobs.enqueue', { courseId: c.id });
    const all = await h.call('jobs.snapshot');
    expect(all.next).toBeNull();
    expect(all.jobs).toHaveLength(5);

    const first = await h.call('jobs.snapshot', { limit: 3 });
    expect(first.jobs.map((j) => j.id)).toEqual(all.jobs.slice(0, 3).map((j) => j.id));
    expect(first.next).toEqual({ createdAt: all.jobs[2]!.createdAt, id: all.jobs[2]!.id });
    const second = await h.call('jobs.snapshot', { limit: 3, after: first.next! });
    expect(second.jobs.map((j) => j.id)).toEqual(all.jobs.slice(3).map((j) => j.id));
    expect(second.next).toBeNull();

    const picked = [all.jobs[4]!.id, all.jobs[1]!.id, '00000000-0000-4000-8000-000000000000'];
    const byId = await h.call('jobs.snapshot', { ids: picked });
    expect(byId.jobs.map((j) => j.id)).toEqual([all.jobs[1]!.id, all.jobs[4]!.id]);
    expect(byId.jobs[0]).toEqual(all.jobs[1]);

    for (const input of [{ limit: 0 }, { limit: 5_001 }, { ids: [] }, { ids: ['nope'] }, { after: { createdAt: 'yesterday', id: all.jobs[0]!.id } }, { after: { id: all.jobs[0]!.id } }]) {
      const result = await h.dispatch('jobs.snapshot', input as never);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid_input');
    }
  });
});
