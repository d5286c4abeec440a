import { describe, expect, it } from 'vitest';
import { exportScorm12 } from '../../../src/main/export/scorm12';
import type { CourseTree } from '../../../src/shared/domain';
import { bigCourse, hostileCourse, plainCourse, typedCourse } from '../../support/lms/courses';
import { readZip, zipFiles } from '../../support/lms/read-zip';
import { hasXmllint, SCHEMA, schemaErrors } from '../../support/lms/xmllint';

/** Data model elements and calls that exist only in SCORM 2004. */
const SCORM_2004 = /cmi\.(completion_status|success_status|score\.scaled|location|exit\b|session_time|progress_measure|learner_)|API_1484_11|\b(Initialize|Terminate|GetValue|SetValue|Commit)\(|adlcp_v1p3|imsss/;

const cases: [string, CourseTree, Parameters<typeof exportScorm12>[1]][] = [
  ['plain', plainCourse, {}],
  ['hostile titles and Markdown', hostileCourse, {}],
  ['typed questions', typedCourse, { masteryScore: 70 }],
];

describe.each(cases)('SCORM 1.2 export: %s course', (_name, course, options) => {
  const bytes = exportScorm12(course, options);
  const files = zipFiles(bytes);
  const manifest = files.get('imsmanifest.xml')!;

  it('is deterministic: the same course gives the same bytes', () => {
    expect(Buffer.from(exportScorm12(course, options)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('has its manifest at the zip root: ADL SCORM 1.2, one SCO, every file listed', () => {
    expect(readZip(bytes)[0]!.path).toBe('imsmanifest.xml');
    expect(manifest).toContain('<schema>ADL SCORM</schema>\n<schemaversion>1.2</schemaversion>');
    expect(manifest.match(/adlcp:scormtype="sco"/g)).toHaveLength(1);
    expect(manifest).toContain('<item identifier="ITEM_SCO" identifierref="RES_SCO" isvisible="true">');
    const listed = [...manifest.matchAll(/<file href="([^"]*)"\/>/g)].map((m) => m[1]);
    expect(new Set(listed)).toEqual(new Set([...files.keys()].filter((p) => p !== 'imsmanifest.xml')));
    expect(manifest).toMatch(/href="index.html"/);
  });

  it('uses no SCORM 2004 element or call anywhere in the package', () => {
    for (const [path, text] of files) expect(SCORM_2004.exec(text)?.[0] ?? null, path).toBeNull();
  });

  it('works offline: nothing loaded from outside the package, no inline handler or script', () => {
    const page = files.get('index.html')!;
    const scripts = page.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts).toEqual(['<script src="player.js" defer>', '<script type="application/json" id="course-data">']);
    for (const tag of page.match(/<[a-z][^>]*>/gi) ?? []) expect(tag).not.toMatch(/\son[a-z]+=|javascript:/i);
    for (const src of page.matchAll(/\ssrc="([^"]*)"/g)) expect(src[1]).toMatch(/^(player\.js|data:image\/)/);
    for (const link of page.match(/<link\b[^>]*>/g) ?? []) expect(link).toContain('href="course.css"');
    expect(files.get('player.js')).not.toMatch(/XMLHttpRequest|fetch\(|sendBeacon|import\(|\.src\s*=|https?:\/\//);
  });

  it.skipIf(!hasXmllint)('validates against the SCORM 1.2 schemas', () => {
    expect(schemaErrors(SCHEMA.scormManifest, manifest)).toEqual([]);
  });
});

describe('SCORM 1.2 mastery score', () => {
  it('is written as adlcp:masteryscore (default 80) when the course has graded questions, and not otherwise', () => {
    expect(zipFiles(exportScorm12(typedCourse)).get('imsmanifest.xml')).toContain('<adlcp:masteryscore>80</adlcp:masteryscore>');
    expect(zipFiles(exportScorm12(typedCourse, { masteryScore: 65 })).get('imsmanifest.xml')).toContain('<adlcp:masteryscore>65</adlcp:masteryscore>');
    // today's quiz tasks are essays: nothing for the player to grade
    expect(zipFiles(exportScorm12(plainCourse)).get('imsmanifest.xml')).not.toContain('masteryscore');
  });

  it('refuses a mastery score that is not a whole percent', () => {
    for (const masteryScore of [-1, 101, 79.5, Number.NaN]) expect(() => exportScorm12(plainCourse, { masteryScore })).toThrow(RangeError);
  });
});

describe('SCORM 1.2 player page', () => {
  const page = zipFiles(exportScorm12(typedCourse)).get('index.html')!;
  const config = JSON.parse(/<script type="application\/json" id="course-data">([\s\S]*?)<\/script>/.exec(page)![1]!);

  it('has a table of contents and Previous/Next over every page, the first one shown', () => {
    expect(config.pages).toBe(4); // introduction, lesson, quiz, exercise
    expect(page.match(/<section class="page"/g)).toHaveLength(4);
    expect(page.match(/<section class="page"[^>]*hidden>/g)).toHaveLength(3);
    expect(page.match(/<a href="#page-\d" data-page="\d">/g)).toHaveLength(4);
    expect(page).toContain('<button type="button" id="player-prev" disabled>Previous</button>');
    expect(page).toContain('<button type="button" id="player-next">Next</button>');
  });

  it('gives the script the key of every question, and the learner a form field for each', () => {
    expect(config.quizzes).toEqual([
      {
        graded: 4,
        questions: [
          { type: 'multiple_choice', correct: [0] },
          { type: 'multiple_response', correct: [0, 1] },
          { type: 'true_false', correct: [1] },
          { type: 'short_answer', accepted: ['cargo', 'Cargo CLI'] },
          { type: 'essay' },
        ],
      },
    ]);
    expect(config.masteryScore).toBe(80);
    expect(page.match(/type="radio" name="q0-0"/g)).toHaveLength(3);
    expect(page.match(/type="checkbox" name="q0-1"/g)).toHaveLength(3);
    expect(page.match(/type="radio" name="q0-2"/g)).toHaveLength(2);
    expect(page).toContain('<input type="text" name="q0-3"');
    expect(page).toContain('<textarea name="q0-4"');
  });

  it('cannot be broken out of its data block by course text', () => {
    const hostile = zipFiles(exportScorm12(hostileCourse)).get('index.html')!;
    const data = /<script type="application\/json" id="course-data">([\s\S]*?)<\/script>/.exec(hostile)![1]!;
    expect(data).not.toContain('<');
  });
});

describe('SCORM 1.2 export of a 30-lesson course', () => {
  // How long it takes is the benchmark's (npm run bench -- --only export), not a test's.
  it('holds every lesson, in order, in its one page', () => {
    const course = bigCourse(30);
    const page = zipFiles(exportScorm12(course)).get('index.html')!;
    const titles = course.projects.flatMap((p) => p.lessons.map((l) => l.title));
    expect(titles).toHaveLength(30);
    let from = 0;
    for (const title of titles) {
      const at = page.indexOf(`>${title}<`, from);
      expect(at, title).toBeGreaterThan(from);
      from = at;
    }
  });
});
