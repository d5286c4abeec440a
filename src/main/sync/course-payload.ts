// The rows one push writes, built from the local course tree. Ids are the desktop's own
// UUIDs, so writing the same course twice updates rows instead of copying them. A course
// published as a duplicate (conflict resolution) gets a new course id, and its children
// ids derived from it by name-based UUIDs: stable across retries, distinct from the
// original's, with no mapping table to keep.
import { createHash } from 'node:crypto';
import type { CourseTree, JobSummary } from '../../shared/domain';
import type { Row } from './supabase-client';

export interface CoursePayload {
  course: Row;
  projects: Row[];
  lessons: Row[];
  tasks: Row[];
  job: Row | null;
}

export interface PayloadContext {
  remoteId: string;
  /** The course version the push read (0 when absent): the backend opens the push only if it still holds. */
  expectedVersion: number;
  organizationId: string;
  userId: string;
  pushId: string;
}

/** RFC 4122 version 5 (SHA-1, name-based) UUID of `name` in the `namespace` UUID. */
export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new Error(`Not a UUID: ${namespace}`);
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function buildCoursePayload(tree: CourseTree, job: JobSummary | null, ctx: PayloadContext): CoursePayload {
  const duplicate = ctx.remoteId !== tree.id;
  const idOf = (localId: string) => (duplicate ? uuidV5(ctx.remoteId, localId) : localId);
  const owned = { course_id: ctx.remoteId, organization_id: ctx.organizationId, created_by: ctx.userId };
  const title = tree.outline?.title ?? tree.topic.topic;
  const course: Row = {
    id: ctx.remoteId,
    organization_id: ctx.organizationId,
    created_by: ctx.userId,
    title: duplicate ? `${title} (copy)` : title,
    description: tree.outline?.description ?? '',
    status: tree.status,
    topic: tree.topic,
    outline: tree.outline,
    summary: tree.summary,
    published_at: tree.publishedAt,
    push_id: ctx.pushId,
    base_version: ctx.expectedVersion,
  };
  const projects: Row[] = [];
  const lessons: Row[] = [];
  const tasks: Row[] = [];
  for (const p of tree.projects) {
    projects.push({ id: idOf(p.id), ...owned, position: p.position, title: p.title, description: p.description, push_id: ctx.pushId });
    for (const l of p.lessons) {
      lessons.push({
        id: idOf(l.id),
        project_id: idOf(p.id),
        ...owned,
        position: l.position,
        title: l.title,
        content: l.content,
        objectives: l.objectives,
        push_id: ctx.pushId,
      });
      for (const t of l.tasks) {
        tasks.push({
          id: idOf(t.id),
          lesson_id: idOf(l.id),
          ...owned,
          position: t.position,
          kind: t.kind,
          prompt: t.prompt,
          answer_key: t.answerKey,
          questions: t.questions,
          push_id: ctx.pushId,
        });
      }
    }
  }
  const jobRow: Row | null = job
    ? {
        id: idOf(job.id),
        ...owned,
        status: job.status,
        items_completed: job.itemsCompleted,
        items_total: job.itemsTotal,
        retry_count: job.retryCount,
        calls: job.calls,
        input_tokens: job.usage.input,
        output_tokens: job.usage.output,
        cache_read_tokens: job.usage.cacheRead,
        cache_write_tokens: job.usage.cacheWrite,
        cost_usd: Number(job.costUsd.toFixed(6)),
        queued_at: job.createdAt,
        started_at: job.startedAt,
        completed_at: job.completedAt,
      }
    : null;
  return { course, projects, lessons, tasks, job: jobRow };
}
