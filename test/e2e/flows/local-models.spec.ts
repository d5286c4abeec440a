// Settings → Models for each step (issue 16): the fake local server is found on its port,
// its models listed (the small one warned about), one tested with its time, and "All local
// (offline)" chosen and saved; the wizard's generation then needs no Claude at all.
import { expect, test } from '../fixtures';

test('Settings finds the local server, lists and tests its models, and picks All local', async ({ app, control, screens }) => {
  await app.goto(`${new URL(app.url()).origin}/#/settings`);
  const section = app.getByRole('region', { name: 'Models for each step' });
  const found = section.getByRole('button', { name: /^Ollama — http:\/\/127\.0\.0\.1:\d+\/v1 \(2 models\)$/ });
  await expect(found).toBeVisible({ timeout: 10_000 });
  // Nothing local chosen yet: the local presets wait for a model.
  await expect(section.getByRole('button', { name: 'All Claude' })).toHaveAttribute('aria-pressed', 'true');

  await found.click();
  const model = section.getByLabel('Local model');
  await expect(model).toHaveValue('qwen2.5:7b');
  await model.selectOption('llama3.2:3b');
  await expect(section.getByRole('note')).toContainText('looks small (3B parameters)');
  await model.selectOption('qwen2.5:7b');
  await section.getByRole('button', { name: 'Test model' }).click();
  await expect(section.getByRole('status')).toHaveText(/^✓ qwen2\.5:7b answered in shape in \d+\.\d s\.$/);
  // Ollama's default window is smaller than a course's largest call: said before any job cuts a prompt.
  await expect(section.getByTestId('context-warning')).toHaveText(
    /^Ollama gives qwen2\.5:7b 4,096 tokens of context unless it was started with OLLAMA_CONTEXT_LENGTH, and the largest step of a course takes about [\d,]+ tokens \(its prompt and its answer\): .* OLLAMA_CONTEXT_LENGTH=\d+/,
  );

  await section.getByRole('button', { name: 'All local (offline)' }).click();
  await expect(section.getByLabel('Lessons')).toHaveValue('local');
  await section.getByRole('button', { name: 'Save models for each step' }).click();
  await expect(app.getByText('Models for each step saved')).toBeVisible();
  const saved = await control.call('models.get');
  expect(saved.routing.steps.lessons).toMatchObject({ provider: 'openai-compatible', local: { model: 'qwen2.5:7b', server: 'ollama' } });
  expect(Object.values(saved.routing.steps).every((route) => route.provider === 'openai-compatible')).toBe(true);
  await screens.save('settings-local-models');

  // Read back after a reload: the lessons stay local, and the preset shows as chosen.
  await app.reload();
  await expect(section.getByRole('button', { name: 'All local (offline)' })).toHaveAttribute('aria-pressed', 'true');
  await section.getByLabel('Lessons').selectOption('claude');
  await expect(section.getByRole('button', { name: 'All local (offline)' })).toHaveAttribute('aria-pressed', 'false');
});

test('the wizard says which model each step will use, and goes offline in one click', async ({ app, control }) => {
  const [server] = await control.call('localModels.detect');
  const local = { baseUrl: server!.baseUrl, model: 'qwen2.5:7b', apiKey: null, server: 'ollama' as const };
  const steps = { provider: 'openai-compatible' as const, local };
  await control.call('models.setRouting', {
    steps: { outline: steps, lessons: { provider: 'anthropic' }, tasks: { ...steps, local: { ...local } }, summary: { ...steps, local: { ...local } }, regenerate: { provider: 'anthropic' } },
    localRequestLimit: 1,
  });
  await app.goto(`${new URL(app.url()).origin}/#/new`);
  const models = app.getByTestId('wizard-models');
  const host = new URL(server!.baseUrl).host;
  await expect(models).toContainText(`Outline options — qwen2.5:7b on ${host} · Lessons — Claude · Tasks — qwen2.5:7b on ${host}`);
  await models.getByRole('button', { name: 'Work offline' }).click();
  await expect(models).toContainText('Lessons — qwen2.5:7b');
  await expect(models).toContainText('offline: nothing leaves this machine');
  expect((await control.call('models.get')).routing.steps.lessons.provider).toBe('openai-compatible');
});

test('Claude models are chosen from the account’s list, retiring ones with their dates', async ({ app, control }) => {
  await app.goto(`${new URL(app.url()).origin}/#/settings`);
  const model = app.getByRole('combobox', { name: 'Model', exact: true });
  await expect(model.locator('option', { hasText: 'Claude Haiku 4.5 (claude-haiku-4-5) — retires 2027-04-01' })).toHaveCount(1);
  await expect(model.locator('option', { hasText: 'Claude Sonnet 4.5 (claude-sonnet-4-5) — retired 2026-11-30' })).toBeDisabled();
  await model.selectOption('claude-haiku-5-5');
  await app.getByRole('button', { name: 'Save model settings' }).click();
  await expect(app.getByText('Model settings saved')).toBeVisible();
  expect((await control.call('settings.get')).model).toBe('claude-haiku-5-5');
});
