// The queue at the window's smallest size (900×600, src/main/index.ts) and at 1280×800:
// every row's actions fit without a horizontal scroll, the global tracker stays in view,
// a scheduled job reads plainly, and a failed job's detail holds its log. Boxes are
// measured, because clipping is what a person would see and a DOM check would miss.
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { seedCourse } from './seed';

const SIZES = [
  { width: 900, height: 600 },
  { width: 1280, height: 800 },
] as const;

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Each row's action controls against their cell and the table's visible area; the table's own overflow. */
async function measureRows(page: Page) {
  return page.evaluate(() => {
    const box = (el: Element): Box => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    };
    const scroller = document.querySelector<HTMLElement>('[data-testid="job-table"]')!;
    const s = scroller.getBoundingClientRect();
    const visible = { left: s.left + scroller.clientLeft, right: s.left + scroller.clientLeft + scroller.clientWidth };
    const rows = [...document.querySelectorAll<HTMLElement>('.job-row')].map((row) => {
      const cell = row.querySelector('.cell-actions')!;
      const controls = [...cell.querySelectorAll<HTMLElement>('.row-actions > button, .row-actions > a')];
      return {
        id: row.dataset['jobId'],
        cell: box(cell),
        // Text cut inside a control (overflow) shows as scrollWidth beyond clientWidth.
        controls: controls.map((c) => ({ text: c.textContent, box: box(c), cut: c.scrollWidth > c.clientWidth + 1 })),
        titleWidth: row.querySelector('.cell-title')!.getBoundingClientRect().width,
      };
    });
    return { overflowX: scroller.scrollWidth - scroller.clientWidth, visible, rows };
  });
}

const inside = (inner: Box, outer: Pick<Box, 'left' | 'right'> & Partial<Box>) =>
  inner.left >= outer.left - 0.5 && inner.right <= outer.right + 0.5 && (outer.top === undefined || inner.top >= outer.top - 0.5) && (outer.bottom === undefined || inner.bottom <= outer.bottom + 0.5);

test.describe('queue layout', () => {
  test('rows, tracker and scheduled times at the smallest window and at 1280×800', async ({ app: page, control }) => {
    // One job each way a row can look: failed (at the course summary), paused for review,
    // scheduled for tomorrow, and running (the fake holds its lessons calls, so it stays there).
    await control.fake.fault({ kind: 'auth', tool: 'submit_course_summary' });
    const failed = await seedCourse(control, 'Failing at the summary: a course title long enough to be cut in a narrow column');
    const stepwise = await seedCourse(control, 'Reviewed step by step', { enqueue: false });
    const { id: pausedId } = await control.call('jobs.enqueue', { courseId: stepwise.courseId, stepwise: true });
    await page.setViewportSize(SIZES[0]);
    await page.goto(`${new URL(page.url()).origin}/#/queue`);
    await expect(page.locator(`.job-row[data-job-id="${failed.jobId}"]`).getByText('Failed')).toBeVisible({ timeout: 30_000 });
    await expect(page.locator(`.job-row[data-job-id="${pausedId}"]`).getByText('Paused')).toBeVisible({ timeout: 30_000 });

    const later = await seedCourse(control, 'Scheduled for tomorrow', { enqueue: false });
    const { id: scheduledId } = await control.call('jobs.enqueue', { courseId: later.courseId, runAfter: new Date(Date.now() + 30 * 3_600_000).toISOString() });
    const running = await seedCourse(control, 'Running now', { enqueue: false });
    await control.fake.hold('submit_lessons');
    const { id: runningId } = await control.call('jobs.enqueue', { courseId: running.courseId });
    await expect(page.locator(`.job-row[data-job-id="${runningId}"]`).getByText('Generating lessons')).toBeVisible();

    // The tracker is in the top bar at 900 wide, in view, and counts only what runs or is next.
    const tracker = page.getByTestId('tracker');
    await expect(tracker).toBeVisible();
    await expect(page.getByTestId('tracker-summary')).toContainText('1 running');
    await expect(page.getByTestId('tracker-summary')).toContainText('1 scheduled');
    await expect(page.getByTestId('tracker-summary')).not.toContainText('0/0');
    const trackerBox = (await tracker.boundingBox())!;
    expect(trackerBox.width).toBeGreaterThan(100);
    expect(trackerBox.x + trackerBox.width).toBeLessThanOrEqual(SIZES[0].width);
    expect(trackerBox.y).toBeGreaterThanOrEqual(0);

    // A job scheduled ~30 h ahead: "Scheduled" / "tomorrow", never "after in 1 days".
    const scheduled = page.locator(`.job-row[data-job-id="${scheduledId}"]`);
    await expect(scheduled.locator('.cell-time')).toHaveText('Scheduledtomorrow');
    await expect(scheduled.locator('.job-secondary')).toHaveText('Scheduled tomorrow');
    // Dates and token counts are in tooltips, built as the pointer comes over the cell.
    const runAfterYear = String(new Date(Date.now() + 30 * 3_600_000).getFullYear());
    await scheduled.locator('.cell-time').hover();
    await expect(scheduled.locator('.cell-time')).toHaveAttribute('title', new RegExp(`^Scheduled for .*${runAfterYear}`));
    const failedRow = page.locator(`.job-row[data-job-id="${failed.jobId}"]`);
    await failedRow.locator('.cell-time').hover();
    await expect(failedRow.locator('.cell-time')).toHaveAttribute('title', new RegExp(`^Started .*${new Date().getFullYear()}`));
    await failedRow.locator('.cell-cost').hover();
    await expect(failedRow.locator('.cell-cost')).toHaveAttribute('title', /^[1-9][\d,.\s]* tokens in [1-9]\d* calls?$/);
    // The paused row names the step in words.
    await expect(page.locator(`.job-row[data-job-id="${pausedId}"] .job-secondary`)).toHaveText(/^Waiting for review after (lessons|tasks|the course summary)$/);

    // A long title is cut by the column but readable whole in its tooltip.
    const failedTitle = page.locator(`.job-row[data-job-id="${failed.jobId}"] .job-title`);
    const fullTitle = (await failedTitle.textContent())!;
    expect(fullTitle).toContain('a course title long enough to be cut in a narrow column');
    await expect(failedTitle).toHaveAttribute('title', fullTitle);
    expect(await failedTitle.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);

    for (const size of SIZES) {
      await page.setViewportSize(size);
      await expect(page.locator('.job-row')).toHaveCount(4);
      const { overflowX, visible, rows } = await measureRows(page);
      expect(overflowX, `horizontal overflow at ${size.width}`).toBeLessThanOrEqual(0);
      for (const row of rows) {
        expect(row.controls.length).toBeGreaterThan(0);
        for (const control of row.controls) {
          const where = `${control.text} in row ${row.id} at ${size.width}×${size.height}`;
          expect(inside(control.box, row.cell), `${where}: within its cell`).toBe(true);
          expect(inside(control.box, visible), `${where}: within the table's visible area`).toBe(true);
          expect(control.cut, `${where}: text not cut`).toBe(false);
        }
        expect(row.titleWidth, `title column at ${size.width}`).toBeGreaterThanOrEqual(160);
      }
    }
  });

  test('a failed job’s detail holds its log at 900×600 and 1280×800, also with a long error', async ({ app: page, control }) => {
    await control.fake.fault({ kind: 'auth', tool: 'submit_course_summary' });
    const { jobId } = await seedCourse(control, 'Fails at the summary');
    await page.setViewportSize(SIZES[0]);
    await page.goto(`${new URL(page.url()).origin}/#/queue/${jobId}`);
    const detail = page.getByTestId('job-detail');
    const failure = detail.getByRole('alert').filter({ hasText: 'Failed while generating the course summary.' });
    await expect(failure).toBeVisible({ timeout: 30_000 });
    // The step in words, not the pipeline's "finalize".
    await expect(failure.getByRole('button', { name: 'Retry from the course summary' })).toBeVisible();
    await expect(detail.getByTestId('log-lines')).toContainText('Failed during');

    const contained = async (label: string) => {
      const card = (await detail.boundingBox())!;
      for (const part of [detail.locator('.log-viewer'), detail.getByTestId('log-lines'), detail.locator('.failure-box')]) {
        const box = (await part.boundingBox())!;
        const where = `${label}: ${await part.evaluate((el) => el.className)}`;
        expect(box.y, `${where} top`).toBeGreaterThanOrEqual(card.y);
        expect(box.y + box.height, `${where} bottom`).toBeLessThanOrEqual(card.y + card.height + 0.5);
        expect(box.x + box.width, `${where} right`).toBeLessThanOrEqual(card.x + card.width + 0.5);
      }
      // The log keeps a usable height: its minimum, or whatever the window leaves.
      expect((await detail.getByTestId('log-lines').boundingBox())!.height, `${label}: log height`).toBeGreaterThanOrEqual(150);
    };
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await contained(`${size.width}×${size.height}`);
    }
    // An error as long as a whole API response: the failure box stays bounded and the log inside the card.
    await detail.locator('.failure-message').evaluate((el) => {
      el.textContent = 'The model API answered: '.concat('upstream connect error or disconnect/reset before headers. '.repeat(60));
    });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await contained(`${size.width}×${size.height}, long error`);
    }
  });

  test('the queue limits form explains a bad value before sending it', async ({ app: page, control }) => {
    await seedCourse(control, 'Limits');
    await page.setViewportSize(SIZES[0]);
    await page.goto(`${new URL(page.url()).origin}/#/queue`);
    const form = page.locator('.queue-limits');
    for (const value of ['2.5', '0']) {
      await page.getByLabel('Jobs at once').fill(value);
      await page.getByRole('button', { name: 'Apply limits' }).click();
      await expect(form.getByRole('alert')).toHaveText('Run 1 to 20 jobs at a time.');
      await expect(page.getByLabel('Jobs at once')).toHaveAttribute('aria-invalid', 'true');
    }
    expect((await control.call('jobs.snapshot')).queue.limits.jobs).toBe(3);
    await page.getByLabel('Jobs at once').fill('2');
    await expect(form.getByRole('alert')).toHaveCount(0);
    await page.getByRole('button', { name: 'Apply limits' }).click();
    await expect.poll(async () => (await control.call('jobs.snapshot')).queue.limits.jobs).toBe(2);
  });
});

