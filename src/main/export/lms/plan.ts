// What both LMS packages hold, in the order a learner meets it: an introduction page, then
// each project with, per lesson, the lesson page and its activities (exercises, one quiz
// with all the lesson's questions, reflections) in task order. Keys come from positions in
// the tree, never from database ids, so they are stable, short, and safe as file names and
// as XML IDs. Bodies are sanitized HTML fragments from the one renderer (../html.ts).
import type { CourseTree, Lesson, Task } from '../../../shared/domain';
import { legacyQuizQuestion, type QuizQuestion } from '../../../shared/quiz';
import { courseTitle } from '../course-export';
import { escapeHtml, markdownToHtml } from '../html';
import { languageTag } from './language';
import { sourcesHtml, type PackagedSources } from './sources';

export interface PlanPage {
  kind: 'intro' | 'lesson' | 'exercise' | 'reflection';
  key: string;
  title: string;
  /** The page's h1: its title, or the course's for the introduction. */
  heading: string;
  /** The page's body below its h1. */
  html: string;
  /** Lesson pages: the materials its Sources list names (sha256), for the package to depend on the ones it carries. */
  cites?: string[];
}

export interface PlanQuiz {
  kind: 'quiz';
  key: string;
  title: string;
  questions: QuizQuestion[];
}

export type PlanActivity = PlanPage | PlanQuiz;

export interface PlanProject {
  key: string;
  title: string;
  activities: PlanActivity[];
}

export interface Plan {
  title: string;
  description: string;
  /** BCP 47, or null when the course's language setting names none we know. */
  language: string | null;
  intro: PlanPage;
  projects: PlanProject[];
}

/** Titles are one line: XML titles, TOC entries and LMS module names all show them so. */
export function oneLine(text: string, fallback = 'Untitled'): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line === '' ? fallback : line;
}

export interface PlanOptions {
  /** The materials the package carries (sha256 → path from its root); lessons link to them. Default: none. */
  sources?: PackagedSources;
  /** From a page to the package root: "../" for the IMS CC's pages/, "" for SCORM's index.html. */
  linkPrefix?: string;
}

export function buildPlan(course: CourseTree, options: PlanOptions = {}): Plan {
  const links = { files: options.sources ?? new Map<string, string>(), prefix: options.linkPrefix ?? '' };
  const title = oneLine(courseTitle(course), 'Course');
  const language = languageTag(course.outline?.language ?? course.topic.language);
  return {
    title,
    description: course.outline?.description?.trim() ?? '',
    language,
    intro: introPage(course, title),
    projects: course.projects.map((project, pi) => {
      const key = `p${pi + 1}`;
      return {
        key,
        title: oneLine(project.title, `Project ${pi + 1}`),
        activities: project.lessons.flatMap((lesson, li) => lessonActivities(lesson, `${key}-l${li + 1}`, links)),
      };
    }),
  };
}

function introPage(course: CourseTree, title: string): PlanPage {
  const parts: string[] = [];
  const description = course.outline?.description?.trim();
  if (description) parts.push(markdownToHtml(description, { headingOffset: 1 }));
  const meta = [
    ['Audience', course.outline?.audience ?? course.topic.audience],
    ['Level', course.outline?.level ?? course.topic.level],
  ].filter(([, value]) => value?.trim());
  if (meta.length > 0) parts.push(`<p class="course-meta">${meta.map(([label, value]) => `<strong>${label}:</strong> ${escapeHtml(oneLine(value!))}`).join(' · ')}</p>`);
  const summary = course.summary;
  if (summary?.summary.trim()) parts.push('<h2>Summary</h2>', markdownToHtml(summary.summary, { headingOffset: 2 }));
  if (summary && summary.learningOutcomes.length > 0) parts.push('<h2>Learning outcomes</h2>', list(summary.learningOutcomes));
  if (summary && summary.prerequisites.length > 0) parts.push('<h2>Prerequisites</h2>', list(summary.prerequisites));
  const projects = course.projects.length > 0 ? course.projects.map((p) => p.title) : (course.outline?.projects.map((p) => p.title) ?? []);
  if (projects.length > 0) parts.push('<h2>Projects</h2>', `<ol>${projects.map((p) => `<li>${escapeHtml(oneLine(p))}</li>`).join('')}</ol>`);
  return { kind: 'intro', key: 'intro', title: 'Introduction', heading: title, html: parts.join('\n') };
}

function list(items: readonly string[]): string {
  return `<ul>${items.map((item) => `<li>${escapeHtml(oneLine(item, ''))}</li>`).join('')}</ul>`;
}

function lessonActivities(lesson: Lesson, key: string, links: { files: PackagedSources; prefix: string }): PlanActivity[] {
  const title = oneLine(lesson.title, 'Lesson');
  // A tree from an older export or a test may have no `sources`.
  const sources = lesson.sources ?? [];
  const html = [lessonHtml(lesson), sourcesHtml(sources, links.files, links.prefix)].filter((part) => part !== '').join('\n');
  const page: PlanPage = { kind: 'lesson', key, title, heading: title, html, cites: [...new Set(sources.map((s) => s.material))] };
  const out: PlanActivity[] = [page];
  let quiz: PlanQuiz | null = null;
  let exercises = 0;
  let reflections = 0;
  const tasks = [...lesson.tasks].sort((a, b) => a.position - b.position);
  for (const task of tasks) {
    if (task.kind === 'quiz') {
      // One quiz per lesson, where its first question was: a lesson's questions are one assessment.
      if (!quiz) {
        quiz = { kind: 'quiz', key: `${key}-quiz`, title: `${title}: Quiz`, questions: [] };
        out.push(quiz);
      }
      quiz.questions.push(...questionsOf(task));
    } else if (task.kind === 'exercise') {
      exercises++;
      const t = `${title}: Exercise ${exercises}`;
      out.push({ kind: 'exercise', key: `${key}-e${exercises}`, title: t, heading: t, html: exerciseHtml(task) });
    } else {
      reflections++;
      const t = `${title}: Reflection ${reflections}`;
      out.push({ kind: 'reflection', key: `${key}-r${reflections}`, title: t, heading: t, html: markdownToHtml(task.prompt, { headingOffset: 1 }) });
    }
  }
  return out.filter((activity) => activity.kind !== 'quiz' || activity.questions.length > 0);
}

/** A quiz written before typed questions is the one essay question it holds. */
function questionsOf(task: Task): QuizQuestion[] {
  return task.questions && task.questions.length > 0 ? [...task.questions] : [legacyQuizQuestion(task)];
}

function lessonHtml(lesson: Lesson): string {
  const parts: string[] = [];
  const objectives = lesson.objectives.filter((o) => o.trim() !== '');
  if (objectives.length > 0) parts.push('<section class="objectives">', '<h2>Objectives</h2>', list(objectives), '</section>');
  const content = markdownToHtml(lesson.content, { headingOffset: 1 });
  if (content) parts.push(`<div class="lesson-content">\n${content}\n</div>`);
  return parts.join('\n');
}

function exerciseHtml(task: Task): string {
  const parts = [markdownToHtml(task.prompt, { headingOffset: 1 })];
  const answer = task.answerKey?.trim();
  if (answer) parts.push('<details class="answer-key">', '<summary>Show a model answer</summary>', markdownToHtml(answer, { headingOffset: 2 }), '</details>');
  return parts.join('\n');
}
