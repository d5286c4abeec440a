// A course as a file a person can keep: Markdown to read or paste elsewhere, or JSON of the
// whole tree to re-import. A lesson's Markdown is kept as the model wrote it except for what
// the app would not show either — raw HTML, links and images its policy refuses
// (lesson-markdown.ts) — and its headings, moved below its own `### Lesson` heading. The
// plain-text fields around it (titles, objectives, prompts) cannot open HTML or a link (markdown-text.ts).
import type { CourseTree, Task } from '../../shared/domain';
import { formatLocation, type LessonSource } from '../../shared/materials';
import { inertLesson } from './lesson-markdown';
import { escapeMarkupInText, headingText } from './markdown-text';
import { shiftHeadings } from './shift-headings';

export type ExportFormat = 'markdown' | 'json';

export interface ExportedFile {
  filename: string;
  mimeType: string;
  content: string;
}

export function courseTitle(course: Pick<CourseTree, 'outline' | 'topic'>): string {
  return course.outline?.title ?? course.topic.topic;
}

/** Names Windows refuses for a file, whatever its extension. */
const RESERVED_NAMES = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/;
const MAX_NAME_CHARS = 80;
/** File systems count bytes (255 at most for a name): 80 CJK or Indic characters are 240. */
const MAX_NAME_BYTES = 200;
const utf8 = new TextEncoder();
const fits = (name: string) => [...name].length <= MAX_NAME_CHARS && utf8.encode(name).length <= MAX_NAME_BYTES;

/**
 * A file name from a title, in the title's own script: Русский, 日本語 and हिन्दी titles keep
 * their letters (a course in Russian is not "course.md"); Latin letters lose their accents
 * (Café → cafe); everything else becomes one hyphen, so no separator or character an OS
 * refuses is left. Never empty; at most 80 characters (and 200 bytes), cut between words.
 */
export function slugify(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/([a-z])[\u0300-\u036f]+/gi, '$1')
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter((word) => word !== '');
  let slug = '';
  for (const word of words) {
    const longer = slug === '' ? word : `${slug}-${word}`;
    if (fits(longer)) slug = longer;
    else {
      // One word longer than the limit: cut inside it, never inside a character.
      if (slug === '') {
        for (const char of word) {
          if (!fits(slug + char)) break;
          slug += char;
        }
      }
      break;
    }
  }
  if (slug === '') return 'course';
  return RESERVED_NAMES.test(slug) ? `${slug}-course` : slug;
}

const TASK_LABEL: Record<Task['kind'], string> = { exercise: 'Exercise', quiz: 'Quiz', reflection: 'Reflection' };

function list(items: readonly string[]): string {
  return items.map((item) => `- ${plainText(item, 2)}`).join('\n');
}

/** Model text as Markdown text: HTML escaped, continuation lines indented so a multi-line prompt stays inside its list item. */
function plainText(value: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return escapeMarkupInText(value)
    .trim()
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : pad + line))
    .join('\n');
}

/**
 * `lessons`: each lesson's content already made inert, by id (exportCourse makes them one at
 * a time, letting the main process serve other work in between); made here when missing.
 */
export function courseToMarkdown(course: CourseTree, lessons: ReadonlyMap<string, string> = new Map()): string {
  const out: string[] = [`# ${headingText(courseTitle(course))}`, ''];
  if (course.outline?.description) out.push(plainText(course.outline.description, 0), '');
  const level = course.outline?.level ?? course.topic.level;
  const audience = course.outline?.audience ?? course.topic.audience;
  const language = course.outline?.language ?? course.topic.language;
  out.push(`**Audience:** ${headingText(audience)} · **Level:** ${headingText(level)} · **Language:** ${headingText(language)}`, '');
  if (course.summary) {
    out.push('## Summary', '', plainText(course.summary.summary, 0), '');
    if (course.summary.learningOutcomes.length > 0) out.push('### Learning outcomes', '', list(course.summary.learningOutcomes), '');
    if (course.summary.prerequisites.length > 0) out.push('### Prerequisites', '', list(course.summary.prerequisites), '');
  }
  const projects = course.projects.length > 0 ? course.projects : null;
  if (!projects && course.outline) {
    // Not generated yet: the approved plan is all there is.
    course.outline.projects.forEach((p, pi) => {
      out.push(`## Project ${pi + 1}: ${headingText(p.title)}`, '');
      if (p.description) out.push(plainText(p.description, 0), '');
      p.lessons.forEach((l, li) => out.push(`${li + 1}. **${headingText(l.title)}** — ${plainText(l.summary, 3)}`));
      out.push('');
    });
  }
  for (const project of projects ?? []) {
    const pn = project.position + 1;
    out.push(`## Project ${pn}: ${headingText(project.title)}`, '');
    if (project.description) out.push(plainText(project.description, 0), '');
    for (const lesson of project.lessons) {
      const ln = `${pn}.${lesson.position + 1}`;
      out.push(`### Lesson ${ln}: ${headingText(lesson.title)}`, '');
      if (lesson.objectives.length > 0) out.push('**Objectives**', '', list(lesson.objectives), '');
      // Its `# …` or `## Part 1` would otherwise read as a second title or another project.
      const content = lessons.get(lesson.id) ?? inertLesson(lesson.content);
      if (content) out.push(shiftHeadings(content, 4), '');
      // What it drew on in the instructor's materials; the files themselves are never in this export.
      const sources = lesson.sources ?? [];
      if (sources.length > 0) out.push(`#### Sources for lesson ${ln}`, '', sources.map(sourceLine).join('\n'), '');
      if (lesson.tasks.length > 0) {
        out.push(`#### Tasks for lesson ${ln}`, '');
        lesson.tasks.forEach((task, ti) => {
          out.push(`${ti + 1}. **${TASK_LABEL[task.kind]}:** ${plainText(task.prompt, 3)}`);
          if (task.answerKey?.trim()) out.push(`   *Answer key:* ${plainText(task.answerKey, 3)}`);
        });
        out.push('');
      }
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** "- syllabus.pdf, p. 4–6 — the join types": the name, the place, the note, as plain text. */
function sourceLine(source: LessonSource): string {
  const location = formatLocation(source.location);
  const note = source.note.replace(/\s+/g, ' ').trim();
  return `- ${plainText(source.fileName.replace(/\s+/g, ' '), 2)}${location ? `, ${plainText(location, 2)}` : ''}${note ? ` — ${plainText(note, 2)}` : ''}`;
}

export async function exportCourse(course: CourseTree, format: ExportFormat): Promise<ExportedFile> {
  const base = slugify(courseTitle(course));
  if (format === 'json') {
    return { filename: `${base}.json`, mimeType: 'application/json', content: `${JSON.stringify(course, null, 2)}\n` };
  }
  return { filename: `${base}.md`, mimeType: 'text/markdown', content: courseToMarkdown(course, await inertLessons(course)) };
}

/**
 * Parsing a lesson's Markdown takes some 15 ms per 10 KB: a 30-lesson course would hold the
 * main process (IPC, the runner's timers) for half a second in one piece, so the event loop
 * gets a turn after every lesson.
 */
async function inertLessons(course: CourseTree): Promise<Map<string, string>> {
  const inert = new Map<string, string>();
  for (const lesson of course.projects.flatMap((p) => p.lessons)) {
    inert.set(lesson.id, inertLesson(lesson.content));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return inert;
}
