// Failures a person sees: the backend unreachable for a whole batch, the session gone,
// and row-level security refusing the push. Nothing published is lost in any of them.
import { afterEach, describe, expect, it } from 'vitest';
import { expectSameTree, remoteTree, startHarness, type Harness } from '../../support/sync/harness';

let h: Harness | null = null;

afterEach(async () => {
  await h?.close();
  h = null;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('offline', () => {
  it('20 courses published while the backend is unreachable all sync once when it is back', async () => {
    h = await startHarness({ retry: { baseMs: 20, capMs: 100 } });
    const harness = h;
    harness.service.start();
    harness.server.setOffline(true);
    const ids = Array.from({ length: 20 }, (_, i) => harness.publishNew({ projects: 1, lessons: 2, tasks: 1 }, `Offline ${i + 1}`));

    await expect.poll(() => harness.service.status().worker, { timeout: 5_000, interval: 10 }).toBe('offline');
    await sleep(300); // several back-off rounds while offline
    expect(harness.service.status().counts).toMatchObject({ pending: 20, synced: 0 });
    // Polled: during each retry the worker reads as "syncing" for a moment, without the message.
    await expect.poll(() => harness.service.status().message, { timeout: 2_000, interval: 5 }).toMatch(/cannot be reached; 20 course\(s\) will sync/);
    // Between tries the worker says when the next one is.
    await expect.poll(() => harness.service.status().retryAt, { timeout: 2_000, interval: 5 }).not.toBeNull();
    expect(await harness.admin.query(`SELECT id FROM public.courses WHERE organization_id = $1`, [harness.organizationId])).toEqual([]);

    harness.server.setOffline(false);
    await expect.poll(() => harness.service.status().counts.synced, { timeout: 30_000, interval: 20 }).toBe(20);
    expect(harness.service.status().worker).toBe('idle');
    for (const id of ids) {
      const remote = await expectSameTree(harness.admin, harness.store, id);
      // Inserted once, committed once: a second push would have moved the version further.
      expect(remote.course!.version, id).toBe(2);
    }
    const rows = await harness.admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM public.courses WHERE organization_id = $1`, [harness.organizationId]);
    expect(rows[0]!.n).toBe(20);
  }, 60_000);

  it('while the OS says offline the worker does not even try', async () => {
    let online = false;
    h = await startHarness();
    const { SyncService } = await import('../../../src/main/sync/service');
    const service = new SyncService({ store: h.store, secrets: h.secrets, isOnline: () => online, retry: { baseMs: 10, capMs: 40 } });
    const courseId = h.publishNew();
    const before = h.server.requests.length;
    await service.worker.runPass();
    expect(service.status()).toMatchObject({ worker: 'offline', message: expect.stringMatching(/offline; 1 course/) });
    expect(h.server.requests.length).toBe(before);
    online = true;
    await service.worker.runPass();
    expect(service.status().courses.find((c) => c.courseId === courseId)!.state).toBe('synced');
    await service.stop();
  });
});

describe('connectivity coming back', () => {
  /** An OS connectivity signal the test drives: isOnline for the worker, onOnline for the service. */
  function osNetwork(initiallyOnline: boolean) {
    const listeners = new Set<() => void>();
    const net = {
      online: initiallyOnline,
      listeners,
      isOnline: () => net.online,
      onOnline: (listener: () => void) => {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
      back() {
        net.online = true;
        for (const listener of [...listeners]) listener();
      },
    };
    return net;
  }

  it('the worker syncs as soon as the OS says it is back online, not at its next poll', async () => {
    h = await startHarness();
    const { SyncService } = await import('../../../src/main/sync/service');
    const net = osNetwork(false);
    // A minute between polls: only the signal can make this test pass in time.
    const service = new SyncService({ store: h.store, secrets: h.secrets, isOnline: net.isOnline, onOnline: net.onOnline, pollMs: 60_000 });
    const courseId = h.publishNew();
    service.start();
    await expect.poll(() => service.status().worker, { timeout: 2_000, interval: 10 }).toBe('offline');
    expect(net.listeners.size).toBe(1);
    await sleep(100);
    expect(service.status().courses[0]!.state).toBe('pending');

    net.back();
    await expect.poll(() => service.status().courses.find((c) => c.courseId === courseId)!.state, { timeout: 3_000, interval: 10 }).toBe('synced');
    expect(service.syncLog().some((e) => /The network is back; syncing 1 waiting course/.test(e.message))).toBe(true);
    await expectSameTree(h.admin, h.store, courseId);
    await service.stop();
    expect(net.listeners.size).toBe(0);
  });

  it('a back-off from an unreachable backend is cut short by the signal, and stays capped when the backend is still down', async () => {
    h = await startHarness();
    const harness = h;
    const { SyncService } = await import('../../../src/main/sync/service');
    const net = osNetwork(true);
    const retry = { baseMs: 20_000, capMs: 30_000 };
    const service = new SyncService({ store: h.store, secrets: h.secrets, isOnline: net.isOnline, onOnline: net.onOnline, pollMs: 60_000, retry });
    const courseId = h.publishNew();
    const waitFor = () => {
      const status = service.status();
      const retryAt = status.retryAt ? Date.parse(status.retryAt) - Date.now() : null;
      return { attempts: status.courses[0]!.attempts, retryAt };
    };
    harness.server.setOffline(true);
    service.start();
    await expect.poll(() => waitFor().attempts, { timeout: 3_000, interval: 10 }).toBe(1);
    expect(waitFor().retryAt).toBeGreaterThan(5_000); // half of the first step at least

    // Wi-Fi dropped and came back, the backend is still unreachable: one try now, then a
    // longer wait, still no longer than the cap.
    net.online = false;
    net.back();
    await expect.poll(() => waitFor().attempts, { timeout: 3_000, interval: 10 }).toBe(2);
    expect(waitFor().retryAt).toBeGreaterThan(retry.capMs / 2 - 1_000);
    expect(waitFor().retryAt).toBeLessThanOrEqual(retry.capMs);
    expect(service.status().worker).toBe('offline');

    harness.server.setOffline(false);
    net.online = false;
    net.back();
    await expect.poll(() => service.status().courses.find((c) => c.courseId === courseId)!.state, { timeout: 3_000, interval: 10 }).toBe('synced');
    expect(service.status()).toMatchObject({ worker: 'idle', retryAt: null });
    await service.stop();
  });
});

describe('the session', () => {
  it('short-lived access tokens are refreshed on the way, without asking anyone', async () => {
    h = await startHarness({ accessTokenTtlSec: 2 });
    await sleep(2_100);
    const courseId = h.publishNew();
    await h.service.worker.runPass();
    expect(h.service.status().courses[0]!.state).toBe('synced');
    expect(h.server.requests.some((r) => r.url.includes('grant_type=refresh_token') && r.status === 200)).toBe(true);
    await expectSameTree(h.admin, h.store, courseId);
  });

  it('a 401 in the middle of a push refreshes the session and carries on', async () => {
    h = await startHarness();
    const courseId = h.publishNew();
    h.server.failNext(1, 401);
    await h.service.worker.runPass();
    expect(h.service.status().courses[0]!.state).toBe('synced');
    expect(h.server.requests.filter((r) => r.url.includes('grant_type=refresh_token'))).toHaveLength(1);
    expect(h.service.syncLog().some((e) => /renewed it/.test(e.message))).toBe(true);
    await expectSameTree(h.admin, h.store, courseId);
  });

  it('an expired session that cannot be refreshed asks for a sign-in and keeps the outbox', async () => {
    // exp is whole seconds from an iat rounded down: a 1 s token can be dead before sign-in
    // has read the memberships with it; 2 s leave at least one.
    h = await startHarness({ accessTokenTtlSec: 2 });
    await h.server.revokeRefreshTokens(h.user.id);
    await sleep(2_100);
    const courseId = h.publishNew();
    await h.service.worker.runPass();

    const status = h.service.status();
    expect(status.worker).toBe('needs_sign_in');
    expect(status.account).toBeNull();
    expect(status.message).toMatch(/Sign in again in Settings → Sync; 1 course\(s\) are waiting to sync and will not be lost/);
    expect(status.courses[0]).toMatchObject({ courseId, state: 'pending' });
    expect(h.secrets.get()).toBeNull(); // the dead session is not kept
    expect((await remoteTree(h.admin, courseId)).course).toBeNull();
    // Passes while signed out do not touch the entry.
    await h.service.worker.runPass();
    expect(h.service.status().courses[0]).toMatchObject({ state: 'pending', attempts: 0 });

    h.server.setAccessTokenTtl(3600);
    await h.service.signIn(h.user.email, h.user.password);
    await h.service.worker.runPass();
    expect(h.service.status().courses[0]!.state).toBe('synced');
    await expectSameTree(h.admin, h.store, courseId);
  });

  it('signing in with a wrong password says so', async () => {
    h = await startHarness();
    await expect(h.service.signIn(h.user.email, 'wrong')).rejects.toThrow('Email or password is wrong.');
  });

  it('signing out keeps published courses waiting until the next sign-in', async () => {
    h = await startHarness();
    await h.service.signOut();
    expect(h.secrets.get()).toBeNull();
    const courseId = h.publishNew();
    await h.service.worker.runPass();
    expect(h.service.status()).toMatchObject({ worker: 'needs_sign_in', account: null, courses: [{ courseId, state: 'pending' }] });
    await h.service.signIn(h.user.email, h.user.password);
    await h.service.worker.runPass();
    expect(h.service.status().courses[0]!.state).toBe('synced');
  });
});

describe('row-level security', () => {
  it('a refused push fails with a "no permission" message, is not retried by itself, and "Sync now" retries it', async () => {
    h = await startHarness();
    const courseId = h.publishNew();
    // An admin removed the instructor from the organisation after they signed in.
    await h.admin.query(`DELETE FROM public.organization_members WHERE organization_id = $1 AND user_id = $2`, [h.organizationId, h.user.id]);
    await h.service.worker.runPass();
    const failed = h.service.status().courses[0]!;
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/^No permission: the backend refused writing courses \(new row violates row-level security policy/);
    expect(h.service.syncLog({ courseId }).at(-1)).toMatchObject({ level: 'error', details: { kind: 'permission', status: 403, code: '42501' } });

    const requests = h.server.requests.length;
    await h.service.worker.runPass();
    expect(h.server.requests.length).toBe(requests);

    await h.admin.member(h.organizationId, h.user.id);
    await h.service.syncNow();
    expect(h.service.status().courses[0]!.state).toBe('synced');
    await expectSameTree(h.admin, h.store, courseId);
  });

  it("another member's course with the same id cannot be overwritten, even when the person chooses to", async () => {
    h = await startHarness();
    const courseId = h.seedCourse();
    const colleague = await h.admin.user('colleague');
    await h.admin.member(h.organizationId, colleague.id);
    await h.admin.as(
      colleague.id,
      (c) =>
        c.query(`INSERT INTO public.courses (id, organization_id, created_by, title, status, topic) VALUES ($1, $2, $3, 'Theirs', 'published', '{}')`, [
          courseId,
          h!.organizationId,
          colleague.id,
        ]),
      true,
    );
    h.publish(courseId);
    await h.service.worker.runPass();
    expect(h.service.status().courses[0]!.state).toBe('conflict');
    await h.service.resolveConflict(courseId, 'overwrite');
    await h.service.worker.runPass();
    expect(h.service.status().courses[0]).toMatchObject({ state: 'failed', error: expect.stringMatching(/^No permission/) });
    expect((await remoteTree(h.admin, courseId)).course).toMatchObject({ title: 'Theirs', created_by: colleague.id });
  });
});
