import { describe, expect, it } from 'vitest';
import { imagePlaceholder, isWebUrl, transformMarkdownUrl } from '../../../src/shared/markdown-policy';

describe('Markdown URL policy', () => {
  it('keeps http, https and mailto links and drops every other scheme', () => {
    expect(transformMarkdownUrl('https://example.com/a?b=1', 'href')).toBe('https://example.com/a?b=1');
    expect(transformMarkdownUrl('http://example.com', 'href')).toBe('http://example.com');
    expect(transformMarkdownUrl('mailto:a@example.com', 'href')).toBe('mailto:a@example.com');
    for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,<script>x</script>', 'vbscript:x', 'file:///etc/passwd', '/relative', '#frag', '']) {
      expect(transformMarkdownUrl(bad, 'href'), bad).toBe('');
    }
  });

  it('loads no remote image: only inline raster data: images survive', () => {
    expect(transformMarkdownUrl('http://example.invalid/a.png', 'src')).toBe('');
    expect(transformMarkdownUrl('https://example.com/pixel.gif', 'src')).toBe('');
    expect(transformMarkdownUrl('data:image/svg+xml;base64,PHN2Zz4=', 'src')).toBe('');
    expect(transformMarkdownUrl('data:image/png;base64,iVBORw0KGgo=', 'src')).toBe('data:image/png;base64,iVBORw0KGgo=');
  });

  it('drops URLs in any other attribute', () => {
    expect(transformMarkdownUrl('https://example.com', 'cite')).toBe('');
  });

  it('sends only web links to the OS browser and labels dropped images', () => {
    expect(isWebUrl('https://example.com')).toBe(true);
    expect(isWebUrl('mailto:a@example.com')).toBe(false);
    expect(isWebUrl('javascript:alert(1)')).toBe(false);
    expect(imagePlaceholder('diagram')).toBe('[image: diagram]');
    expect(imagePlaceholder('  ')).toBe('[image]');
  });
});
