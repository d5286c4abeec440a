// The History diff: words for prose, whole lines inside fenced code, markup kept as text.
import { describe, expect, it } from 'vitest';
import { diffBodies, diffText, tokenize } from '../../../src/renderer/pages/courses/version-diff';

describe('version diff', () => {
  it('splits prose into words and keeps each code line whole', () => {
    expect(tokenize('Hello big world\n```js\nconst a = 1;\n```\nEnd.')).toEqual(['Hello', ' ', 'big', ' ', 'world', '\n', '```js\n', 'const a = 1;\n', '```\n', 'End.']);
  });

  it('a changed word in prose is one word out and one in', () => {
    expect(diffText('The quick fox jumps.', 'The slow fox jumps.')).toEqual([
      { kind: 'same', text: 'The ' },
      { kind: 'removed', text: 'quick' },
      { kind: 'added', text: 'slow' },
      { kind: 'same', text: ' fox jumps.' },
    ]);
  });

  it('a changed character in code is the whole line out and in', () => {
    const segments = diffText('Intro\n```\nlet x = 1;\nlet y = 2;\n```\n', 'Intro\n```\nlet x = 10;\nlet y = 2;\n```\n');
    expect(segments.filter((s) => s.kind !== 'same')).toEqual([
      { kind: 'removed', text: 'let x = 1;\n' },
      { kind: 'added', text: 'let x = 10;\n' },
    ]);
    // Every character of both texts is accounted for.
    expect(segments.filter((s) => s.kind !== 'added').map((s) => s.text).join('')).toBe('Intro\n```\nlet x = 1;\nlet y = 2;\n```\n');
  });

  it('markup stays as text segments, and unchanged fields are marked unchanged', () => {
    const fields = diffBodies(
      { unitKind: 'lesson', title: 'T', content: 'Safe', objectives: ['a'] },
      { unitKind: 'lesson', title: 'T', content: 'Safe <img src=x onerror=alert(1)>', objectives: ['a', 'b'] },
    );
    expect(fields.map((f) => [f.label, f.changed])).toEqual([
      ['Title', false],
      ['Objectives', true],
      ['Content', true],
    ]);
    expect(fields[2]!.segments.filter((s) => s.kind === 'added').map((s) => s.text).join('')).toBe(' <img src=x onerror=alert(1)>');
  });
});
