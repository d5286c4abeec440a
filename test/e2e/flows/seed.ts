// Puts courses into the state a flow starts from, through the same dispatcher the page
// uses (the bridge's control channel), so each spec clicks only through the part it tests.
import type { Page } from '@playwright/test';
import type { BridgeControl } from '../../support/bridge/control-client';

export interface SeedOptions {
  projects?: number;
  autoPublish?: boolean;
  enqueue?: boolean;
}

/** Creates a course, generates one outline option, chooses and approves it; optionally queues it. Returns ids. */
export async function seedCourse(control: BridgeControl, topic: string, options: SeedOptions = {}): Promise<{ courseId: string; jobId: string | null }> {
  const course = await control.call('courses.create', { topic: { topic, projects: options.projects ?? 3 } });
  const [option] = await control.call('courses.generateOutlines', { courseId: course.id, count: 1 });
  await control.call('courses.chooseOption', { courseId: course.id, optionId: option!.id });
  await control.call('courses.approveOutline', { courseId: course.id, by: 'Seed', note: '' });
  if (options.enqueue === false) return { courseId: course.id, jobId: null };
  const job = await control.call('jobs.enqueue', { courseId: course.id, autoPublish: options.autoPublish ?? false });
  return { courseId: course.id, jobId: job.id };
}

export async function jobStatus(control: BridgeControl, jobId: string): Promise<string> {
  const [row] = await control.db<{ status: string }>('SELECT status FROM jobs WHERE id = ?', [jobId]);
  return row?.status ?? 'missing';
}

/**
 * Resolves once every command the page has sent so far has reached the core: the bridge
 * starts a page's commands in the order they were sent, so the answer to one more command
 * means the earlier ones (a click's pause, say) have been acted on.
 */
export async function pageCommandsReached(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { courseStudio: { jobsSnapshot(): Promise<unknown> } }).courseStudio.jobsSnapshot());
}
