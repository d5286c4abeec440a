// The line under "Pick an outline": how many takes there are (1 to 5, from a batch or after a
// failed option), in words, and how many of the last request could not be written.
const WORDS = ['no', 'one', 'two', 'three', 'four', 'five'];

const word = (n: number) => WORDS[n] ?? String(n);
const capitalized = (n: number) => word(n).charAt(0).toUpperCase() + word(n).slice(1);

/** While `writing` options stream in; otherwise about the `saved` ones, `failed` of `asked` having failed. */
export function optionsIntro({ writing, saved, asked, failed }: { writing: number | null; saved: number; asked: number; failed: number }): string {
  if (writing !== null) {
    return writing === 1 ? 'The model is writing an outline for your topic…' : `The model is writing ${word(writing)} different takes on your topic…`;
  }
  if (saved === 0) return 'Propose outlines to get different takes on your topic to pick from.';
  const pick =
    saved === 1
      ? 'One take on your topic. Use it, or regenerate for more to choose from; you can edit it next.'
      : `${capitalized(saved)} takes on your topic. Pick the ${saved === 2 ? 'closer' : 'closest'} one; you can edit it next.`;
  if (failed <= 0) return pick;
  return `${pick} ${capitalized(failed)} of the ${word(asked)} could not be written; regenerate to try again.`;
}
