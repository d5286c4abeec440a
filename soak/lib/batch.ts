// Seeding a soak batch: approved courses (hand-written outlines, no model call) queued for
// generation, with sizes drawn from a seeded PRNG so a run can be repeated exactly.
import { Store } from '../../src/main/db/store';
import { mulberry32 } from '../../test/support/fake-anthropic/faults';
import { seedApprovedCourse } from '../../test/support/engine';

export { mulberry32 };

export interface BatchSpec {
  courses: number;
  /** Projects per course are drawn from [min, max]; lessons per project likewise. */
  projects: [number, number];
  lessons: [number, number];
  seed: number;
}

export interface Batch {
  courseIds: string[];
  jobIds: string[];
  /** Model calls the batch needs when nothing fails: a lessons call per project, a tasks call per lesson, one summary per course. */
  units: number;
}

export function between(random: () => number, [min, max]: [number, number]): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Seeds and enqueues the batch in `store` (left open for the caller). */
export function seedBatch(store: Store, spec: BatchSpec, titlePrefix = 'Soak'): Batch {
  const random = mulberry32(spec.seed);
  const courseIds: string[] = [];
  const jobIds: string[] = [];
  let units = 0;
  for (let i = 0; i < spec.courses; i++) {
    const projects = between(random, spec.projects);
    const lessons = between(random, spec.lessons);
    const courseId = seedApprovedCourse(store, `${titlePrefix} ${String(i + 1).padStart(2, '0')}`, projects, lessons);
    const job = store.write(() => store.jobs.enqueue(courseId));
    courseIds.push(courseId);
    jobIds.push(job.id);
    units += projects + projects * lessons + 1;
  }
  return { courseIds, jobIds, units };
}

/** Seeds a batch into a database file and closes it, for a runner in another process. */
export function seedBatchFile(path: string, spec: BatchSpec, titlePrefix?: string): Batch {
  const store = Store.open(path);
  try {
    return seedBatch(store, spec, titlePrefix);
  } finally {
    store.close();
  }
}
