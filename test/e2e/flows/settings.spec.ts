// Settings: inline validation, saving, the key (set/replace/remove/test, never shown), and
// the states a fresh or damaged install puts the app in.
import { expect, test } from '../fixtures';
import { seedCourse } from './seed';

test('model settings validate inline and save; the reviewer name prefills approvals', async ({ app, control, bridge, screens }) => {
  const origin = new URL(app.url()).origin;
  await app.goto(`${origin}/#/settings`);
  await expect(app.getByText('A key is set.')).toBeVisible();
  await expect(app.getByTestId('data-dir')).toHaveText(bridge.dataDir);

  const maxTokens = app.getByLabel('Max tokens per request');
  await maxTokens.fill('100');
  await expect(app.getByText('Use a whole number from 256 to 64,000.')).toBeVisible();
  await expect(maxTokens).toHaveAttribute('aria-invalid', 'true');
  await app.getByLabel('Base URL').fill('ftp://example.com');
  await expect(app.getByText('Use an http:// or https:// address.')).toBeVisible();
  await expect(app.getByRole('button', { name: 'Save model settings' })).toBeDisabled();
  await screens.save('settings-invalid');

  await maxTokens.fill('4096');
  await app.getByLabel('Base URL').fill('');
  await app.getByRole('button', { name: 'Save model settings' }).click();
  await expect(app.getByText('Model settings saved')).toBeVisible();
  expect((await control.call('settings.get')).maxTokens).toBe(4096);

  await app.getByLabel('Jobs at once').fill('0');
  await expect(app.getByText('Run 1 to 20 jobs at a time.')).toBeVisible();
  await app.getByLabel('Jobs at once').fill('2');
  await app.getByRole('button', { name: 'Save limits' }).click();
  await expect(app.getByText('Queue limits saved')).toBeVisible();
  expect((await control.call('jobs.snapshot')).queue.limits.jobs).toBe(2);

  await app.getByLabel('Reviewer name').fill('Ada Lovelace');
  await app.getByRole('button', { name: 'Save review defaults' }).click();
  await expect(app.getByText('Review defaults saved')).toBeVisible();
  await app.locator('#main').evaluate((el) => el.scrollTo(0, 0));
  await screens.save('settings');

  const course = await control.call('courses.create', { topic: { topic: 'Go generics', projects: 3 } });
  const [option] = await control.call('courses.generateOutlines', { courseId: course.id, count: 1 });
  await control.call('courses.chooseOption', { courseId: course.id, optionId: option!.id });
  await app.goto(`${origin}/#/new/${course.id}`);
  await expect(app.getByLabel('Reviewer')).toHaveValue('Ada Lovelace');
});

test('the API key: remove, set, test; the renderer never sees it', async ({ app }) => {
  await app.goto(`${new URL(app.url()).origin}/#/settings`);
  await app.getByRole('button', { name: 'Remove key' }).click();
  await app.getByRole('button', { name: 'Remove the key?' }).click();
  await expect(app.getByText('No key yet: generation waits until you add one.')).toBeVisible();
  await expect(app.getByRole('button', { name: 'Test connection' })).toBeDisabled();

  await app.getByRole('textbox', { name: 'API key', exact: true }).fill('short');
  await app.getByRole('button', { name: 'Save key' }).click();
  await expect(app.getByText('That API key is too short.')).toBeVisible();

  await app.getByRole('textbox', { name: 'API key', exact: true }).fill('sk-ant-test-key-0123456789');
  await app.getByRole('button', { name: 'Save key' }).click();
  await expect(app.getByText('A key is set.')).toBeVisible();
  await expect(app.getByLabel('Replace the key')).toHaveValue('');
  await app.getByRole('button', { name: 'Test connection' }).click();
  await expect(app.locator('.key-form').getByRole('status').or(app.locator('.key-form').getByRole('alert')).last()).not.toBeEmpty();
  expect(await app.content()).not.toContain('sk-ant-test-key-0123456789');
});

test.describe('without an API key, on a system without a keychain', () => {
  test.use({ noApiKey: true, secretBackend: 'plaintext' });

  test('queued work waits for the key and starts once it is added', async ({ app, control }) => {
    await control.setApiKey('sk-ant-seed-only-000000');
    const { courseId } = await seedCourse(control, 'Terraform', { enqueue: false });
    await control.setApiKey(null);
    await control.call('jobs.enqueue', { courseId, autoPublish: false });

    const origin = new URL(app.url()).origin;
    await app.goto(`${origin}/#/queue`);
    await expect(app.getByRole('status').filter({ hasText: 'Add your Anthropic API key in Settings' }).first()).toBeVisible();
    await expect(app.locator('.job-row').getByText('Queued')).toBeVisible();

    await app.getByRole('link', { name: 'Settings', exact: true }).click();
    await expect(app.getByText(/stored only obfuscated/)).toBeVisible();
    await app.getByRole('textbox', { name: 'API key', exact: true }).fill('sk-ant-test-key-0123456789');
    await app.getByRole('button', { name: 'Save key' }).click();
    await expect(app.getByText('A key is set.')).toBeVisible();

    await app.getByRole('link', { name: 'Queue', exact: true }).click();
    await expect(app.locator('.job-row').getByText('Completed')).toBeVisible({ timeout: 30_000 });
  });
});

test.describe('with a damaged database', () => {
  test.use({ corruptDatabase: true });

  test('every route shows why the data could not be opened, with the way forward, instead of an empty page', async ({ app }) => {
    for (const route of ['#/queue', '#/settings', '#/courses']) {
      await app.goto(`${new URL(app.url()).origin}/${route}`);
      await expect(app.getByRole('heading', { name: 'Course Studio could not open its data' })).toBeVisible();
      await expect(app.getByRole('alert').filter({ hasText: /damaged/ }).first()).toBeVisible();
      await expect(app.getByRole('button', { name: 'Start a new database' })).toBeVisible();
    }
  });
});
