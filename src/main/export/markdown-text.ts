// Plain text from the model (titles, descriptions, objectives, task prompts) placed in the
// exported Markdown. The app shows these as text, so the export must not let a Markdown
// viewer read them as HTML or links: `List<T>` or `<Generics>` would vanish as an unknown tag,
// `<img onerror=…>` would be live markup, `[x](javascript:…)` a live link and `![x](https://…)`
// a remote image. Other Markdown (a prompt's `code`) is kept as written.

/**
 * What would open an HTML tag, comment or autolink, spell an entity, end a link's text or a
 * link definition's label (`](`, `]:`) or make an image (`![`) — unless already escaped: a
 * backslash the model wrote must not pair with ours and leave `<img …>` live.
 */
const OPENS_MARKUP = /(?<!\\)((?:\\\\)*)(<(?=[A-Za-z/!?])|&(?=#?[A-Za-z0-9]+;)|\](?=[(:])|!(?=\[))/g;

/**
 * A line that would open fenced code: at the top level of the file it runs on until a fence
 * in a lesson closes it, and that lesson's code (an `<img onerror>` shown as an example)
 * would then be live HTML.
 */
const OPENS_FENCE = /^( {0,3})(`{3}|~{3})/gm;

/** `text` with every character that would open HTML, an entity, a link, an image or fenced code backslash-escaped. */
export function escapeMarkupInText(text: string): string {
  return text.replace(OPENS_MARKUP, '$1\\$2').replace(OPENS_FENCE, '$1\\$2');
}

/** One heading line: line breaks become spaces, and a trailing run of #s stays text, not a closing sequence. */
export function headingText(text: string): string {
  const line = escapeMarkupInText(text.replace(/\s*[\r\n]+\s*/g, ' ').trim());
  return line.replace(/(^|[ \t])(#+)$/, '$1\\$2');
}
