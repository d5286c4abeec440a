// A long log: the viewer holds the newest page and reads older pages as the person scrolls
// up, before the top is reached, and the line they are looking at stays where it is when a
// page lands above it. At the very top the log's first line shows.
import type { Locator } from '@playwright/test';
import { expect, test } from '../fixtures';

const LINES = 3_500;
const LINE_PX = 24;
const PAGE = 1_000;
test.use({ seededJobs: 3, seededLogLines: LINES });

/** The text of the line under the top edge of the scroll box, and how far that edge is into it. */
function lineAtTop(log: Locator) {
  return log.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const line = document.elementFromPoint(box.left + 40, box.top + el.clientTop + 4)?.closest('.log-line');
    return { text: line?.textContent ?? null, offset: line ? Math.round(line.getBoundingClientRect().top - box.top - el.clientTop) : null, scrollTop: el.scrollTop };
  });
}

test('a long log reads older pages while scrolling up and keeps the line in view still', async ({ app, control }) => {
  const [{ jobId }] = (await control.db<{ jobId: string }>(`SELECT job_id AS jobId FROM job_logs GROUP BY job_id ORDER BY COUNT(*) DESC LIMIT 1`)) as [{ jobId: string }];
  await app.goto(`${new URL(app.url()).origin}/#/queue/${jobId}`);
  const log = app.getByTestId('log-lines');
  const height = () => log.evaluate((el) => el.scrollHeight);
  // The newest page first, scrolled to its end.
  await expect.poll(height).toBe(PAGE * LINE_PX);
  await expect.poll(() => log.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 32)).toBe(true);

  // 400 lines into the newest page: still 400 above the view, and the next page is read already.
  const seedLine = async (i: number) =>
    ((await control.db<{ message: string }>(`SELECT message FROM job_logs WHERE job_id = ? ORDER BY id LIMIT 1 OFFSET ?`, [jobId, i])) as [{ message: string }])[0].message;
  const shownLine = LINES - PAGE + 400;
  await log.evaluate((el, top) => (el.scrollTop = top), 400 * LINE_PX);
  await expect.poll(height).toBe(2 * PAGE * LINE_PX);
  // The prepend moved the position by exactly the lines added: the same line is at the top, to the pixel.
  await expect.poll(() => lineAtTop(log)).toMatchObject({ offset: 0, scrollTop: (PAGE + 400) * LINE_PX });
  expect((await lineAtTop(log)).text).toContain(await seedLine(shownLine));
  expect(await seedLine(shownLine)).not.toBe(await seedLine(shownLine - PAGE));

  // All the way up, page by page: the log's very first line (the seed's line 0) ends on top.
  const [first] = (await control.db<{ message: string }>(`SELECT message FROM job_logs WHERE job_id = ? ORDER BY id LIMIT 1`, [jobId])) as [{ message: string }];
  await expect
    .poll(
      async () => {
        await log.evaluate((el) => (el.scrollTop = 0));
        return height();
      },
      { timeout: 20_000 },
    )
    .toBe(LINES * LINE_PX);
  await log.evaluate((el) => (el.scrollTop = 0));
  await expect(log.locator('.log-line').first()).toContainText(first.message);
  await expect(app.locator('.log-older')).toHaveCount(0);
});
