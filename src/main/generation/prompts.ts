// Prompts for each kind of call. System prompts are constant per kind so they cache; the
// approved outline goes in `sharedContext`, identical for every call of one job, so every
// call after the first reads it from the prompt cache.
import type { Outline, TopicInput } from '../../shared/domain';
import { QUESTION_TYPE_LABELS, type QuizSettings } from '../../shared/quiz';

export const OUTLINE_SYSTEM = `You are an expert instructional designer who plans project-based courses.
Given a topic and its audience, you propose a course outline: a title, a description, and a
sequence of hands-on projects (modules). Each project has a short description and an ordered list
of lessons, each with a title and a one-sentence summary. Lessons build on each other; projects
progress from foundations to a capstone. Answer only with the requested structured output.`;

export const LESSONS_SYSTEM = `You are an expert instructor writing lesson content for a project-based course.
You receive the approved course outline and the project to write. For each planned lesson, in order,
write the lesson in Markdown (explanations, worked examples, short code or step lists where useful;
no raw HTML) and 2-5 measurable learning objectives. Keep the planned lesson titles.
Answer only with the requested structured output.`;

export const TASKS_SYSTEM = `You are an expert instructor writing practice for one lesson of a project-based course.
Write a hands-on exercise (with what a good solution looks like as its answer key), a reflection prompt,
and a short quiz that a learning platform grades by itself. Everything is specific to the lesson's content
and objectives. Quiz questions check understanding of the objectives, not trivia or wording; each has one
defensible answer. Multiple choice: exactly one correct option and plausible wrong ones that reveal a real
misconception. Multiple response: say "select all that apply" and mark every correct option. True/false:
a statement that is clearly true or clearly false. Short answer: a word, number or short phrase, with
every reasonable spelling or form listed as accepted answers. Give feedback for each option that explains
why it is right or wrong, and a short explanation of the answer. Options differ from each other.
Answer only with the requested structured output.`;

export const FINALIZE_SYSTEM = `You are an expert instructional designer finishing a generated course.
From the approved outline, write the course summary a learner reads first, the learning outcomes of the
whole course, and its prerequisites. Answer only with the requested structured output.`;

/**
 * Added to each system prompt when the course has source materials (a system prompt of its
 * own, so it stays constant per kind and caches like the plain one).
 */
export const MATERIALS_RULES = `The course is grounded in the instructor's source materials, given with labels such as
[syllabus.pdf p. 4] or [notes.md § Joins]. Use them: follow their content, terms and examples, and never
contradict them; where your own knowledge adds to them, keep it consistent with them. Cite them by their labels.`;

export const withMaterials = (system: string, grounded: boolean): string => (grounded ? `${system}\n\n${MATERIALS_RULES}` : system);

/** Different angles make the outline options genuinely different from each other. */
const OUTLINE_ANGLES = [
  'a practical, build-something-real progression',
  'a concepts-first progression that builds strong foundations before projects',
  'a portfolio-driven progression where every project is something to show',
  'a problem-solving progression organised around common real-world challenges',
  'a fast-track progression for busy learners',
];

export function outlinePrompt(topic: TopicInput, optionIndex: number, grounded = false): string {
  const angle = OUTLINE_ANGLES[optionIndex % OUTLINE_ANGLES.length];
  return [
    grounded
      ? 'Build the outline from the source materials above: follow their structure, their terms and their order where it makes sense for a project-based course, and cover what they require.'
      : null,
    `Topic: ${topic.topic}`,
    `Audience: ${topic.audience}`,
    `Level: ${topic.level}`,
    `Language of the course: ${topic.language}`,
    `Number of projects: exactly ${topic.projects}`,
    topic.notes ? `Notes from the author: ${topic.notes}` : null,
    `Take ${angle}. This is option ${optionIndex + 1}.`,
  ]
    .filter((line): line is string => line !== null)
    .join('\n');
}

/** The approved outline as the job's shared (cached) context. */
export function outlineContext(outline: Outline): string {
  const lines = [
    `Topic: ${outline.title}`,
    `Course: ${outline.title}`,
    `Description: ${outline.description}`,
    `Audience: ${outline.audience}; level: ${outline.level}; language: ${outline.language}`,
    '',
    'Approved outline:',
  ];
  outline.projects.forEach((p, i) => {
    lines.push(`Project ${i + 1}: ${p.title} — ${p.description}`);
    p.lessons.forEach((l, j) => lines.push(`  Lesson ${i + 1}.${j + 1}: ${l.title} — ${l.summary}`));
  });
  return lines.join('\n');
}

/** `passages`: the materials' passages ranked for this project (passages mode), labelled; '' when the materials are whole in the context or absent. */
export function lessonsPrompt(outline: Outline, projectIndex: number, grounded = false, passages = ''): string {
  const project = outline.projects[projectIndex]!;
  return [
    `Write the ${project.lessons.length} lessons of project ${projectIndex + 1}: "${project.title}".`,
    ...project.lessons.map((l, j) => `${j + 1}. ${l.title} — ${l.summary}`),
    ...(grounded
      ? [
          'For each lesson, list in "sources" the places in the source materials it draws on: the file name and the location exactly as labelled ' +
            '(for a PDF its page or pages, "p. 4" or "p. 4–6"; otherwise "§ Heading"), with a short note of what the lesson takes from each. ' +
            'Leave "sources" empty for a lesson the materials do not cover.',
        ]
      : []),
    ...(passages ? ['', passages] : []),
  ].join('\n');
}

/** The quiz's size and types go here, not in the system prompt, so that one stays cached. */
export function tasksPrompt(
  projectIndex: number,
  lessonIndex: number,
  lesson: { title: string; content: string; objectives: string[] },
  quiz: Pick<QuizSettings, 'minQuestions' | 'maxQuestions' | 'types'>,
  grounding: { sources: readonly string[]; passages: string } | null = null,
): string {
  const count = quiz.minQuestions === quiz.maxQuestions ? `${quiz.minQuestions}` : `${quiz.minQuestions} to ${quiz.maxQuestions}`;
  return [
    `Write the tasks for lesson ${projectIndex + 1}.${lessonIndex + 1}: "${lesson.title}".`,
    `The quiz has ${count} questions, of these types only: ${quiz.types.map((t) => QUESTION_TYPE_LABELS[t].toLowerCase()).join(', ')}.`,
    `Objectives: ${lesson.objectives.join('; ')}`,
    'Lesson content:',
    lesson.content,
    ...(grounding
      ? [
          '',
          grounding.sources.length > 0
            ? `The lesson draws on: ${grounding.sources.join(', ')}. Base the tasks on these places in the materials, and you may refer learners to them by their labels.`
            : 'The lesson cites no source material; keep the tasks consistent with the materials all the same.',
          ...(grounding.passages ? ['', grounding.passages] : []),
        ]
      : []),
  ].join('\n');
}

export const FINALIZE_PROMPT = 'Write the course summary, the learning outcomes and the prerequisites.';
