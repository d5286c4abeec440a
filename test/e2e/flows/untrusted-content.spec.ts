// Lesson Markdown comes from the model: hostile content must render inert. The fake
// server writes a lesson with script tags, an <img onerror>, a javascript: link, a remote
// image, CSS injection and raw HTML; the page must run none of it, load nothing from
// outside 127.0.0.1, and never navigate (web links go to the OS browser through main).
import { expect, test } from '../fixtures';
import { seedCourse } from './seed';

const HOSTILE = [
  '# Hostile lesson',
  '<script>window.__xss = "script"; alert("script")</script>',
  '<img src=x onerror="window.__xss = \'img\'; alert(\'img\')">',
  '[click me](javascript:alert("link"))',
  '[the docs](https://example.com/docs)',
  '![x](http://example.invalid/a.png)',
  '<style>body { display: none !important; } * { background: url(http://example.invalid/bg.png) }</style>',
  '<div style="position:fixed;inset:0;background:red">overlay</div>',
  '<a href="https://evil.example" onclick="alert(1)">raw html link</a>',
  '<iframe src="https://example.invalid/frame"></iframe>',
  '<svg onload="alert(\'svg\')"></svg>',
  'Plain text survives: **bold** and `code`.',
].join('\n\n');

test('hostile lesson Markdown renders inert', async ({ app, control, screens }) => {
  const dialogs: string[] = [];
  const outside: string[] = [];
  app.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  app.on('request', (request) => {
    const url = request.url();
    if (!/^(https?|wss?):\/\/127\.0\.0\.1:\d+\//.test(url) && !/^(data|blob):/.test(url)) outside.push(url);
  });

  await control.fake.content({ tool: 'submit_lessons', set: { content: HOSTILE } });
  const { courseId } = await seedCourse(control, 'Web security');
  await control.waitIdle();

  const origin = new URL(app.url()).origin;
  await app.goto(`${origin}/#/courses/${courseId}`);
  await app.locator('.tree-lessons a').first().click();
  const lessonUrl = app.url();
  const md = app.locator('.lesson-content .markdown');
  await expect(md.getByRole('heading', { name: 'Hostile lesson' })).toBeVisible();
  await expect(md).toContainText('Plain text survives: bold and code.');
  await expect(md.getByText('[image: x]')).toBeVisible();

  const dom = await app.evaluate(() => {
    const root = document.querySelector('.lesson-content .markdown')!;
    const attrs = [...root.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.name)).filter((n) => n.startsWith('on') || n === 'style');
    return {
      xss: (window as { __xss?: unknown }).__xss ?? null,
      dangerous: root.querySelectorAll('script, style, iframe, svg, img, object, embed').length,
      handlerAttrs: attrs,
      jsLinks: root.querySelectorAll('a[href^="javascript" i]').length,
      links: [...root.querySelectorAll('a')].map((a) => a.getAttribute('href')),
      overlay: [...document.querySelectorAll('div')].some((d) => d.textContent === 'overlay' && getComputedStyle(d).position === 'fixed'),
      bodyDisplay: getComputedStyle(document.body).display,
    };
  });
  expect(dom).toEqual({ xss: null, dangerous: 0, handlerAttrs: [], jsLinks: 0, links: ['https://example.com/docs'], overlay: false, bodyDisplay: 'block' });
  // The javascript: link stays as plain text.
  await expect(md.getByText('click me')).toBeVisible();
  await screens.save('course-untrusted');

  // A web link opens in the OS browser (via main), never in this window.
  await md.getByRole('link', { name: 'the docs' }).click();
  await expect.poll(() => control.openedUrls()).toEqual(['https://example.com/docs']);
  expect(app.url()).toBe(lessonUrl);
  await md.getByText('click me').click();
  expect(app.url()).toBe(lessonUrl);

  expect(dialogs).toEqual([]);
  expect(outside).toEqual([]);
});
