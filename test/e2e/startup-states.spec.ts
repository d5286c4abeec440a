// The option fixtures put the app in a failure state before it starts; the page must say
// what is wrong where the person looks, not show an empty screen.
import { canMakeReadOnly } from '../support/broken-files';
import { expect, test } from './fixtures';

test.describe('a damaged database', () => {
  test.use({ corruptDatabase: true });

  test('every screen explains that the database could not be opened', async ({ app, control, screens }) => {
    const state = await control.state();
    expect(state.startupError).toMatch(/is damaged or is not a Course Studio database/);
    await expect(app.getByRole('heading', { name: 'Course Studio could not open its data' })).toBeVisible();
    await expect(app.getByText(/is damaged or is not a Course Studio database/).first()).toBeVisible();
    // Every command other than app.info still answers with the reason, never with data.
    expect(
      await app.evaluate(async () => {
        const api = (window as unknown as { courseStudio: { jobsSnapshot(): Promise<{ ok: boolean }> } }).courseStudio;
        return (await api.jobsSnapshot()).ok;
      }),
    ).toBe(false);
    await screens.save('startup-corrupt-database');
  });
});

test.describe('no API key', () => {
  test.use({ noApiKey: true });

  test('the queue says a key is needed and Settings offers to add one', async ({ app, control }) => {
    expect((await control.call('settings.get')).apiKeySet).toBe(false);
    await expect(app.getByText('Add your Anthropic API key in Settings').first()).toBeVisible();
    await app.evaluate(() => (location.hash = '#/settings'));
    await expect(app.getByLabel(/API key/i).first()).toBeVisible();
  });
});

test.describe('starting over from a damaged database', () => {
  test.use({ corruptDatabase: true });

  test('keeps the damaged file under a new name and opens an empty database', async ({ app, control }) => {
    const { dataDir } = await control.state();
    await expect(app.getByRole('heading', { name: 'Course Studio could not open its data' })).toBeVisible();
    await app.getByRole('button', { name: 'Start a new database' }).click();
    const kept = app.getByRole('status').locator('code');
    await expect(kept).toContainText(`${dataDir}/course-studio.unreadable-`);
    const keptPath = (await kept.textContent())!;
    // The app comes back on the new database (the page reloads by itself).
    await expect(app.getByRole('heading', { name: 'Queue' })).toBeVisible({ timeout: 10_000 });
    expect((await control.state()).startupError).toBeNull();
    expect((await control.call('jobs.snapshot')).jobs).toEqual([]);
    // The damaged file is intact, byte for byte, where the message said.
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(keptPath, 'utf8')).toBe('this is not a database\n'.repeat(200));
  });
});

test.describe('a read-only database', () => {
  test.skip(!canMakeReadOnly, 'as root this needs chattr on a file system with the immutable attribute');
  test.use({ readOnlyDatabase: true });

  test('says the data folder is read-only and does not offer to replace the file', async ({ app, control }) => {
    const { startupError } = await control.state();
    expect(startupError).toMatch(/can be read but not written: the file or its folder .* is read-only/);
    await expect(app.getByRole('heading', { name: 'Course Studio could not open its data' })).toBeVisible();
    await expect(app.getByText(/can be read but not written/)).toBeVisible();
    await expect(app.getByText('Your data is kept as it is. Once the problem above is fixed, start Course Studio again.')).toBeVisible();
    await expect(app.getByRole('button', { name: 'Start a new database' })).toHaveCount(0);
  });
});

test.describe('damage found while the app runs', () => {
  test.use({ damagedPages: true });

  test('the courses page says the file is damaged; after a reload a new database can be started', async ({ app, control }) => {
    const { dataDir } = await control.state();
    await expect(app.getByRole('heading', { name: 'Queue' })).toBeVisible();
    await app.evaluate(() => (location.hash = '#/courses'));
    await expect(app.getByText('The courses could not be loaded')).toBeVisible();
    const damaged = /is damaged \(database disk image is malformed\)\. Course Studio has stopped writing to it/;
    await expect(app.locator('#main').getByText(damaged)).toBeVisible();
    // The queue stopped claiming jobs from the file, and the tracker on every page says why.
    await expect(app.getByTestId('tracker')).toContainText(damaged);
    await app.reload();
    await expect(app.getByRole('heading', { name: 'Course Studio could not open its data' })).toBeVisible();
    await app.getByRole('button', { name: 'Start a new database' }).click();
    await expect(app.getByRole('status').locator('code')).toContainText(`${dataDir}/course-studio.unreadable-`);
    // The page reloads by itself, on the page it was showing, now over the new, empty database.
    await expect(app.getByRole('heading', { name: 'No courses yet' })).toBeVisible({ timeout: 10_000 });
    expect(await control.call('courses.list')).toEqual([]);
  });
});
