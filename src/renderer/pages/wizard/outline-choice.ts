// What picking or regenerating outline options would throw away, so the options page asks
// before a saved or unsaved edit of the outline goes (main drops the chosen outline with the
// options it came from when they are regenerated).
import type { CourseTree, Outline } from '../../../shared/domain';

/** JSON with object keys sorted: a stored outline and one re-parsed after a save may order them differently. */
function canonical(outline: Outline): string {
  return JSON.stringify(outline, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}

/** The course's outline is not the option it was chosen from as written: it was edited and saved (or came from elsewhere). */
export function outlineEdited(course: CourseTree): boolean {
  if (!course.outline) return false;
  const chosen = course.options.find((o) => o.id === course.chosenOptionId);
  return !chosen || canonical(chosen.outline) !== canonical(course.outline);
}

/** Regenerating drops the chosen outline, edited or not, and any unsaved edits. */
export function regenerateDropsOutline(course: CourseTree, hasDraft: boolean): boolean {
  return course.outline !== null || hasDraft;
}

/** Choosing an option replaces the outline: a loss only when it holds edits. */
export function chooseDropsEdits(course: CourseTree, hasDraft: boolean): boolean {
  return hasDraft || outlineEdited(course);
}
