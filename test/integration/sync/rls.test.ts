// Row-level security and the version triggers of supabase/migrations, checked in PostgreSQL
// itself: each statement runs as a given user (role authenticated + JWT claims), exactly
// the session PostgREST would give that user's request.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Admin, type TestUser } from '../../support/postgres/fixtures';

let admin: Admin;
let orgA: string;
let orgB: string;
let author: TestUser;
let colleague: TestUser;
let orgAdmin: TestUser;
let outsider: TestUser;
const ids = { course: randomUUID(), project: randomUUID(), lesson: randomUUID(), task: randomUUID(), job: randomUUID() };

async function insertTree(client: pg.PoolClient, org: string, userId: string, t = ids): Promise<void> {
  await client.query(
    `INSERT INTO public.courses (id, organization_id, created_by, title, status, topic) VALUES ($1, $2, $3, 'Rust basics', 'published', '{}')`,
    [t.course, org, userId],
  );
  await client.query(`INSERT INTO public.projects (id, course_id, organization_id, created_by, position, title) VALUES ($1, $2, $3, $4, 0, 'P')`, [
    t.project,
    t.course,
    org,
    userId,
  ]);
  await client.query(
    `INSERT INTO public.lessons (id, project_id, course_id, organization_id, created_by, position, title, content) VALUES ($1, $2, $3, $4, $5, 0, 'L', 'text')`,
    [t.lesson, t.project, t.course, org, userId],
  );
  await client.query(
    `INSERT INTO public.tasks (id, lesson_id, course_id, organization_id, created_by, position, kind, prompt) VALUES ($1, $2, $3, $4, $5, 0, 'quiz', 'Q?')`,
    [t.task, t.lesson, t.course, org, userId],
  );
  await client.query(`INSERT INTO public.generation_jobs (id, course_id, organization_id, created_by, status) VALUES ($1, $2, $3, $4, 'completed')`, [
    t.job,
    t.course,
    org,
    userId,
  ]);
}

const TABLES = ['courses', 'projects', 'lessons', 'tasks', 'generation_jobs'] as const;
const rowIdOf: Record<(typeof TABLES)[number], keyof typeof ids> = {
  courses: 'course',
  projects: 'project',
  lessons: 'lesson',
  tasks: 'task',
  generation_jobs: 'job',
};

async function errorCode(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

beforeAll(async () => {
  admin = new Admin(inject('postgresUrl'));
  orgA = await admin.organization('A');
  orgB = await admin.organization('B');
  [author, colleague, orgAdmin, outsider] = await Promise.all([admin.user('author'), admin.user('colleague'), admin.user('admin'), admin.user('outsider')]);
  await admin.member(orgA, author.id);
  await admin.member(orgA, colleague.id);
  await admin.member(orgA, orgAdmin.id, 'admin');
  await admin.member(orgB, outsider.id);
  await admin.as(author.id, (c) => insertTree(c, orgA, author.id), true);
});

afterAll(async () => {
  await admin?.close();
});

describe('reading', () => {
  it('members of the organisation read every table of its courses', async () => {
    for (const user of [author, colleague, orgAdmin]) {
      for (const table of TABLES) {
        const rows = await admin.as(user.id, (c) => c.query(`SELECT id FROM public.${table} WHERE id = $1`, [ids[rowIdOf[table]]]));
        expect(rows.rowCount, `${table} as ${user.email}`).toBe(1);
      }
    }
  });

  it("a member of another organisation sees none of its rows, not even by id", async () => {
    for (const table of TABLES) {
      const rows = await admin.as(outsider.id, (c) => c.query(`SELECT id FROM public.${table} WHERE organization_id = $1`, [orgA]));
      expect(rows.rowCount, table).toBe(0);
    }
    const orgs = await admin.as(outsider.id, (c) => c.query(`SELECT id FROM public.organizations`));
    expect(orgs.rows.map((r) => r.id)).toEqual([orgB]);
    const members = await admin.as(outsider.id, (c) => c.query(`SELECT user_id FROM public.organization_members WHERE organization_id = $1`, [orgA]));
    expect(members.rowCount).toBe(0);
  });

  it('the anonymous key reads nothing at all', async () => {
    expect(await errorCode(admin.as(null, (c) => c.query(`SELECT id FROM public.courses`)))).toBe('42501');
    expect(await errorCode(admin.as(null, (c) => c.query(`SELECT id FROM public.organizations`)))).toBe('42501');
  });
});

describe('writing from another organisation', () => {
  it('cannot insert a course into organisation A, nor a child under its course', async () => {
    const course = randomUUID();
    expect(
      await errorCode(
        admin.as(outsider.id, (c) =>
          c.query(`INSERT INTO public.courses (id, organization_id, created_by, title, status, topic) VALUES ($1, $2, $3, 'x', 'published', '{}')`, [
            course,
            orgA,
            outsider.id,
          ]),
        ),
      ),
    ).toBe('42501');
    // Filing a lesson under A's course while claiming organisation B is stopped too.
    for (const org of [orgA, orgB]) {
      const code = await errorCode(
        admin.as(outsider.id, (c) =>
          c.query(
            `INSERT INTO public.lessons (id, project_id, course_id, organization_id, created_by, position, title, content) VALUES ($1, $2, $3, $4, $5, 9, 'x', 'x')`,
            [randomUUID(), ids.project, ids.course, org, outsider.id],
          ),
        ),
      );
      expect(['42501', '23503']).toContain(code);
    }
  });

  it('cannot update or delete any of its rows (they are invisible: zero rows change)', async () => {
    const versionBefore = await admin.query<{ version: number }>(`SELECT version FROM public.courses WHERE id = $1`, [ids.course]);
    for (const table of TABLES) {
      const id = ids[rowIdOf[table]];
      const updated = await admin.as(outsider.id, (c) => c.query(`UPDATE public.${table} SET updated_at = now() WHERE id = $1`, [id]), true);
      const deleted = await admin.as(outsider.id, (c) => c.query(`DELETE FROM public.${table} WHERE id = $1`, [id]), true);
      expect([updated.rowCount, deleted.rowCount], table).toEqual([0, 0]);
    }
    expect(await admin.query(`SELECT version FROM public.courses WHERE id = $1`, [ids.course])).toEqual(versionBefore);
  });

  it('cannot take over a course id through an upsert', async () => {
    const code = await errorCode(
      admin.as(outsider.id, (c) =>
        c.query(
          `INSERT INTO public.courses (id, organization_id, created_by, title, status, topic) VALUES ($1, $2, $3, 'mine', 'published', '{}')
           ON CONFLICT (id) DO UPDATE SET title = excluded.title`,
          [ids.course, orgB, outsider.id],
        ),
      ),
    );
    expect(code).toBe('42501');
  });
});

describe('writing inside the organisation', () => {
  it('a member who is not the author cannot update, delete or add to the course', async () => {
    const updated = await admin.as(colleague.id, (c) => c.query(`UPDATE public.courses SET title = 'hijacked' WHERE id = $1`, [ids.course]), true);
    const lessonUpdate = await admin.as(colleague.id, (c) => c.query(`UPDATE public.lessons SET content = 'x' WHERE id = $1`, [ids.lesson]), true);
    const deleted = await admin.as(colleague.id, (c) => c.query(`DELETE FROM public.tasks WHERE id = $1`, [ids.task]), true);
    expect([updated.rowCount, lessonUpdate.rowCount, deleted.rowCount]).toEqual([0, 0, 0]);
    const added = await errorCode(
      admin.as(colleague.id, (c) =>
        c.query(`INSERT INTO public.tasks (id, lesson_id, course_id, organization_id, created_by, position, kind, prompt) VALUES ($1, $2, $3, $4, $5, 5, 'quiz', 'x')`, [
          randomUUID(),
          ids.lesson,
          ids.course,
          orgA,
          colleague.id,
        ]),
      ),
    );
    expect(added).toBe('42501');
    const [course] = await admin.query<{ title: string }>(`SELECT title FROM public.courses WHERE id = $1`, [ids.course]);
    expect(course?.title).toBe('Rust basics');
  });

  it('a member cannot create a course in the name of another author', async () => {
    const code = await errorCode(
      admin.as(colleague.id, (c) =>
        c.query(`INSERT INTO public.courses (id, organization_id, created_by, title, status, topic) VALUES ($1, $2, $3, 'x', 'published', '{}')`, [
          randomUUID(),
          orgA,
          author.id,
        ]),
      ),
    );
    expect(code).toBe('42501');
  });

  it('an admin can update and delete any course of the organisation; authorship stays', async () => {
    const tree = { course: randomUUID(), project: randomUUID(), lesson: randomUUID(), task: randomUUID(), job: randomUUID() };
    await admin.as(author.id, (c) => insertTree(c, orgA, author.id, tree), true);
    const [before] = await admin.query<{ version: number }>(`SELECT version FROM public.courses WHERE id = $1`, [tree.course]);
    const updated = await admin.as(
      orgAdmin.id,
      (c) => c.query(`UPDATE public.courses SET title = 'Edited by admin', created_by = $2 WHERE id = $1 RETURNING created_by, version`, [tree.course, orgAdmin.id]),
      true,
    );
    expect(updated.rows).toEqual([{ created_by: author.id, version: before!.version + 1 }]);
    const lesson = await admin.as(orgAdmin.id, (c) => c.query(`UPDATE public.lessons SET content = 'fixed' WHERE id = $1`, [tree.lesson]), true);
    expect(lesson.rowCount).toBe(1);
    const deleted = await admin.as(orgAdmin.id, (c) => c.query(`DELETE FROM public.courses WHERE id = $1`, [tree.course]), true);
    expect(deleted.rowCount).toBe(1);
    expect(await admin.query(`SELECT id FROM public.tasks WHERE id = $1`, [tree.task])).toEqual([]);
  });

  it('the author updates their course but cannot move it to another organisation', async () => {
    const ok = await admin.as(author.id, (c) => c.query(`UPDATE public.courses SET description = 'd' WHERE id = $1`, [ids.course]));
    expect(ok.rowCount).toBe(1);
    expect(await errorCode(admin.as(author.id, (c) => c.query(`UPDATE public.courses SET organization_id = $2 WHERE id = $1`, [ids.course, orgB])))).toBe('42501');
  });

  it('only admins manage memberships', async () => {
    const newcomer = await admin.user('newcomer');
    expect(
      await errorCode(admin.as(colleague.id, (c) => c.query(`INSERT INTO public.organization_members (organization_id, user_id) VALUES ($1, $2)`, [orgA, newcomer.id]))),
    ).toBe('42501');
    const promoted = await admin.as(colleague.id, (c) =>
      c.query(`UPDATE public.organization_members SET role = 'admin' WHERE organization_id = $1 AND user_id = $2`, [orgA, colleague.id]),
    );
    expect(promoted.rowCount).toBe(0);
    const added = await admin.as(orgAdmin.id, (c) =>
      c.query(`INSERT INTO public.organization_members (organization_id, user_id) VALUES ($1, $2)`, [orgA, newcomer.id]),
    );
    expect(added.rowCount).toBe(1);
  });
});

describe('versions', () => {
  async function freshCourse(): Promise<typeof ids> {
    const tree = { course: randomUUID(), project: randomUUID(), lesson: randomUUID(), task: randomUUID(), job: randomUUID() };
    await admin.as(author.id, (c) => insertTree(c, orgA, author.id, tree), true);
    return tree;
  }
  const course = async (id: string) =>
    (await admin.query<{ version: number; push_id: string | null; push_open: boolean }>(`SELECT version, push_id, push_open FROM public.courses WHERE id = $1`, [id]))[0]!;
  /** What a desktop push does first: take the course with a new push id, based on the version it read. */
  const openPush = async (courseId: string, push: string) => {
    const { version } = await course(courseId);
    await admin.as(author.id, (c) => c.query(`UPDATE public.courses SET push_id = $2, base_version = $3 WHERE id = $1`, [courseId, push, version]), true);
  };

  it('ignore versions sent by clients and bump one per write', async () => {
    const tree = await freshCourse();
    const before = (await course(tree.course)).version;
    await admin.as(author.id, (c) => c.query(`UPDATE public.courses SET version = 100 WHERE id = $1`, [tree.course]), true);
    expect((await course(tree.course)).version).toBe(before + 1);
  });

  it('an edit anywhere in the tree outside a push moves the course version', async () => {
    const tree = await freshCourse();
    const before = (await course(tree.course)).version;
    await admin.as(orgAdmin.id, (c) => c.query(`UPDATE public.tasks SET prompt = 'reworded' WHERE id = $1`, [tree.task]), true);
    expect((await course(tree.course)).version).toBe(before + 1);
    // The lesson and, by cascade, its task: one bump each.
    await admin.as(orgAdmin.id, (c) => c.query(`DELETE FROM public.lessons WHERE id = $1`, [tree.lesson]), true);
    expect((await course(tree.course)).version).toBe(before + 3);
  });

  it("a push's own writes do not, and someone else's edit during a push clears its push_id", async () => {
    const tree = await freshCourse();
    const push = randomUUID();
    await openPush(tree.course, push);
    const opened = await course(tree.course);
    expect(opened.push_open).toBe(true);
    await admin.as(author.id, (c) => c.query(`UPDATE public.lessons SET content = 'v2', push_id = $2 WHERE id = $1`, [tree.lesson, push]), true);
    await admin.as(author.id, (c) => c.query(`DELETE FROM public.tasks WHERE id = $1`, [tree.task]), true);
    expect((await course(tree.course)).version).toBe(opened.version);
    // The same push_id again is not a push write: an editor that leaves push_id alone.
    await admin.as(orgAdmin.id, (c) => c.query(`UPDATE public.lessons SET content = 'admin edit' WHERE id = $1`, [tree.lesson]), true);
    const interfered = await course(tree.course);
    expect(interfered).toMatchObject({ version: opened.version + 1, push_id: null, push_open: false });
    const committed = await admin.as(author.id, (c) =>
      c.query(`UPDATE public.courses SET push_open = false WHERE id = $1 AND push_id = $2 AND push_open`, [tree.course, push]),
    );
    expect(committed.rowCount).toBe(0);
  });

  it('a push opens only on the version it read (compare-and-swap)', async () => {
    const tree = await freshCourse();
    const { version } = await course(tree.course);
    const stale = await errorCode(
      admin.as(author.id, (c) => c.query(`UPDATE public.courses SET push_id = $2, base_version = $3 WHERE id = $1`, [tree.course, randomUUID(), version - 1])),
    );
    expect(stale).toBe('40001');
    await admin.as(author.id, (c) => c.query(`UPDATE public.courses SET push_id = $2, base_version = $3 WHERE id = $1`, [tree.course, randomUUID(), version]), true);
    expect(await course(tree.course)).toMatchObject({ version: version + 1, push_open: true });
  });

  it("once someone else edits, the push's remaining writes are refused", async () => {
    const tree = await freshCourse();
    const push = randomUUID();
    await openPush(tree.course, push);
    await admin.as(orgAdmin.id, (c) => c.query(`UPDATE public.lessons SET content = 'admin wins' WHERE id = $1`, [tree.lesson]), true);
    const overwrite = await errorCode(
      admin.as(author.id, (c) => c.query(`UPDATE public.lessons SET content = 'desktop', push_id = $2 WHERE id = $1`, [tree.lesson, push])),
    );
    expect(overwrite).toBe('40001');
    const insert = await errorCode(
      admin.as(author.id, (c) =>
        c.query(`INSERT INTO public.tasks (id, lesson_id, course_id, organization_id, created_by, position, kind, prompt, push_id) VALUES ($1, $2, $3, $4, $5, 7, 'quiz', 'q', $6)`, [
          randomUUID(),
          tree.lesson,
          tree.course,
          orgA,
          author.id,
          push,
        ]),
      ),
    );
    expect(insert).toBe('40001');
    expect(await admin.query(`SELECT content FROM public.lessons WHERE id = $1`, [tree.lesson])).toEqual([{ content: 'admin wins' }]);
  });

  it('committing a push keeps its push_id and closes it', async () => {
    const tree = await freshCourse();
    const push = randomUUID();
    await openPush(tree.course, push);
    await admin.as(author.id, (c) => c.query(`UPDATE public.courses SET push_open = false WHERE id = $1 AND push_id = $2 AND push_open`, [tree.course, push]), true);
    expect(await course(tree.course)).toMatchObject({ push_id: push, push_open: false });
    await admin.as(author.id, (c) => c.query(`UPDATE public.courses SET title = 'later edit' WHERE id = $1`, [tree.course]), true);
    expect(await course(tree.course)).toMatchObject({ push_id: null, push_open: false });
  });
});
