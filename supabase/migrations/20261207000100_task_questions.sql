-- Quizzes an LMS grades by itself: a quiz task's typed questions (multiple choice, multiple
-- response, true/false, short answer, essay) as the desktop app stores them, a JSON array.
-- NULL for other tasks and for a quiz written before typed questions (its one question is
-- the prompt, its answer the answer_key). The desktop checks every question when it pulls,
-- so a row edited elsewhere into something that is not a question is refused there.
alter table public.tasks
  add column questions jsonb check (questions is null or jsonb_typeof(questions) = 'array');
