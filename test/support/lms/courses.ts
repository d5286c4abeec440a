// Course trees for the LMS export tests: a plain one, one with hostile titles and Markdown,
// one with every question type, and a 30-lesson one for size and speed.
import type { CourseTree, Lesson, Project, Task } from '../../../src/shared/domain';
import type { QuizQuestion } from '../../../src/shared/quiz';

export function course(id: string, title: string, projects: Project[], extra: Partial<CourseTree> = {}): CourseTree {
  return {
    id,
    topic: { topic: title, audience: 'developers', level: 'beginner', projects: projects.length, language: 'English', notes: '' },
    status: 'approved',
    outline: {
      title,
      description: `About ${title}.`,
      audience: 'web developers',
      level: 'intermediate',
      language: 'English',
      projects: projects.map((p) => ({ title: p.title, description: p.description, lessons: p.lessons.map((l) => ({ title: l.title, summary: '' })) })),
    },
    chosenOptionId: null,
    outlineApproval: null,
    courseApproval: null,
    summary: { summary: 'A practical course.', learningOutcomes: ['Write a CLI', 'Test it'], prerequisites: ['A terminal'] },
    publishedAt: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    options: [],
    projects,
    ...extra,
  };
}

export function project(id: string, title: string, lessons: Lesson[]): Project {
  return { id, courseId: 'c', position: 0, title, description: `${title} description`, lessons: lessons.map((l) => ({ ...l, projectId: id })) };
}

export function lesson(id: string, title: string, content: string, tasks: Omit<Task, 'lessonId' | 'position'>[] = []): Lesson {
  return {
    id,
    projectId: '',
    position: 0,
    title,
    content,
    objectives: [`Understand ${title}`],
    tasks: tasks.map((t, i) => ({ ...t, lessonId: id, position: i })),
    sources: [],
  };
}

/** A quiz in the form written before typed questions: one free-text question and its answer key. */
const quiz = (id: string, prompt: string, answerKey: string) => ({ id, kind: 'quiz' as const, prompt, answerKey, questions: null });
const typedQuiz = (id: string, prompt: string, questions: QuizQuestion[]) => ({ id, kind: 'quiz' as const, prompt, answerKey: null, questions });
const exercise = (id: string, prompt: string, answerKey: string | null = null) => ({ id, kind: 'exercise' as const, prompt, answerKey, questions: null });
const reflection = (id: string, prompt: string) => ({ id, kind: 'reflection' as const, prompt, answerKey: null, questions: null });

export const plainCourse = course('c-plain', 'Rust: From Zero to CLI', [
  project('p1', 'Setup', [
    lesson('l1', 'Install', '## Install\n\n```sh\ncurl https://sh.rustup.rs | sh\n```\n', [
      exercise('t1', 'Install it.\nThen run `rustc -V`.', 'rustc 1.x'),
      quiz('t2', 'What installs Rust?', 'rustup'),
      reflection('t3', 'What surprised you?'),
    ]),
    lesson('l2', 'Cargo', 'Cargo builds *and* tests.', [quiz('t4', 'Which command builds?', 'cargo build')]),
  ]),
  project('p2', 'CLI', [lesson('l3', 'Args', 'Use `std::env::args`.', [exercise('t5', 'Print the args.')])]),
]);

const HOSTILE = `</title><script>alert(1)</script>"'&<![CDATA[ ]]> \u0000\u0007 \uD800 ${'x'.repeat(3)}`;
export const hostileCourse = course(
  '123 bad:id/with spaces',
  `Hostile ${HOSTILE}`,
  [
    project('p1', `P <img src=x onerror=alert(1)> ${HOSTILE}`, [
      lesson(
        'l1',
        `L ${HOSTILE}`,
        [
          '# <b>raw</b> heading',
          '<script>alert(1)</script>',
          '<img src="https://tracker.example/p.png">',
          '![remote](https://tracker.example/pixel.png) [js](javascript:alert(1)) [ok](https://example.com)',
          '```html\n<script>alert("kept as text")</script>\n\t&amp; ]]> \u0007\n```',
          '<iframe src="https://evil.example"></iframe>',
          '[ref]: https://tracker.example/x.png\n![img ref][ref]',
        ].join('\n\n'),
        [
          quiz('t1', `Q ${HOSTILE}`, `A ${HOSTILE}`),
          exercise('t2', `E ${HOSTILE}`, `K ${HOSTILE}`),
          reflection('t3', `R ${HOSTILE}`),
        ],
      ),
    ]),
  ],
  { summary: { summary: `S ${HOSTILE}`, learningOutcomes: [HOSTILE], prerequisites: [HOSTILE] } },
);

export const typedQuestions: QuizQuestion[] = [
  {
    type: 'multiple_choice',
    stem: 'Which tool installs Rust?',
    explanation: 'rustup manages toolchains.',
    options: [
      { text: 'rustup', correct: true, feedback: 'Yes.' },
      { text: 'cargo', correct: false, feedback: 'Cargo builds.' },
      { text: 'npm', correct: false, feedback: '' },
    ],
  },
  {
    type: 'multiple_response',
    stem: 'Which are Cargo commands?',
    explanation: '',
    options: [
      { text: 'build', correct: true, feedback: '' },
      { text: 'test', correct: true, feedback: 'Right.' },
      { text: 'install-node', correct: false, feedback: 'No such command.' },
    ],
  },
  { type: 'true_false', stem: 'Rust has a garbage collector.', explanation: 'It uses ownership.', answer: false, trueFeedback: 'No.', falseFeedback: 'Correct.' },
  { type: 'short_answer', stem: 'The build tool is called…', explanation: '', acceptedAnswers: ['cargo', 'Cargo CLI'] },
  { type: 'essay', stem: 'Explain ownership.', explanation: 'See lesson 2.', modelAnswer: 'Each value has one owner.' },
];

export const typedCourse = course('c-typed', 'Typed quizzes', [
  project('p1', 'Basics', [lesson('l1', 'Tools', 'Tools.', [typedQuiz('tq', 'Check what you learned.', typedQuestions), exercise('te', 'Try it.')])]),
]);

export function bigCourse(lessons = 30): CourseTree {
  const paragraph = 'Lorem ipsum dolor sit amet, `code` and *emphasis* with a [link](https://example.com).\n\n';
  const code = '```ts\nconst x: Map<string, number> = new Map();\nfor (const [k, v] of x) console.log(k, v);\n```\n\n';
  const projects: Project[] = [];
  for (let p = 0; p < 5; p++) {
    const ls: Lesson[] = [];
    for (let l = 0; l < lessons / 5; l++) {
      const id = `l${p}-${l}`;
      ls.push(
        lesson(id, `Lesson ${p}.${l}`, `## Part\n\n${(paragraph + code).repeat(25)}`, [
          exercise(`${id}-e`, 'Do the thing.'),
          typedQuiz(`${id}-q`, 'Check what you learned.', typedQuestions.slice(0, 4)),
          reflection(`${id}-r`, 'Think.'),
        ]),
      );
    }
    projects.push(project(`p${p}`, `Project ${p}`, ls));
  }
  return course('c-big', 'Big course', projects);
}
