import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../src/main/security';

const html = readFileSync(resolve(import.meta.dirname, '../../../src/renderer/index.html'), 'utf8');

describe('renderer index.html', () => {
  it("carries the app's CSP as a meta tag (all but frame-ancestors, which a meta tag cannot set)", () => {
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta, 'CSP meta tag').not.toBeNull();
    const expected = CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('frame-ancestors'));
    expect(meta![1]!.split('; ')).toEqual(expected);
  });

  it('loads no script but the bundle, and no inline script', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    expect(scripts[0]![1]).toContain('src="./main.tsx"');
    expect(scripts[0]![2]!.trim()).toBe('');
  });
});
