// A lesson's "Sources" in every export: listed per lesson (file name, place, note) and escaped
// in Markdown and in the LMS packages' HTML, absent when a lesson cites nothing; the source
// files themselves only when asked, as web resources under sources/ in a manifest that still
// validates.
import { describe, expect, it } from 'vitest';
import { exportCourse } from '../../../src/main/export/course-export';
import { exportImscc } from '../../../src/main/export/imscc';
import { sourcePaths } from '../../../src/main/export/lms/sources';
import { exportScorm12 } from '../../../src/main/export/scorm12';
import type { CourseTree } from '../../../src/shared/domain';
import type { LessonSource } from '../../../src/shared/materials';
import { course, lesson, project } from '../../support/lms/courses';
import { readZip, zipFiles } from '../../support/lms/read-zip';
import { hasXmllint, SCHEMA, schemaErrors } from '../../support/lms/xmllint';

const SYLLABUS = 'a'.repeat(64);
const NOTES = 'b'.repeat(64);
const sources: LessonSource[] = [
  { material: SYLLABUS, fileName: 'syllabus <b>.pdf', location: { kind: 'pages', from: 4, to: 6 }, note: 'Joins & <script>alert(1)</script>' },
  { material: NOTES, fileName: 'notes.md', location: { kind: 'section', path: ['Basics', 'Joins'] }, note: '' },
];

const tree: CourseTree = course('c-sources', 'SQL from your syllabus', [
  project('p1', 'Queries', [
    { ...lesson('l1', 'Joins', 'Joins combine rows.'), sources },
    lesson('l2', 'Grouping', 'GROUP BY folds rows.'),
  ]),
]);
const materials = [
  { sha256: SYLLABUS, fileName: 'syllabus <b>.pdf', bytes: Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2, 255]) },
  { sha256: NOTES, fileName: 'notes.md', bytes: new TextEncoder().encode('# Basics\n## Joins\n') },
];

describe('Markdown export', () => {
  it('lists each lesson’s sources after its content, escaped; a lesson citing nothing has no list', async () => {
    const md = (await exportCourse(tree, 'markdown')).content;
    expect(md).toContain(
      ['#### Sources for lesson 1.1', '', '- syllabus \\<b>.pdf, p. 4–6 — Joins & \\<script>alert(1)\\</script>', '- notes.md, § Basics › Joins', ''].join('\n'),
    );
    expect(md).not.toContain('Sources for lesson 1.2');
    expect(md.indexOf('Joins combine rows.')).toBeLessThan(md.indexOf('#### Sources for lesson 1.1'));
  });

  it('JSON carries the sources in the tree', async () => {
    const json = JSON.parse((await exportCourse(tree, 'json')).content) as CourseTree;
    expect(json.projects[0]!.lessons.map((l) => l.sources)).toEqual([sources, []]);
  });
});

describe('IMS Common Cartridge', () => {
  it('puts an escaped Sources list on the lesson page only, and no source file by default', () => {
    const files = zipFiles(exportImscc(tree));
    const page = files.get('pages/p1-l1.html')!;
    expect(page).toContain('<section class="sources">\n<h2>Sources</h2>\n<ul><li><cite>syllabus &lt;b&gt;.pdf</cite>, p. 4–6 — Joins &amp; &lt;script&gt;alert(1)&lt;/script&gt;</li><li><cite>notes.md</cite>, § Basics › Joins</li></ul>\n</section>');
    expect(page).not.toContain('<script>');
    expect(files.get('pages/p1-l2.html')).not.toContain('class="sources"');
    expect([...files.keys()].filter((p) => p.startsWith('sources/'))).toEqual([]);
    expect(files.get('imsmanifest.xml')).not.toContain('R_source');
  });

  it('with the materials: the files under sources/, each a web resource the citing page depends on and links to', () => {
    const bytes = exportImscc(tree, { materials });
    const entries = new Map(readZip(bytes).map((e) => [e.path, e.data]));
    expect(Buffer.compare(entries.get('sources/syllabus-b.pdf')!, Buffer.from(materials[0]!.bytes))).toBe(0);
    expect(entries.get('sources/notes.md')!.toString()).toBe('# Basics\n## Joins\n');
    const manifest = entries.get('imsmanifest.xml')!.toString();
    expect(manifest).toContain('<resource identifier="R_source1" type="webcontent" href="sources/syllabus-b.pdf">\n<file href="sources/syllabus-b.pdf"/>\n</resource>');
    expect(manifest).toContain('<resource identifier="R_source2" type="webcontent" href="sources/notes.md">');
    const lessonResource = /<resource identifier="R_p1-l1"[\s\S]*?<\/resource>/.exec(manifest)![0];
    expect([...lessonResource.matchAll(/<dependency identifierref="([^"]+)"\/>/g)].map((m) => m[1])).toEqual(['R_style', 'R_source1', 'R_source2']);
    // Not a page of the course: no item points at a source.
    expect(manifest).not.toMatch(/<item[^>]*identifierref="R_source/);
    const page = entries.get('pages/p1-l1.html')!.toString();
    expect(page).toContain('<a href="../sources/syllabus-b.pdf" target="_blank" rel="noopener"><cite>syllabus &lt;b&gt;.pdf</cite></a>');
  });

  it.skipIf(!hasXmllint)('validates against the CC 1.1 schema with the materials in', () => {
    expect(schemaErrors(SCHEMA.ccManifest, zipFiles(exportImscc(tree, { materials })).get('imsmanifest.xml')!)).toEqual([]);
  });
});

describe('SCORM 1.2', () => {
  it('shows the Sources list in the lesson’s section; no source file by default', () => {
    const files = zipFiles(exportScorm12(tree));
    const index = files.get('index.html')!;
    expect(index.match(/<section class="sources">/g)).toHaveLength(1);
    expect(index).toContain('<cite>syllabus &lt;b&gt;.pdf</cite>, p. 4–6 — Joins &amp; &lt;script&gt;');
    expect([...files.keys()].some((p) => p.startsWith('sources/'))).toBe(false);
  });

  it('with the materials: the files in the package, listed on the SCO’s resource, linked from the page; the manifest validates', () => {
    const files = zipFiles(exportScorm12(tree, { materials }));
    const manifest = files.get('imsmanifest.xml')!;
    const listed = [...manifest.matchAll(/<file href="([^"]+)"\/>/g)].map((m) => m[1]);
    expect(listed).toEqual(['index.html', 'player.js', 'course.css', 'sources/syllabus-b.pdf', 'sources/notes.md']);
    expect(files.has('sources/notes.md')).toBe(true);
    expect(files.get('index.html')).toContain('<a href="sources/notes.md" target="_blank" rel="noopener"><cite>notes.md</cite></a>');
    if (hasXmllint) expect(schemaErrors(SCHEMA.scormManifest, manifest)).toEqual([]);
  });
});

describe('sourcePaths', () => {
  it('makes safe names and numbers the ones that would clash', () => {
    const paths = sourcePaths([
      { sha256: '1', fileName: 'Résumé notes.md' },
      { sha256: '2', fileName: 'résumé-notes.md' },
      { sha256: '3', fileName: '../../etc/passwd' },
      { sha256: '4', fileName: '日本語.pdf' },
    ]);
    expect([...paths.values()]).toEqual(['sources/Resume-notes.md', 'sources/resume-notes-2.md', 'sources/passwd', 'sources/source.pdf']);
  });
});
