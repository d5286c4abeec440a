import { micromark } from 'micromark';
import { describe, expect, it } from 'vitest';
import { courseToMarkdown, exportCourse, slugify } from '../../../src/main/export/course-export';
import type { CourseTree } from '../../../src/shared/domain';

const tree: CourseTree = {
  id: 'c1',
  topic: { topic: 'Rust', audience: 'devs', level: 'beginner', projects: 3, language: 'English', notes: '' },
  status: 'generated',
  outline: {
    title: 'Rust: From Zero to CLI',
    description: 'Build command-line tools.',
    audience: 'web developers',
    level: 'intermediate',
    language: 'English',
    projects: [{ title: 'Setup', description: 'Get going.', lessons: [{ title: 'Install', summary: 'rustup' }] }],
  },
  chosenOptionId: null,
  outlineApproval: null,
  courseApproval: null,
  summary: { summary: 'A practical course.', learningOutcomes: ['Write a CLI'], prerequisites: [] },
  publishedAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  options: [],
  projects: [
    {
      id: 'p1',
      courseId: 'c1',
      position: 0,
      title: 'Setup',
      description: 'Get going.',
      lessons: [
        {
          id: 'l1',
          projectId: 'p1',
          position: 0,
          title: 'Install',
          content: '## Install\n\n```sh\ncurl https://sh.rustup.rs | sh\n```\n',
          objectives: ['Install Rust'],
          sources: [],
          tasks: [
            { id: 't1', lessonId: 'l1', position: 0, kind: 'exercise', prompt: 'Install it.\nThen run `rustc -V`.', answerKey: null, questions: null },
            { id: 't2', lessonId: 'l1', position: 1, kind: 'quiz', prompt: 'What installs Rust?', answerKey: 'rustup', questions: null },
          ],
        },
      ],
    },
  ],
};

describe('course export', () => {
  it('writes the course as readable Markdown, lesson content verbatim but for its headings, moved below the lesson', () => {
    expect(courseToMarkdown(tree)).toBe(
      [
        '# Rust: From Zero to CLI',
        '',
        'Build command-line tools.',
        '',
        '**Audience:** web developers · **Level:** intermediate · **Language:** English',
        '',
        '## Summary',
        '',
        'A practical course.',
        '',
        '### Learning outcomes',
        '',
        '- Write a CLI',
        '',
        '## Project 1: Setup',
        '',
        'Get going.',
        '',
        '### Lesson 1.1: Install',
        '',
        '**Objectives**',
        '',
        '- Install Rust',
        '',
        '#### Install',
        '',
        '```sh',
        'curl https://sh.rustup.rs | sh',
        '```',
        '',
        '#### Tasks for lesson 1.1',
        '',
        '1. **Exercise:** Install it.',
        '   Then run `rustc -V`.',
        '2. **Quiz:** What installs Rust?',
        '   *Answer key:* rustup',
        '',
      ].join('\n'),
    );
  });

  it('keeps one title, and a lesson’s headings under the lesson’s, whatever level they start at', () => {
    const lesson = tree.projects[0]!.lessons[0]!;
    const content = '# Installing Rust\n\nIntro.\n\n## Part 1\n\n```sh\n# comment in code\n```\n\n### Detail\n\n#hashtag';
    const md = courseToMarkdown({ ...tree, projects: [{ ...tree.projects[0]!, lessons: [{ ...lesson, content }] }] });
    const headings = md.split('\n').filter((line) => /^#{1,6} /.test(line));
    expect(headings).toEqual([
      '# Rust: From Zero to CLI',
      '## Summary',
      '### Learning outcomes',
      '## Project 1: Setup',
      '### Lesson 1.1: Install',
      '#### Installing Rust',
      '##### Part 1',
      '# comment in code',
      '###### Detail',
      '#### Tasks for lesson 1.1',
    ]);
    expect(md).toContain('```sh\n# comment in code\n```\n\n###### Detail\n\n#hashtag\n');
  });

  it('keeps the model’s plain text as text: no HTML tag or entity opens, a heading keeps a trailing #', () => {
    const lesson = tree.projects[0]!.lessons[0]!;
    const task = { ...lesson.tasks[0]!, prompt: 'What does <T> mean in List<T>?\n<img src=x onerror=alert(1)>', answerKey: 'A type &amp; its <!-- parameter -->' };
    const md = courseToMarkdown({
      ...tree,
      outline: { ...tree.outline!, title: 'Generics in C#', description: 'Read <Generics> & more.' },
      summary: { summary: 'Covers <script>x</script>.', learningOutcomes: ['Use Map<K, V>'], prerequisites: [] },
      projects: [{ ...tree.projects[0]!, title: 'Types <basic>', lessons: [{ ...lesson, title: 'Pick a #', objectives: ['Spot &lt;'], tasks: [task] }] }],
    });
    expect(md).toContain('# Generics in C#\n');
    expect(md).toContain('Read \\<Generics> & more.');
    expect(md).toContain('Covers \\<script>x\\</script>.');
    expect(md).toContain('- Use Map\\<K, V>');
    expect(md).toContain('## Project 1: Types \\<basic>');
    expect(md).toContain('### Lesson 1.1: Pick a \\#');
    expect(md).toContain('- Spot \\&lt;');
    expect(md).toContain('1. **Exercise:** What does \\<T> mean in List\\<T>?\n   \\<img src=x onerror=alert(1)>');
    expect(md).toContain('   *Answer key:* A type \\&amp; its \\<!-- parameter -->');
    // The lesson's own Markdown stays as the model wrote it.
    expect(md).toContain('```sh\ncurl https://sh.rustup.rs | sh\n```');
  });

  it('writes a lesson as inert as the app shows it: no raw HTML, refused link or remote image reaches the file', () => {
    const lesson = tree.projects[0]!.lessons[0]!;
    const content = [
      '# Setup',
      '',
      '<script>alert(1)</script>',
      '',
      'Run <img src=x onerror=alert(1)> it, [click](javascript:alert(1)), ![pixel](https://evil.example/p.png).',
      '',
      '```html',
      '<script>inCode()</script>',
      '```',
      '',
      'Read [the book](https://doc.rust-lang.org/book/).',
    ].join('\n');
    const md = courseToMarkdown({ ...tree, projects: [{ ...tree.projects[0]!, lessons: [{ ...lesson, content }] }] });
    expect(md).toContain(
      '#### Setup\n\n\n\nRun  it, click, \\[image: pixel\\].\n\n```html\n<script>inCode()</script>\n```\n\nRead [the book](https://doc.rust-lang.org/book/).\n',
    );
    const html = micromark(md, { allowDangerousHtml: true, allowDangerousProtocol: true });
    for (const live of ['<script', 'onerror', 'javascript:', 'src="http']) expect(html).not.toContain(live);
    expect(html).toContain('<a href="https://doc.rust-lang.org/book/">the book</a>');
  });

  it('keeps lessons from completing each other’s markup in the file: a fence left open, a definition used by another lesson', () => {
    const [first, second] = [0, 1].map((position) => ({ ...tree.projects[0]!.lessons[0]!, id: `l${position}`, position, tasks: [] }));
    const lessons = [
      { ...first!, content: '[p]: https://evil.example/p.png\n\n```sh\ncargo run' },
      { ...second!, content: 'See ![x][p].\n\n```html\n<script>alert(1)</script>\n```' },
    ];
    const md = courseToMarkdown({ ...tree, projects: [{ ...tree.projects[0]!, lessons }] });
    const html = micromark(md, { allowDangerousHtml: true, allowDangerousProtocol: true });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).toContain('<code class="language-sh">cargo run');
    expect(html).toContain('<code class="language-html">&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('leaves inline code in plain-text fields as written, and still escapes what is around it', () => {
    const lesson = tree.projects[0]!.lessons[0]!;
    const task = { ...lesson.tasks[0]!, prompt: 'What does `Vec<T>` mean, next to `a && b`? <img src=x onerror=alert(1)> and ``List<`T`>``' };
    const md = courseToMarkdown({ ...tree, projects: [{ ...tree.projects[0]!, lessons: [{ ...lesson, title: 'The `Option<T>` type', tasks: [task] }] }] });
    expect(md).toContain('### Lesson 1.1: The `Option<T>` type');
    expect(md).toContain('1. **Exercise:** What does `Vec<T>` mean, next to `a && b`? \\<img src=x onerror=alert(1)> and ``List<`T`>``');
    const html = micromark(md, { allowDangerousHtml: true, allowDangerousProtocol: true });
    expect(html).toContain('<code>Vec&lt;T&gt;</code>');
    expect(html).toContain('<code>a &amp;&amp; b</code>');
    expect(html).toContain('<code>List&lt;`T`&gt;</code>');
    expect(html).toContain('<code>Option&lt;T&gt;</code>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('\\&lt;T');
  });

  it('keeps a fence in a plain-text field from closing on a lesson’s fence and making its code live', () => {
    const lesson = { ...tree.projects[0]!.lessons[0]!, tasks: [], content: 'Example:\n\n```\n<img src=x onerror=alert(1)>\n```' };
    for (const fence of ['```', '~~~', '  ````']) {
      const md = courseToMarkdown({ ...tree, outline: { ...tree.outline!, description: `Intro\n${fence}` }, summary: null, projects: [{ ...tree.projects[0]!, lessons: [lesson] }] });
      const html = micromark(md, { allowDangerousHtml: true, allowDangerousProtocol: true });
      expect(html).not.toContain('<img');
      expect(html).toContain('<code>&lt;img src=x onerror=alert(1)&gt;');
      expect(html).toContain('<h3>Lesson 1.1: Install</h3>');
    }
  });

  it('keeps links and images in the plain-text fields as text, even after a backslash the model wrote', () => {
    const lesson = tree.projects[0]!.lessons[0]!;
    const task = { ...lesson.tasks[0]!, prompt: 'Do [click](javascript:alert(1)) and ![p](https://evil.example/p.png)\nthen `arr[0]`', answerKey: 'a \\<img src=x onerror=alert(1)>' };
    const md = courseToMarkdown({
      ...tree,
      outline: { ...tree.outline!, description: 'Intro.\n\n[d]: javascript:alert(1)' },
      projects: [{ ...tree.projects[0]!, lessons: [{ ...lesson, content: 'See [here][d].', objectives: ['![o](https://evil.example/o.png)'], tasks: [task] }] }],
    });
    expect(md).toContain('1. **Exercise:** Do [click\\](javascript:alert(1)) and \\![p\\](https://evil.example/p.png)\n   then `arr[0]`');
    expect(md).toContain('   *Answer key:* a \\<img src=x onerror=alert(1)>');
    const html = micromark(md, { allowDangerousHtml: true, allowDangerousProtocol: true });
    for (const live of ['<img', 'href="javascript:', 'onerror=alert(1)>']) expect(html).not.toContain(live);
    expect(html).toContain('Do [click](javascript:alert(1)) and ![p](https://evil.example/p.png)');
  });

  it('falls back to the approved plan before generation', () => {
    const md = courseToMarkdown({ ...tree, summary: null, projects: [] });
    expect(md).toContain('## Project 1: Setup');
    expect(md).toContain('1. **Install** — rustup');
    expect(md).not.toContain('## Summary');
  });

  it('lets other work run between lessons while it makes a Markdown export', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('other work'));
    await exportCourse(tree, 'markdown').then(() => order.push('export done'));
    expect(order).toEqual(['other work', 'export done']);
  });

  it('names files safely and exports JSON of the whole tree', async () => {
    expect(slugify('Rust: From Zero to CLI')).toBe('rust-from-zero-to-cli');
    expect(slugify('Café à la carte')).toBe('cafe-a-la-carte');
    expect(slugify('../../etc/passwd')).toBe('etc-passwd');
    // Titles in other scripts keep their letters (and their marks), cut between words.
    expect(slugify('日本語の入門')).toBe('日本語の入門');
    expect(slugify('Основы Python: первый шаг')).toBe('основы-python-первый-шаг');
    expect(slugify('हिन्दी व्याकरण')).toBe('हिन्दी-व्याकरण');
    expect(slugify('Ünïcødé? 🚀 ok')).toBe('unicøde-ok');
    expect(slugify('🚀 !!')).toBe('course');
    expect(slugify('CON')).toBe('con-course');
    const long = slugify(`${'word '.repeat(30)}end`);
    expect([...long].length).toBeLessThanOrEqual(80);
    expect(long).toMatch(/^(word-)+word$/);
    expect([...slugify('語'.repeat(100))]).toHaveLength(66);
    // Four bytes each (outside the BMP): the byte budget cuts first.
    expect(new TextEncoder().encode(slugify('𠀀'.repeat(80))).length).toBe(200);
    expect(await exportCourse(tree, 'markdown')).toMatchObject({ filename: 'rust-from-zero-to-cli.md', mimeType: 'text/markdown' });
    const json = await exportCourse(tree, 'json');
    expect(json).toMatchObject({ filename: 'rust-from-zero-to-cli.json', mimeType: 'application/json' });
    expect(JSON.parse(json.content)).toEqual(tree);
  });
});
