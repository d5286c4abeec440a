// The SCORM package's one page (index.html): a table of contents, every page of the course
// as a section (the first shown, the rest hidden until navigated to), quizzes as forms, and
// Previous/Next. What the script needs to grade (question types, correct options, accepted
// answers) sits in a JSON data block, which no browser executes; behaviour comes only from
// player.js. Everything is in the package, so it needs no network.
import type { QuizQuestion } from '../../../shared/quiz';
import { escapeHtml, markdownToHtml } from '../html';
import { htmlDocument } from '../lms/page';
import type { Plan, PlanActivity } from '../lms/plan';

export interface PlayerConfig {
  pages: number;
  masteryScore: number;
  quizzes: { graded: number; questions: QuestionKey[] }[];
}

type QuestionKey = { type: 'multiple_choice' | 'multiple_response' | 'true_false'; correct: number[] } | { type: 'short_answer'; accepted: string[] } | { type: 'essay' };

export const PLAYER_FILES = { page: 'index.html', script: 'player.js', stylesheet: 'course.css' } as const;

interface PlayerPage {
  title: string;
  section: string;
  /** Set for pages inside a project, for the table of contents. */
  project: string | null;
}

export function playerPage(plan: Plan, masteryScore: number): string {
  const pages: PlayerPage[] = [];
  const config: PlayerConfig = { pages: 0, masteryScore, quizzes: [] };
  const add = (activity: PlanActivity, project: string | null) => {
    const index = pages.length;
    const heading = activity.kind === 'quiz' ? activity.title : activity.heading;
    let body: string;
    if (activity.kind === 'quiz') {
      const quiz = config.quizzes.length;
      config.quizzes.push({ graded: activity.questions.filter((q) => q.type !== 'essay').length, questions: activity.questions.map(questionKey) });
      body = quizForm(activity.questions, quiz);
    } else body = activity.html;
    const hidden = index === 0 ? '' : ' hidden';
    pages.push({
      title: activity.title,
      project,
      section: `<section class="page" id="page-${index}" data-page="${index}"${hidden}>\n<h1>${escapeHtml(heading)}</h1>\n${body}\n</section>`,
    });
  };
  add(plan.intro, null);
  for (const project of plan.projects) for (const activity of project.activities) add(activity, project.title);
  config.pages = pages.length;

  const body = [
    '<div class="player">',
    `<nav class="player-toc" aria-label="Contents">`,
    `<p><strong>${escapeHtml(plan.title)}</strong></p>`,
    toc(pages),
    '</nav>',
    '<main>',
    ...pages.map((p) => p.section),
    '<nav class="player-nav" aria-label="Pages">',
    '<button type="button" id="player-prev" disabled>Previous</button>',
    `<button type="button" id="player-next"${pages.length > 1 ? '' : ' disabled'}>Next</button>`,
    '</nav>',
    '</main>',
    '</div>',
    // Data, not script: `<` is escaped so no text in it can close the element.
    `<script type="application/json" id="course-data">${JSON.stringify(config).replace(/</g, '\\u003c')}</script>`,
  ].join('\n');
  return htmlDocument({ title: plan.title, language: plan.language, stylesheet: PLAYER_FILES.stylesheet, script: PLAYER_FILES.script, body });
}

function toc(pages: readonly PlayerPage[]): string {
  const link = (p: PlayerPage, i: number) => `<li><a href="#page-${i}" data-page="${i}">${escapeHtml(p.title)}</a></li>`;
  const out = ['<ol>'];
  let project: string | null = null;
  pages.forEach((p, i) => {
    if (p.project !== project) {
      if (project !== null) out.push('</ol></li>');
      project = p.project;
      if (project !== null) out.push(`<li>${escapeHtml(project)}<ol>`);
    }
    out.push(link(p, i));
  });
  if (project !== null) out.push('</ol></li>');
  out.push('</ol>');
  return out.join('\n');
}

function questionKey(question: QuizQuestion): QuestionKey {
  switch (question.type) {
    case 'multiple_choice':
    case 'multiple_response':
      return { type: question.type, correct: question.options.flatMap((o, i) => (o.correct ? [i] : [])) };
    case 'true_false':
      return { type: 'true_false', correct: [question.answer ? 0 : 1] };
    case 'short_answer':
      return { type: 'short_answer', accepted: question.acceptedAnswers };
    case 'essay':
      return { type: 'essay' };
  }
}

const block = (markdown: string) => markdownToHtml(markdown, { headingOffset: 2 });
const inline = (markdown: string) => markdownToHtml(markdown, { headingOffset: 2, inline: true });

function quizForm(questions: readonly QuizQuestion[], quiz: number): string {
  const items = questions.map((question, q) => {
    const name = `q${quiz}-${q}`;
    const parts = [`<div class="question" data-question="${q}">`, `<p class="question-number">Question ${q + 1} of ${questions.length}</p>`, `<div class="stem" id="${name}-stem">${block(question.stem)}</div>`];
    if (question.type === 'short_answer') {
      parts.push(`<input type="text" name="${name}" aria-labelledby="${name}-stem" autocomplete="off">`);
    } else if (question.type === 'essay') {
      parts.push(`<textarea name="${name}" rows="6" aria-labelledby="${name}-stem"></textarea>`);
      if (question.modelAnswer.trim()) parts.push(`<div class="feedback general" hidden><p><strong>Model answer:</strong></p>${block(question.modelAnswer)}</div>`);
    } else {
      const options =
        question.type === 'true_false'
          ? [
              { text: 'True', feedback: question.trueFeedback },
              { text: 'False', feedback: question.falseFeedback },
            ]
          : question.options;
      const type = question.type === 'multiple_response' ? 'checkbox' : 'radio';
      parts.push(`<fieldset aria-labelledby="${name}-stem">`);
      options.forEach((option, i) => {
        const id = `${name}-${i}`;
        parts.push(`<div class="option"><input type="${type}" name="${name}" id="${id}" value="${i}"> <label for="${id}">${inline(option.text)}</label></div>`);
        if (option.feedback.trim()) parts.push(`<div class="feedback" data-option="${i}" hidden>${block(option.feedback)}</div>`);
      });
      parts.push('</fieldset>');
    }
    if (question.explanation.trim()) parts.push(`<div class="feedback general" hidden>${block(question.explanation)}</div>`);
    parts.push('<p class="result" role="status" hidden></p>', '</div>');
    return parts.join('\n');
  });
  return [`<form class="quiz" data-quiz="${quiz}" novalidate>`, ...items, '<button type="submit">Check answers</button>', `<p class="quiz-result" role="status" aria-live="polite"></p>`, '</form>'].join('\n');
}
