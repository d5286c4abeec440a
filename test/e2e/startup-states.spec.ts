// The option fixtures put the app in a failure state before it starts; the page must say
// what is wrong where the person looks, not show an empty screen.
import { expect, test } from './fixtures';

test.describe('a damaged database', () => {
  test.use({ corruptDatabase: true });

  test('every screen explains that the database could not be opened', async ({ app, control, screens }) => {
    const state = await control.state();
    expect(state.startupError).toMatch(/is damaged or is not a Course Studio database/);
    await expect(app.getByText(/could not start/i).first()).toBeVisible();
    await expect(app.getByText(/damaged/i).first()).toBeVisible();
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
