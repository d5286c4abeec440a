// A lesson's quiz as a QTI 1.2 assessment in the Common Cartridge 1.1 profile
// (imsqti_xmlv1p2/imscc_xmlv1p1/assessment): one section, each question an item with its CC
// profile (cc_profile), SCORE set to 100 for the correct response and every feedback in
// itemfeedback/flow_mat, referenced from the respcondition that shows it. Feedback
// conditions come first and continue; the scoring condition comes last. Stems, options and
// feedback are HTML from the one renderer, escaped into mattext.
import type { ChoiceOption, QuizQuestion } from '../../../shared/quiz';
import { markdownToHtml } from '../html';
import type { PlanQuiz } from '../lms/plan';
import { XML_DECLARATION, xmlAttr, xmlText } from '../lms/xml';

export const QTI_NAMESPACE = 'http://www.imsglobal.org/xsd/ims_qtiasiv1p2';

export const CC_PROFILE: Record<QuizQuestion['type'], string> = {
  multiple_choice: 'cc.multiple_choice.v0p1',
  multiple_response: 'cc.multiple_response.v0p1',
  true_false: 'cc.true_false.v0p1',
  short_answer: 'cc.fib.v0p1',
  essay: 'cc.essay.v0p1',
};

const RESPONSE = 'response1';

export function assessmentXml(quiz: PlanQuiz): string {
  const items = quiz.questions.map((question, i) => itemXml(question, `${quiz.key}-q${i + 1}`, `Question ${i + 1}`));
  return [
    XML_DECLARATION,
    `<questestinterop xmlns="${QTI_NAMESPACE}">`,
    `<assessment ident="${xmlAttr(quiz.key)}" title="${xmlAttr(quiz.title)}">`,
    qtimetadata([
      ['cc_profile', 'cc.exam.v0p1'],
      ['qmd_assessmenttype', 'Examination'],
      ['qmd_scoretype', 'Percentage'],
      ['cc_maxattempts', 'unlimited'],
    ]),
    `<section ident="${xmlAttr(quiz.key)}-section">`,
    ...items,
    '</section>',
    '</assessment>',
    '</questestinterop>',
    '',
  ].join('\n');
}

function qtimetadata(fields: [string, string][]): string {
  return `<qtimetadata>${fields.map(([label, entry]) => `<qtimetadatafield><fieldlabel>${xmlText(label)}</fieldlabel><fieldentry>${xmlText(entry)}</fieldentry></qtimetadatafield>`).join('')}</qtimetadata>`;
}

const material = (markdown: string) => `<material><mattext texttype="text/html">${xmlText(markdownToHtml(markdown, { headingOffset: 2 }))}</mattext></material>`;

interface Feedback {
  ident: string;
  markdown: string;
}

interface Condition {
  test: string;
  score?: boolean;
  feedback?: string;
}

function itemXml(question: QuizQuestion, ident: string, title: string): string {
  const feedbacks: Feedback[] = [];
  const conditions: Condition[] = [];
  const feedback = (id: string, markdown: string): string | undefined => {
    if (!markdown.trim()) return undefined;
    feedbacks.push({ ident: id, markdown });
    return id;
  };
  const general = feedback('general_fb', question.explanation);
  if (general) conditions.push({ test: '<other/>', feedback: general });

  let response: string;
  switch (question.type) {
    case 'multiple_choice':
    case 'true_false': {
      const options: ChoiceOption[] =
        question.type === 'true_false'
          ? [
              { text: 'True', correct: question.answer, feedback: question.trueFeedback },
              { text: 'False', correct: !question.answer, feedback: question.falseFeedback },
            ]
          : question.options;
      const labels = options.map((_, i) => `${ident}-a${i + 1}`);
      response = responseLid(options, labels, 'Single');
      options.forEach((option, i) => {
        const fb = feedback(`${labels[i]}_fb`, option.feedback);
        if (fb) conditions.push({ test: varequal(labels[i]!), feedback: fb });
      });
      const correct = options.findIndex((o) => o.correct);
      if (correct >= 0) conditions.push({ test: varequal(labels[correct]!), score: true });
      break;
    }
    case 'multiple_response': {
      const labels = question.options.map((_, i) => `${ident}-a${i + 1}`);
      response = responseLid(question.options, labels, 'Multiple');
      question.options.forEach((option, i) => {
        const fb = feedback(`${labels[i]}_fb`, option.feedback);
        if (fb) conditions.push({ test: varequal(labels[i]!), feedback: fb });
      });
      // Full marks only for exactly the correct set: every correct option chosen, no other.
      const all = question.options.map((o, i) => (o.correct ? varequal(labels[i]!) : `<not>${varequal(labels[i]!)}</not>`)).join('');
      conditions.push({ test: `<and>${all}</and>`, score: true });
      break;
    }
    case 'short_answer': {
      response = `<response_str ident="${RESPONSE}" rcardinality="Single"><render_fib prompt="Box" fibtype="String"/></response_str>`;
      // One condition per accepted answer: alternatives, whatever a player makes of several tests in one conditionvar.
      for (const answer of question.acceptedAnswers) conditions.push({ test: varequal(answer.trim()), score: true });
      break;
    }
    case 'essay': {
      response = `<response_str ident="${RESPONSE}" rcardinality="Single"><render_fib prompt="Box" fibtype="String" rows="8"/></response_str>`;
      const model = feedback('model_answer_fb', question.modelAnswer ? `**Model answer:**\n\n${question.modelAnswer}` : '');
      if (model) conditions.push({ test: '<other/>', feedback: model });
      break;
    }
  }
  // A resprocessing needs one condition at least; an essay without feedback has nothing to test.
  if (conditions.length === 0) conditions.push({ test: '<other/>' });

  return [
    `<item ident="${xmlAttr(ident)}" title="${xmlAttr(title)}">`,
    `<itemmetadata>${qtimetadata([
      ['cc_profile', CC_PROFILE[question.type]],
      ['cc_weighting', '1'],
    ])}</itemmetadata>`,
    `<presentation>${material(question.stem)}${response}</presentation>`,
    '<resprocessing>',
    '<outcomes><decvar varname="SCORE" vartype="Decimal" minvalue="0" maxvalue="100"/></outcomes>',
    ...conditions.map(
      (c) =>
        `<respcondition continue="${c.score ? 'No' : 'Yes'}"><conditionvar>${c.test}</conditionvar>` +
        (c.score ? '<setvar varname="SCORE" action="Set">100</setvar>' : '') +
        (c.feedback ? `<displayfeedback feedbacktype="Response" linkrefid="${xmlAttr(c.feedback)}"/>` : '') +
        '</respcondition>',
    ),
    '</resprocessing>',
    ...feedbacks.map((f) => `<itemfeedback ident="${xmlAttr(f.ident)}"><flow_mat>${material(f.markdown)}</flow_mat></itemfeedback>`),
    '</item>',
  ].join('\n');
}

function responseLid(options: readonly ChoiceOption[], labels: readonly string[], cardinality: 'Single' | 'Multiple'): string {
  const choices = options.map((option, i) => `<response_label ident="${xmlAttr(labels[i]!)}">${material(option.text)}</response_label>`).join('');
  return `<response_lid ident="${RESPONSE}" rcardinality="${cardinality}"><render_choice shuffle="No">${choices}</render_choice></response_lid>`;
}

const varequal = (value: string) => `<varequal respident="${RESPONSE}" case="No">${xmlText(value)}</varequal>`;
