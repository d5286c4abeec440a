// The course page's Export menu as a person uses it: a generated course exported as an IMS
// Common Cartridge, saved as a download whose name and size the page shows. No hold needed:
// the job's end (idle) and the saved file are final states.
import { readFileSync } from 'node:fs';
import { formatByteSize } from '../../../src/shared/course-export';
import { expect, test } from '../fixtures';
import { seedCourse } from './seed';

test('exports a course as IMS Common Cartridge from the course page and shows the file name and size', async ({ app, control }) => {
  const { courseId } = await seedCourse(control, 'Postgres indexing');
  await control.waitIdle();
  const origin = new URL(app.url()).origin;
  await app.goto(`${origin}/#/courses/${courseId}`);

  await app.locator('.export-menu > summary').click();
  const formats = app.getByRole('group', { name: 'Export formats' }).getByRole('button');
  await expect(formats).toHaveText([/^IMS Common Cartridge/, /^SCORM 1\.2/, /^Markdown/, /^JSON/]);

  const downloadPromise = app.waitForEvent('download');
  await app.getByRole('button', { name: /^IMS Common Cartridge/ }).click();
  const download = await downloadPromise;
  const filename = download.suggestedFilename();
  expect(filename).toMatch(/^[\p{L}\p{N}-]+\.imscc$/u);
  const bytes = readFileSync((await download.path())!);
  // A zip whose first entry is the manifest, at its root.
  expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  expect(bytes.subarray(30, 30 + bytes.readUInt16LE(26)).toString('utf8')).toBe('imsmanifest.xml');

  const saved = app.locator('.export-saved');
  await expect(saved.locator('.export-filename')).toHaveText(filename);
  await expect(saved.locator('.export-size')).toHaveText(formatByteSize(bytes.byteLength));

  // Escape closes the menu and focus goes back to its button.
  await app.keyboard.press('Escape');
  await expect(formats.first()).toBeHidden();
  await expect(app.locator('.export-menu > summary')).toBeFocused();
});
