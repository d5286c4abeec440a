// A quiz's questions as a reviewer reads them: the stem (model Markdown, rendered
// sanitized), every option with its mark and feedback, the accepted answers, the
// explanation. Text only: nothing the model wrote becomes HTML.
import type { ChoiceOption, QuizQuestion } from '../../../shared/quiz';
import { QUESTION_TYPE_LABELS } from '../../../shared/quiz';
import { Markdown } from '../../components/Markdown';
import { Badge } from '../../components/StatusBadge';

function Options({ options }: { options: ChoiceOption[] }) {
  return (
    <ul className="quiz-options">
      {options.map((o, i) => (
        <li key={i} className={o.correct ? 'quiz-option correct' : 'quiz-option'}>
          <span className="quiz-mark" aria-hidden="true">
            {o.correct ? '✓' : '✗'}
          </span>
          <span className="visually-hidden">{o.correct ? 'Correct:' : 'Wrong:'}</span>
          <span className="quiz-option-text">{o.text}</span>
          {o.feedback.trim() !== '' && <span className="quiz-feedback">{o.feedback}</span>}
        </li>
      ))}
    </ul>
  );
}

function Answers({ question }: { question: QuizQuestion }) {
  switch (question.type) {
    case 'multiple_choice':
    case 'multiple_response':
      return <Options options={question.options} />;
    case 'true_false':
      return (
        <Options
          options={[
            { text: 'True', correct: question.answer, feedback: question.trueFeedback },
            { text: 'False', correct: !question.answer, feedback: question.falseFeedback },
          ]}
        />
      );
    case 'short_answer':
      return (
        <p className="quiz-answer">
          <strong>Accepted answers:</strong> {question.acceptedAnswers.join(' · ')}
        </p>
      );
    case 'essay':
      return question.modelAnswer.trim() ? (
        <p className="quiz-answer">
          <strong>Model answer:</strong> {question.modelAnswer}
        </p>
      ) : null;
  }
}

export function QuizQuestions({ questions }: { questions: readonly QuizQuestion[] }) {
  return (
    <ol className="quiz-questions" aria-label="Quiz questions">
      {questions.map((question, i) => (
        <li key={i} className="quiz-question">
          <div className="quiz-question-head">
            <span className="quiz-question-number">Question {i + 1}</span>
            <Badge tone="grey">{QUESTION_TYPE_LABELS[question.type]}</Badge>
          </div>
          <div className="quiz-stem">
            <Markdown>{question.stem}</Markdown>
          </div>
          <Answers question={question} />
          {question.explanation.trim() !== '' && (
            <p className="quiz-explanation">
              <strong>Explanation:</strong> {question.explanation}
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}
