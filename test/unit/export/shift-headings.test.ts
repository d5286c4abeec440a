import { describe, expect, it } from 'vitest';
import { shiftHeadings } from '../../../src/main/export/shift-headings';

const md = (...lines: string[]) => lines.join('\n');

describe('shiftHeadings', () => {
  it('puts the top heading on the floor and keeps the others relative to it, capped at ######', () => {
    expect(shiftHeadings(md('# Intro', 'text', '## Part 1', '### Detail', '#### Deeper', '##### Deepest'), 4)).toBe(
      md('#### Intro', 'text', '##### Part 1', '###### Detail', '###### Deeper', '###### Deepest'),
    );
    expect(shiftHeadings(md('## Part 1', 'a', '## Part 2', '### More'), 4)).toBe(md('#### Part 1', 'a', '#### Part 2', '##### More'));
  });

  it('leaves a fragment whose headings are already low enough, or that has none, as it is', () => {
    const low = md('#### Fine', '', '##### Also fine');
    expect(shiftHeadings(low, 4)).toBe(low);
    const none = md('Just text with a #hashtag and C# in it.', '', '    # indented code');
    expect(shiftHeadings(none, 4)).toBe(none);
  });

  it('does not touch what is not a heading: #hashtag, ####### (seven), escaped \\#, indented code', () => {
    const input = md('## Real', '#hashtag at the start', '####### seven is text', '\\# escaped', '', '    # code, indented', '\t# code, tab');
    expect(shiftHeadings(input, 4)).toBe(md('#### Real', '#hashtag at the start', '####### seven is text', '\\# escaped', '', '    # code, indented', '\t# code, tab'));
  });

  it('skips fenced code (``` and ~~~), including fences with info strings, longer closers and unclosed fences', () => {
    const input = md(
      '# Title',
      '```sh',
      '# a shell comment',
      '## not a heading',
      '```',
      '~~~~python',
      '# python comment',
      '~~~',
      '# still inside: a ~~~ fence closes only with four or more',
      '~~~~~',
      '## After',
      '````',
      '```',
      '# inside: ``` does not close ````',
      '````',
      '### Last',
      '```',
      '# unclosed fence runs to the end',
    );
    expect(shiftHeadings(input, 4)).toBe(
      md(
        '#### Title',
        '```sh',
        '# a shell comment',
        '## not a heading',
        '```',
        '~~~~python',
        '# python comment',
        '~~~',
        '# still inside: a ~~~ fence closes only with four or more',
        '~~~~~',
        '##### After',
        '````',
        '```',
        '# inside: ``` does not close ````',
        '````',
        '###### Last',
        '```',
        '# unclosed fence runs to the end',
      ),
    );
  });

  it('keeps closing #s, empty headings and up to three spaces of indentation', () => {
    expect(shiftHeadings(md('# Title #', '## Part ##########', '   ## Indented', '#', '## C#'), 4)).toBe(
      md('#### Title #', '##### Part ##########', '   ##### Indented', '####', '##### C#'),
    );
  });

  it('turns setext headings into ATX headings at the shifted level', () => {
    expect(shiftHeadings(md('Title', '=====', '', 'Some text.', '', 'Part one', '---', 'body'), 4)).toBe(md('#### Title', '', 'Some text.', '', '##### Part one', 'body'));
    // A heading of several lines becomes one line; a trailing # stays part of the text.
    expect(shiftHeadings(md('Written in', '  C and #', '==='), 4)).toBe('#### Written in C and # #');
  });

  it('does not mistake thematic breaks, tables, lists and quotes for setext underlines', () => {
    const input = md(
      '## Heading',
      '',
      '---',
      '',
      '- item',
      '---',
      '',
      '> quoted',
      '---',
      '',
      '| a | b |',
      '| --- | --- |',
      '| 1 | 2 |',
      '',
      'Text',
      '***',
      '',
      '- item',
      'lazy continuation',
      '---',
    );
    const expected = input.split('\n');
    expected[0] = '#### Heading';
    expect(shiftHeadings(input, 4)).toBe(expected.join('\n'));
  });

  it('leaves headings inside lists, quotes and HTML blocks alone, and finds the next top-level one', () => {
    const input = md('- item', '', '  ## inside the item', '> ## quoted heading', '<div>', '# in HTML', '</div>', '', '## Top level', '- item', '# ends the list');
    expect(shiftHeadings(input, 4)).toBe(md('- item', '', '  ## inside the item', '> ## quoted heading', '<div>', '# in HTML', '</div>', '', '##### Top level', '- item', '#### ends the list'));
  });

  it('keeps CRLF line endings', () => {
    expect(shiftHeadings('# A\r\ntext\r\n\r\nB\r\n-\r\nend', 4)).toBe('#### A\r\ntext\r\n\r\n##### B\r\nend');
  });
});
