// `course-studio show`: one course as readable text (outline, lessons with objectives,
// task kinds, summary) or as the CourseTree JSON. Everything here may be model output, so
// the text form goes through `clean` and never reaches the terminal as escape sequences.
import type { CourseTree } from '../../shared/domain';
import type { Store } from '../db/store';
import type { ShowArgs } from './args';
import { CliError } from './errors';
import type { CliIo } from './io';
import { openStore } from './open-store';
import { clean, formatStatus, oneLine, shortId } from './text';

/** A full id, or a prefix that matches exactly one course (what `status` prints). */
export function findCourse(store: Store, idOrPrefix: string): CourseTree {
  const exact = store.courses.tree(idOrPrefix);
  if (exact) return exact;
  const wanted = idOrPrefix.toLowerCase();
  const matches = wanted.length >= 4 ? store.courses.list().filter((c) => c.id.startsWith(wanted)) : [];
  if (matches.length === 1) return store.courses.tree(matches[0]!.id)!;
  if (matches.length > 1) {
    throw new CliError(`"${idOrPrefix}" matches ${matches.length} courses (${matches.slice(0, 5).map((c) => shortId(c.id)).join(', ')}…); give more of the id.`);
  }
  throw new CliError(`No course with id ${idOrPrefix}. "course-studio status --db FILE" lists the courses that have jobs.`);
}

function indent(text: string, prefix: string): string {
  return clean(text)
    .trim()
    .split('\n')
    .map((l) => prefix + l)
    .join('\n');
}

export function courseText(tree: CourseTree): string {
  const out: string[] = [];
  const title = tree.outline?.title ?? tree.topic.topic;
  out.push(oneLine(title));
  out.push(`Course ${tree.id} · ${formatStatus(tree.status)} · ${tree.topic.level} · ${oneLine(tree.topic.language)} · for ${oneLine(tree.topic.audience)}`);
  out.push(`Topic: ${oneLine(tree.topic.topic)}`);
  if (tree.outlineApproval) out.push(`Outline approved by ${oneLine(tree.outlineApproval.by)} at ${tree.outlineApproval.at}`);
  if (tree.publishedAt) out.push(`Published at ${tree.publishedAt}`);

  if (tree.summary) {
    out.push('', 'Summary:', indent(tree.summary.summary, '  '));
    out.push('', 'Learning outcomes:', ...tree.summary.learningOutcomes.map((o) => `  - ${oneLine(o)}`));
    if (tree.summary.prerequisites.length) out.push('', 'Prerequisites:', ...tree.summary.prerequisites.map((p) => `  - ${oneLine(p)}`));
  }

  if (!tree.outline) {
    out.push('', tree.options.length ? `${tree.options.length} outline options waiting for review:` : 'No outline options yet.');
    tree.options.forEach((o, i) => out.push(`  ${i + 1}. ${oneLine(o.outline.title)} (${o.outline.projects.length} projects)`));
    return `${out.join('\n')}\n`;
  }

  tree.outline.projects.forEach((planned, pi) => {
    const project = tree.projects.find((p) => p.position === pi);
    out.push('', `${pi + 1}. ${oneLine(project?.title ?? planned.title)}`);
    if (planned.description) out.push(indent(project?.description ?? planned.description, '   '));
    const lessons = project?.lessons ?? [];
    if (lessons.length === 0) {
      planned.lessons.forEach((l, li) => out.push(`   ${pi + 1}.${li + 1} ${oneLine(l.title)} (not generated yet)`));
      return;
    }
    lessons.forEach((lesson, li) => {
      out.push(`   ${pi + 1}.${li + 1} ${oneLine(lesson.title)}`);
      if (lesson.objectives.length) out.push(`        Objectives: ${lesson.objectives.map((o) => oneLine(o)).join('; ')}`);
      out.push(`        Tasks: ${lesson.tasks.length ? lesson.tasks.map((t) => t.kind).join(', ') : '(not generated yet)'}`);
    });
  });
  return `${out.join('\n')}\n`;
}

export function showCommand(args: ShowArgs, io: CliIo): number {
  const store = openStore(args.db, io.cwd, { create: false });
  try {
    const tree = findCourse(store, args.course);
    io.stdout.write(args.json ? `${JSON.stringify(tree, null, 2)}\n` : courseText(tree));
    return 0;
  } finally {
    store.close();
  }
}
