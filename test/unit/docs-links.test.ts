// Every relative link and image in the README and docs/ points at a file that exists, and a
// `#heading` points at a heading of that file: text moved between them must not leave a
// dangling link behind.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

const DOCS = [
  'README.md',
  'bench/README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** Markdown link and image targets, outside code spans and fenced blocks. */
export function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const targets: string[] = [];
  for (const match of prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    targets.push(match[1]!);
  }
  return targets;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const prose = markdown.replace(/```[\s\S]*?```/g, '');
  for (const match of prose.matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const slug = match[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    let anchor = slug;
    for (let n = 1; anchors.has(anchor); n++) anchor = `${slug}-${n}`;
    anchors.add(anchor);
  }
  return anchors;
}

function isExternal(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target);
}

describe('links in the README and docs/', () => {
  it('finds links, images and anchors the way the checks below rely on', () => {
    const sample = '# A title\n## Export to an LMS\n[a](docs/X.md#y) ![](pic.png) `[no](not-a-link)`\n```\n[no](fenced)\n```';
    expect(linkTargets(sample)).toEqual(['docs/X.md#y', 'pic.png']);
    expect([...headingAnchors(sample)]).toEqual(['a-title', 'export-to-an-lms']);
  });

  for (const doc of DOCS) {
    it(`${doc}: every relative link resolves`, () => {
      const text = readFileSync(join(ROOT, doc), 'utf8');
      const broken: string[] = [];
      for (const target of linkTargets(text)) {
        if (isExternal(target)) continue;
        const [path, anchor] = target.split('#', 2) as [string, string | undefined];
        const file = path === '' ? join(ROOT, doc) : join(ROOT, dirname(doc), decodeURIComponent(path));
        if (!existsSync(file)) {
          broken.push(`${target} (no file ${relative(ROOT, file)})`);
          continue;
        }
        if (anchor && file.endsWith('.md') && !headingAnchors(readFileSync(file, 'utf8')).has(anchor)) {
          broken.push(`${target} (no heading #${anchor} in ${relative(ROOT, file)})`);
        }
      }
      expect(broken).toEqual([]);
    });
  }
});
