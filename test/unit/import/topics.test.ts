import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_CHARS } from '../../../src/shared/ipc-contract';
import { detectTopicFormat, formatTopicError, parseTopics } from '../../../src/main/import/topics';

const csv = (lines: string[], eol = '\n') => lines.join(eol) + eol;
const topics = (r: ReturnType<typeof parseTopics>) => r.rows.map((row) => row.topic.topic);
const lines = (r: ReturnType<typeof parseTopics>) => r.rows.map((row) => row.line);

/**
 * The CPU time `fn` took, in ms: on a busy machine the wall clock also counts the time other
 * processes had the core, and a speed bound on it fails for reasons the parser has no part in.
 */
function cpuMs<T>(fn: () => T): { value: T; ms: number } {
  const start = process.cpuUsage();
  const value = fn();
  const used = process.cpuUsage(start);
  return { value, ms: (used.user + used.system) / 1000 };
}

describe('parseTopics: CSV', () => {
  it('reads the header case-insensitively in any order, fills defaults, ignores unknown columns', () => {
    const r = parseTopics(csv(['Level,TOPIC,projects,Owner', 'Advanced,Rust ownership,4,ann', 'beginner,Knitting,,bob']), 'csv');
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual([
      {
        line: 2,
        topic: { topic: 'Rust ownership', audience: 'general learners', level: 'advanced', projects: 4, language: 'English', notes: '' },
      },
      { line: 3, topic: { topic: 'Knitting', audience: 'general learners', level: 'beginner', projects: 5, language: 'English', notes: '' } },
    ]);
  });

  it('strips a BOM, accepts CRLF, quoted commas and multi-line notes, and skips blank lines', () => {
    const text = '\uFEFF' + csv(['topic,notes,projects', '"Go, the language","line one', 'line two",3', '', 'Haskell,"say ""hi""",6'], '\r\n');
    const r = parseTopics(text, 'csv');
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => [x.line, x.topic.topic, x.topic.notes, x.topic.projects])).toEqual([
      [2, 'Go, the language', 'line one\nline two', 3],
      [5, 'Haskell', 'say "hi"', 6],
    ]);
  });

  it('reports bad rows by line with a readable message and keeps the good ones', () => {
    const r = parseTopics(
      csv([
        'topic,audience,level,projects,language,notes',
        'Python,analysts,beginner,5,English,',
        'Rust,,expert,4,,',
        'SQL,,,12,,',
        ',,beginner,4,,',
        'Go,,,abc,,',
        'Elixir,,,3,E,',
        'Kotlin,,intermediate,8,German,',
      ]),
      'csv',
    );
    expect(topics(r)).toEqual(['Python', 'Kotlin']);
    expect(lines(r)).toEqual([2, 8]);
    expect(r.errors.map(formatTopicError)).toEqual([
      'line 3: level must be one of beginner, intermediate, advanced (got "expert")',
      'line 4: projects must be between 3 and 8 (got "12")',
      'line 5: topic is missing',
      'line 6: projects must be a whole number between 3 and 8 (got "abc")',
      'line 7: language must be 2 to 40 characters (got "E")',
    ]);
  });

  it('reports every problem of a row once, in one message', () => {
    const r = parseTopics(csv(['topic,level,projects', 'Rust,expert,2']), 'csv');
    expect(r.errors).toEqual([{ line: 2, message: 'level must be one of beginner, intermediate, advanced (got "expert"); projects must be between 3 and 8 (got "2")' }]);
  });

  it('reports broken quoting at the line where the row starts and keeps the rows before and after it', () => {
    const r = parseTopics(
      csv([
        'topic,notes',
        'Alpha,ok', // 2
        'Beta,"never closed properly', // 3: a stray quote: what would close it opens line 5's value
        'Gamma,fine', // 4: a complete row, so read as one
        'Delta,"quoted"then text', // 5
        'Epsilon,ok', // 6
        'Zeta,5" pipe', // 7
        'Eta,"multi', // 8
        'line note"', // 9
        'Theta,last', // 10
      ]),
      'csv',
    );
    expect(r.rows.map((x) => [x.line, x.topic.topic])).toEqual([
      [2, 'Alpha'],
      [4, 'Gamma'],
      [6, 'Epsilon'],
      [8, 'Eta'],
      [10, 'Theta'],
    ]);
    expect(r.rows[3]!.topic.notes).toBe('multi\nline note');
    expect(r.errors.map((e) => e.line)).toEqual([3, 5, 7]);
    expect(r.errors[0]!.message).toMatch(/^a quoted value starts here but its closing quote is missing; the lines after it are complete rows/);
    expect(r.errors[1]!.message).toMatch(/^a quoted value that starts on this row does not end properly; a " inside a quoted value must be doubled \(""\)$/);
    expect(r.errors[2]!.message).toMatch(/not quoted/);
  });

  it('never imports the lines inside a broken multi-line quoted value as rows', () => {
    const r = parseTopics('topic,notes\nGood,ok\nBad,"first line\nInjected topic,x\nmore" trailing\nNext,fine', 'csv');
    expect(r.rows.map((x) => [x.line, x.topic.topic])).toEqual([
      [2, 'Good'],
      [6, 'Next'],
    ]);
    expect(r.errors).toEqual([
      {
        line: 3,
        message:
          'a quoted value that starts on this row does not end properly; a " inside a quoted value must be doubled (""); ' +
          'lines 3–5 belong to this row, so none of them was imported',
      },
    ]);
  });

  it('a stray quote inside an unquoted value spoils only its own row, even when a later value on it spans lines', () => {
    const r = parseTopics(csv(['topic,size,notes', 'Pipes,5" wide,ok', 'Valves,2" bore,"notes', 'Injected,x,y', 'end"', 'After,1,fine']), 'csv');
    expect(r.rows.map((x) => [x.line, x.topic.topic])).toEqual([[6, 'After']]);
    expect(r.errors.map((e) => e.line)).toEqual([2, 3]);
    expect(r.errors[0]!.message).toMatch(/^a " appears inside a value that is not quoted; wrap the value in double quotes and double the inner quote \("5"" pipe"\)$/);
    expect(r.errors[1]!.message).toMatch(/not quoted.*; lines 3–5 belong to this row, so none of them was imported/);
  });

  it("an unterminated quote on line 3 no longer takes line 4: the lines after it are complete rows, so they are read as rows", () => {
    const r = parseTopics(csv(['topic,notes', 'A,ok', 'B,"never closed', 'C,x', '', 'D,y']), 'csv');
    expect(r.rows.map((x) => [x.line, x.topic.topic, x.topic.notes])).toEqual([
      [2, 'A', 'ok'],
      [4, 'C', 'x'],
      [6, 'D', 'y'],
    ]);
    expect(r.errors).toEqual([
      {
        line: 3,
        message:
          'a quoted value starts here but its closing quote is missing; the lines after it are complete rows, so they were read as rows of their own',
      },
    ]);
  });

  it('a stray quote whose "closing" quote opens a later value: the lines between are rows, the later value parses as written', () => {
    const r = parseTopics(csv(['topic,notes', 'A,"stray', 'B,x', 'C,"a real', 'two-line note"', 'D,y']), 'csv');
    expect(r.rows.map((x) => [x.line, x.topic.topic, x.topic.notes])).toEqual([
      [3, 'B', 'x'],
      [4, 'C', 'a real\ntwo-line note'],
      [6, 'D', 'y'],
    ]);
    expect(r.errors.map((e) => e.line)).toEqual([2]);
  });

  it('a genuine multi-line quoted value still reads as one value, beside and without a stray quote', () => {
    const r = parseTopics(csv(['topic,notes', 'A,"first line', 'second, with a comma', 'third"', 'B,ok']), 'csv');
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => [x.line, x.topic.topic, x.topic.notes])).toEqual([
      [2, 'A', 'first line\nsecond, with a comma\nthird'],
      [5, 'B', 'ok'],
    ]);
  });

  it('an unterminated quote whose following lines are not complete rows takes the rest of the file, and says so', () => {
    // Line 4 has one value where the header has two: a note's second line, not a row.
    const r = parseTopics(csv(['topic,notes', 'A,ok', 'B,"a note that goes on', 'and on', 'C,x']), 'csv');
    expect(topics(r)).toEqual(['A']);
    expect(r.errors).toEqual([
      { line: 3, message: 'a quoted value starts here but its closing quote is missing, so the rest of the file (lines 3–5) was read as part of it and not imported' },
    ]);
    // On the last line it is just that row.
    const last = parseTopics('topic,notes\nA,ok\nB,"never closed', 'csv');
    expect(topics(last)).toEqual(['A']);
    expect(last.errors).toEqual([{ line: 3, message: 'a quoted value starts here but its closing quote is missing' }]);
  });

  it('rows after a broken multi-line value parse normally, with their own line numbers', () => {
    const r = parseTopics(csv(['topic,notes', '"Broken"x,"a', 'b"', 'Fine,"c', 'd"', 'Last,e'], '\r\n'), 'csv');
    expect(r.errors.map((e) => e.line)).toEqual([2]);
    // "Broken"x ends badly on line 2, and the "a value after it runs on to line 3: one row.
    expect(r.errors[0]!.message).toMatch(/^a quoted value that starts on this row does not end properly.*; lines 2–3 belong to this row/);
    expect(r.rows.map((x) => [x.line, x.topic.topic, x.topic.notes])).toEqual([
      [4, 'Fine', 'c\nd'],
      [6, 'Last', 'e'],
    ]);
  });

  it('refuses a file without a topic column, and explains the header', () => {
    const r = parseTopics(csv(['name,level', 'Rust,beginner']), 'csv');
    expect(r.rows).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.line).toBe(1);
    expect(r.errors[0]!.message).toMatch(/no "topic" column.*topic,audience,level,projects,language,notes/);
  });

  it('refuses a header it cannot read rather than guessing the columns', () => {
    const r = parseTopics('"topic,level\nRust,beginner\n', 'csv');
    expect(r.rows).toEqual([]);
    expect(r.errors[0]).toMatchObject({ line: 1, message: expect.stringMatching(/header row cannot be read/) });
  });

  it('flags rows with more values than columns (an unquoted comma) and a duplicate column', () => {
    const r = parseTopics(csv(['topic,notes,topic', 'A,b,c', 'B,one, two,three', 'C']), 'csv');
    expect(topics(r)).toEqual(['A', 'C']);
    expect(r.errors.map(formatTopicError)).toEqual([
      'line 1: the column "topic" appears twice; the first one is used',
      'line 3: this row has 4 values but the header has 3; quote values that contain commas',
    ]);
  });

  it('an empty file is an error, not an empty success', () => {
    expect(parseTopics('', 'csv').errors).toEqual([{ line: 1, message: 'the file is empty' }]);
    expect(parseTopics('\n\n', 'csv').errors).toEqual([{ line: 1, message: 'the file is empty' }]);
  });

  it('keeps Unicode, right-to-left text and emoji intact', () => {
    const r = parseTopics(csv(['topic,language', 'تعلم البرمجة بلغة بايثون,العربية', '🎸 Guitar for 👶 beginners,English', '日本語の文法,日本語']), 'csv');
    expect(r.errors).toEqual([]);
    expect(topics(r)).toEqual(['تعلم البرمجة بلغة بايثون', '🎸 Guitar for 👶 beginners', '日本語の文法']);
    expect(r.rows[0]!.topic.language).toBe('العربية');
  });

  it('handles 10,000 rows quickly', () => {
    const body = Array.from({ length: 10_000 }, (_, i) => `"Topic ${i}, part ${i % 7}",learners,intermediate,${3 + (i % 6)},English,"note ${i}"`);
    const { value: r, ms } = cpuMs(() => parseTopics(csv(['topic,audience,level,projects,language,notes', ...body]), 'csv'));
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(10_000);
    expect(r.rows[9_999]).toMatchObject({ line: 10_001, topic: { topic: 'Topic 9999, part 3', projects: 6 } });
    expect(ms).toBeLessThan(2_000);
  });

  it('stays fast when many rows have broken quotes, and caps the report', () => {
    const body = Array.from({ length: 10_000 }, (_, i) => (i % 2 ? `Topic ${i},"bad"quote` : `Topic ${i},fine`));
    const { value: r, ms } = cpuMs(() => parseTopics(csv(['topic,notes', ...body]), 'csv'));
    expect(ms).toBeLessThan(5_000);
    expect(r.errors.length).toBe(201);
    expect(r.errors.at(-1)!.message).toMatch(/stopped after 200/);
    // Everything before the cut-off is kept.
    expect(r.rows.length).toBe(200);
    expect(r.rows[0]!.line).toBe(2);
  });

  it('refuses text larger than the import limit', () => {
    const r = parseTopics('x'.repeat(MAX_IMPORT_CHARS + 1), 'lines');
    expect(r.rows).toEqual([]);
    expect(r.errors[0]!.message).toMatch(/larger than 5 MB/);
  });
});

describe('parseTopics: JSON', () => {
  it('reads an array of objects or {topics: [...]}, with 1-based item numbers as lines', () => {
    const items = [{ topic: 'Rust', projects: 4 }, { topic: 'SQL', level: 'Expert' }, 'Bare string topic', 42, { level: 'beginner' }];
    for (const text of [JSON.stringify(items), JSON.stringify({ topics: items })]) {
      const r = parseTopics(text, 'json');
      expect(r.rows.map((x) => [x.line, x.topic.topic, x.topic.projects])).toEqual([
        [1, 'Rust', 4],
        [3, 'Bare string topic', 5],
      ]);
      expect(r.errors.map(formatTopicError)).toEqual([
        'line 2: level must be one of beginner, intermediate, advanced (got "Expert")',
        'line 4: expected an object with a "topic" field, or a topic as a string',
        'line 5: topic is missing',
      ]);
    }
  });

  it('reports wrong types readably and treats null as "use the default"', () => {
    const r = parseTopics(JSON.stringify([{ topic: ['x'] }, { topic: 'Go', projects: 3.5 }, { topic: 'Zig', audience: null, notes: 7 }]), 'json');
    expect(r.rows).toEqual([]);
    expect(r.errors.map(formatTopicError)).toEqual([
      'line 1: topic must be text (got "["x"]")',
      'line 2: projects must be a whole number between 3 and 8 (got "3.5")',
      'line 3: notes must be text (got "7")',
    ]);
  });

  it('explains invalid JSON and the wrong top-level shape', () => {
    expect(parseTopics('[{"topic": "x",]', 'json').errors[0]!.message).toMatch(/^the text is not valid JSON/);
    expect(parseTopics('{"courses": []}', 'json').errors[0]!.message).toMatch(/JSON array of topics/);
  });
});

describe('parseTopics: lines', () => {
  it('takes one topic per non-empty line with defaults, keeping real line numbers', () => {
    const r = parseTopics('\uFEFFIntro to Rust\r\n\r\n  Woodworking 101  \n' + 'x'.repeat(301) + '\n🎲 Board games\n', 'lines');
    expect(r.rows.map((x) => [x.line, x.topic.topic, x.topic.level])).toEqual([
      [1, 'Intro to Rust', 'beginner'],
      [3, 'Woodworking 101', 'beginner'],
      [5, '🎲 Board games', 'beginner'],
    ]);
    expect(r.errors).toEqual([{ line: 4, message: 'topic is longer than 300 characters' }]);
  });
});

describe('detectTopicFormat', () => {
  it('goes by extension, then by content', () => {
    expect(detectTopicFormat('anything', 'topics.CSV')).toBe('csv');
    expect(detectTopicFormat('anything', 'a.json')).toBe('json');
    expect(detectTopicFormat('topic,level', 'a.txt')).toBe('lines');
    expect(detectTopicFormat('  [{"topic":"x"}]')).toBe('json');
    expect(detectTopicFormat('\uFEFF"Topic",level\nx,beginner')).toBe('csv');
    expect(detectTopicFormat('Intro to Rust\nWoodworking')).toBe('lines');
  });
});
