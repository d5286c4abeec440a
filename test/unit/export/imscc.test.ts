import { describe, expect, it } from 'vitest';
import { exportImscc } from '../../../src/main/export/imscc';
import { oneLine } from '../../../src/main/export/lms/plan';
import { xmlText } from '../../../src/main/export/lms/xml';
import type { CourseTree } from '../../../src/shared/domain';
import { hostileCourse, plainCourse, typedCourse } from '../../support/lms/courses';
import { readZip, zipFiles } from '../../support/lms/read-zip';
import { hasXmllint, SCHEMA, schemaErrors } from '../../support/lms/xmllint';

const NCNAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
const tags = (xml: string, name: string) => xml.match(new RegExp(`<${name}\\b[^>]*>`, 'g')) ?? [];

function resources(manifest: string) {
  return [...manifest.matchAll(/<resource\b([^>]*)>([\s\S]*?)<\/resource>/g)].map((m) => ({
    identifier: attr(m[1]!, 'identifier')!,
    type: attr(m[1]!, 'type')!,
    href: attr(m[1]!, 'href'),
    files: tags(m[2]!, 'file').map((t) => attr(t, 'href')!),
    dependencies: tags(m[2]!, 'dependency').map((t) => attr(t, 'identifierref')!),
  }));
}

const cases: [string, CourseTree][] = [
  ['plain', plainCourse],
  ['hostile titles and Markdown', hostileCourse],
  ['typed questions', typedCourse],
];

describe.each(cases)('IMS CC 1.1 export: %s course', (_name, course) => {
  const bytes = exportImscc(course);
  const files = zipFiles(bytes);
  const manifest = files.get('imsmanifest.xml')!;

  it('is deterministic: the same course gives the same bytes', () => {
    expect(Buffer.from(exportImscc(course)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('puts the CC 1.1 imscp namespace as the default namespace within the first 500 bytes', () => {
    const head = Buffer.from(manifest).subarray(0, 500).toString('latin1');
    expect(head).toMatch(/<manifest\s[^>]*xmlns="http:\/\/www\.imsglobal\.org\/xsd\/imsccv1p1\/imscp_v1p1"/);
    expect(readZip(bytes)[0]!.path).toBe('imsmanifest.xml');
  });

  it('names the schema exactly and carries the LOM title, description and language', () => {
    expect(manifest).toContain('<schema>IMS Common Cartridge</schema>');
    expect(manifest).toContain('<schemaversion>1.1.0</schemaversion>');
    expect(manifest).toMatch(/<lomimscc:title><lomimscc:string language="en">[^<]+<\/lomimscc:string><\/lomimscc:title>/);
    expect(manifest).toContain('<lomimscc:language>en</lomimscc:language>');
    expect(manifest).toMatch(/<lomimscc:description>/);
  });

  it('has one rooted-hierarchy organization with one untitled root item, the introduction first', () => {
    expect(tags(manifest, 'organization')).toEqual(['<organization identifier="ORG" structure="rooted-hierarchy">']);
    expect(manifest).toMatch(/<item identifier="ROOT">\n<item identifier="I_intro" identifierref="R_intro">\n<title>Introduction<\/title>/);
    const root = /<item identifier="ROOT">([\s\S]*)<\/organization>/.exec(manifest)![1]!;
    // every project is a titled folder
    for (const project of course.projects) expect(root).toContain(`<title>${xmlText(oneLine(project.title))}</title>`);
  });

  it('uses valid, unique xs:ID identifiers and resolves every identifierref', () => {
    const ids = [...manifest.matchAll(/\sidentifier="([^"]*)"/g)].map((m) => m[1]!);
    for (const id of ids) expect(id).toMatch(NCNAME);
    expect(new Set(ids).size).toBe(ids.length);
    const resourceIds = new Set(resources(manifest).map((r) => r.identifier));
    const refs = [...manifest.matchAll(/\sidentifierref="([^"]*)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(resourceIds).toContain(ref);
  });

  it('lists every file it ships, and ships every file it lists', () => {
    const listed = new Set(resources(manifest).flatMap((r) => r.files));
    const shipped = new Set([...files.keys()].filter((path) => path !== 'imsmanifest.xml'));
    expect(listed).toEqual(shipped);
    for (const r of resources(manifest)) if (r.href) expect(r.files).toContain(r.href);
  });

  it('gives assessment and discussion resources exactly one file and no href', () => {
    const special = resources(manifest).filter((r) => r.type !== 'webcontent');
    expect(special.length).toBeGreaterThan(0);
    for (const r of special) {
      expect(r.type).toMatch(/^(imsqti_xmlv1p2\/imscc_xmlv1p1\/assessment|imsdt_xmlv1p1)$/);
      expect(r.files).toHaveLength(1);
      expect(r.href).toBeUndefined();
    }
  });

  it('makes no external reference: no script, no remote stylesheet or image, no frame', () => {
    for (const [path, text] of files) {
      if (!path.endsWith('.html')) continue;
      expect(text).not.toMatch(/<(script|iframe|object|embed|style)\b/i);
      for (const tag of text.match(/<[a-z][^>]*>/gi) ?? []) expect(tag).not.toMatch(/\son[a-z]+=/i);
      for (const src of text.matchAll(/\ssrc="([^"]*)"/g)) expect(src[1]).toMatch(/^data:image\//);
      for (const link of tags(text, 'link')) expect(attr(link, 'href')).toBe('course.css');
    }
  });

  it.skipIf(!hasXmllint)('validates against the IMS CC 1.1 schemas (manifest, every QTI file and discussion topic)', () => {
    expect(schemaErrors(SCHEMA.ccManifest, manifest)).toEqual([]);
    for (const r of resources(manifest)) {
      const file = files.get(r.files[0]!)!;
      if (r.type === 'imsqti_xmlv1p2/imscc_xmlv1p1/assessment') expect(schemaErrors(SCHEMA.qti, file)).toEqual([]);
      if (r.type === 'imsdt_xmlv1p1') expect(schemaErrors(SCHEMA.discussion, file)).toEqual([]);
    }
  });
});

describe('IMS CC 1.1 quizzes (QTI 1.2)', () => {
  const files = zipFiles(exportImscc(typedCourse));
  const qti = files.get('p1-l1-quiz/assessment.xml')!;
  const items = [...qti.matchAll(/<item ident="[^"]*"[^>]*>([\s\S]*?)<\/item>/g)].map((m) => m[1]!);
  const profile = (item: string) => /<fieldlabel>cc_profile<\/fieldlabel><fieldentry>([^<]*)</.exec(item)?.[1];

  it('gives every question its CC profile, in order', () => {
    expect(items.map(profile)).toEqual(['cc.multiple_choice.v0p1', 'cc.multiple_response.v0p1', 'cc.true_false.v0p1', 'cc.fib.v0p1', 'cc.essay.v0p1']);
    expect(qti).toContain('<fieldentry>cc.exam.v0p1</fieldentry>');
  });

  it('sets SCORE to 100 for exactly the correct response', () => {
    const scoring = (item: string) => [...item.matchAll(/<respcondition continue="No"><conditionvar>([\s\S]*?)<\/conditionvar><setvar varname="SCORE" action="Set">100<\/setvar>/g)].map((m) => m[1]);
    const [mc, mr, tf, sa, essay] = items as [string, string, string, string, string];
    expect(scoring(mc)).toEqual(['<varequal respident="response1" case="No">p1-l1-quiz-q1-a1</varequal>']);
    expect(scoring(mr)).toEqual([
      '<and><varequal respident="response1" case="No">p1-l1-quiz-q2-a1</varequal><varequal respident="response1" case="No">p1-l1-quiz-q2-a2</varequal><not><varequal respident="response1" case="No">p1-l1-quiz-q2-a3</varequal></not></and>',
    ]);
    expect(scoring(tf)).toEqual(['<varequal respident="response1" case="No">p1-l1-quiz-q3-a2</varequal>']); // "False"
    expect(scoring(sa)).toEqual(['<varequal respident="response1" case="No">cargo</varequal>', '<varequal respident="response1" case="No">Cargo CLI</varequal>']);
    expect(scoring(essay)).toEqual([]);
    expect(mr).toContain('rcardinality="Multiple"');
    expect(sa).toContain('<response_str ident="response1" rcardinality="Single"><render_fib');
  });

  it('puts feedback in itemfeedback/flow_mat, each shown by a respcondition', () => {
    for (const item of items) {
      const shown = [...item.matchAll(/<displayfeedback feedbacktype="Response" linkrefid="([^"]*)"\/>/g)].map((m) => m[1]);
      const defined = [...item.matchAll(/<itemfeedback ident="([^"]*)"><flow_mat><material><mattext texttype="text\/html">/g)].map((m) => m[1]);
      expect(new Set(shown)).toEqual(new Set(defined));
    }
    expect(items.filter((item) => item.includes('<itemfeedback')).length).toBe(4); // the short answer has none
    expect(items[0]).toContain('<itemfeedback ident="general_fb"><flow_mat><material><mattext texttype="text/html">&lt;p&gt;rustup manages toolchains.&lt;/p&gt;');
    expect(items[4]).toContain('Each value has one owner.');
  });

  it('exports an old quiz task (free text and answer key) as an essay question', () => {
    const legacy = zipFiles(exportImscc(plainCourse)).get('p1-l1-quiz/assessment.xml')!;
    expect(legacy.match(/<fieldentry>cc\.essay\.v0p1<\/fieldentry>/g)).toHaveLength(1);
    expect(legacy).toContain('What installs Rust?');
    expect(legacy).toContain('rustup');
    expect(legacy).not.toContain('action="Set">100');
  });
});

describe('IMS CC 1.1 pages', () => {
  const files = zipFiles(exportImscc(plainCourse));

  it('puts the objectives at the top of a lesson, links the shared stylesheet, keeps code exactly', () => {
    const page = files.get('pages/p1-l1.html')!;
    expect(page).toMatch(/<body>\n<h1>Install<\/h1>\n<section class="objectives">\n<h2>Objectives<\/h2>\n<ul><li>Understand Install<\/li><\/ul>/);
    expect(page).toContain('<link rel="stylesheet" href="course.css">');
    expect(page).toContain('<pre><code class="language-sh">curl https://sh.rustup.rs | sh\n</code></pre>');
    expect(files.get('pages/course.css')).toContain('.objectives');
  });

  it('makes an introduction of the summary, outcomes and prerequisites', () => {
    const intro = files.get('pages/intro.html')!;
    expect(intro).toContain('<h1>Rust: From Zero to CLI</h1>');
    expect(intro).toContain('<h2>Learning outcomes</h2>\n<ul><li>Write a CLI</li><li>Test it</li></ul>');
    expect(intro).toContain('<h2>Prerequisites</h2>\n<ul><li>A terminal</li></ul>');
  });

  it('makes reflections discussion topics and exercises pages', () => {
    expect(files.get('p1-l1-r1/topic.xml')).toContain('<text texttype="text/html">&lt;p&gt;What surprised you?&lt;/p&gt;</text>');
    expect(files.get('pages/p1-l1-e1.html')).toContain('<summary>Show a model answer</summary>');
  });
});
