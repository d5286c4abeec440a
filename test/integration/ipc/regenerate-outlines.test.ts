// Regenerating a draft's outline options after one was chosen (and edited): the course
// must never point at an option that no longer exists, and a failed or late regeneration
// must leave the person's outline alone.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './core-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

async function chosenAndEdited(harness: Harness) {
  const course = await harness.call('courses.create', { topic: { topic: 'Rust for web developers', projects: 3 } });
  const options = await harness.call('courses.generateOutlines', { courseId: course.id, count: 2 });
  await harness.call('courses.chooseOption', { courseId: course.id, optionId: options[1]!.id });
  const edited = { ...structuredClone(options[1]!.outline), title: 'Rust, my way' };
  await harness.call('courses.editOutline', { courseId: course.id, outline: edited });
  return { course, options, edited };
}

describe('regenerating outline options of a draft', () => {
  it('clears the choice and the outline made from the old options, so the course asks for a new choice', async () => {
    h = await startHarness();
    const { course } = await chosenAndEdited(h);

    const fresh = await h.call('courses.generateOutlines', { courseId: course.id, count: 3 });
    const tree = await h.call('courses.get', { courseId: course.id });
    expect(tree.options.map((o) => o.id)).toEqual(fresh.map((o) => o.id));
    expect(tree).toMatchObject({ status: 'draft', chosenOptionId: null, outline: null });
    expect(await h.dispatch('courses.approveOutline', { courseId: course.id, by: 'Ada' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'Choose an outline option before approving.' },
    });

    // Choosing one of the new options works as the first time.
    const chosen = await h.call('courses.chooseOption', { courseId: course.id, optionId: fresh[2]!.id });
    expect(chosen).toMatchObject({ chosenOptionId: fresh[2]!.id, outline: fresh[2]!.outline });
  });

  it('keeps the chosen option and the edited outline when every new option fails', async () => {
    h = await startHarness();
    const { course, options, edited } = await chosenAndEdited(h);
    for (let i = 0; i < 3; i++) h.fake.enqueueFault({ kind: 'bad_request' });

    expect(await h.dispatch('courses.generateOutlines', { courseId: course.id, count: 3 })).toMatchObject({ ok: false });
    const tree = await h.call('courses.get', { courseId: course.id });
    expect(tree.options.map((o) => o.id)).toEqual(options.map((o) => o.id));
    expect(tree).toMatchObject({ chosenOptionId: options[1]!.id, outline: edited });
  });

  it('does not touch a course whose outline was approved while the new options were being written', async () => {
    h = await startHarness();
    const { course, options, edited } = await chosenAndEdited(h);

    // The new options are held on the wire until the outline has been approved.
    const held = h.fake.hold();
    const regenerating = h.dispatch('courses.generateOutlines', { courseId: course.id, count: 2 });
    await h.fake.untilHeld(1, held);
    await h.call('courses.approveOutline', { courseId: course.id, by: 'Ada' });
    h.fake.release(held);
    expect(await regenerating).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/approved while new options were being written/) },
    });
    const tree = await h.call('courses.get', { courseId: course.id });
    expect(tree).toMatchObject({ status: 'outline_approved', chosenOptionId: options[1]!.id, outline: edited });
    expect(tree.options.map((o) => o.id)).toEqual(options.map((o) => o.id));
  });
});
