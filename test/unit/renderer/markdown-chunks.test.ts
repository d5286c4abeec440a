import { describe, expect, it } from 'vitest';
import { splitMarkdown } from '../../../src/renderer/lib/markdown-chunks';

describe('splitMarkdown', () => {
  it('keeps a normal lesson in one piece', () => {
    const text = '# Title\n\nSome text.\n\n- a\n- b\n';
    expect(splitMarkdown(text)).toEqual([text]);
  });

  it('splits a long lesson only at blank lines, losing nothing', () => {
    const block = (i: number) => `## Section ${i}\n\nParagraph ${i} ${'word '.repeat(40)}\n\n- item\n- item\n`;
    const text = Array.from({ length: 400 }, (_, i) => block(i)).join('\n');
    const pieces = splitMarkdown(text, 4_000);
    expect(pieces.length).toBeGreaterThan(10);
    expect(pieces.join('\n\n').replace(/\n+/g, '\n')).toBe(text.replace(/\n+/g, '\n'));
    for (const piece of pieces) expect(piece.length).toBeLessThan(4_000 + 400);
  });

  it('never splits inside a fenced code block, even at blank lines', () => {
    const code = '```js\n' + Array.from({ length: 300 }, (_, i) => `const a${i} = ${i};\n`).join('\n') + '```\n';
    const text = `${'intro\n\n'.repeat(2_000)}${code}\nafter\n`;
    const pieces = splitMarkdown(text, 2_000);
    const withFence = pieces.filter((p) => p.includes('```'));
    expect(withFence).toHaveLength(1);
    expect(withFence[0]!.match(/```/g)).toHaveLength(2);
  });

  it('leaves one huge paragraph whole', () => {
    const line = 'x'.repeat(200_000);
    expect(splitMarkdown(line, 16_000)).toEqual([line]);
  });
});
