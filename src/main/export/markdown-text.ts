// Plain text from the model (titles, descriptions, objectives, task prompts) placed in the
// exported Markdown. The app shows these as text, so the export must not let a Markdown
// viewer read them as HTML: `List<T>` or `<Generics>` would vanish as an unknown tag, and
// `<img onerror=…>` would be live markup. Other Markdown (a prompt's `code`) is kept as written.

/** `text` with what would open an HTML tag, comment or autolink, or spell an entity, backslash-escaped. */
export function escapeHtmlInText(text: string): string {
  return text.replace(/<(?=[A-Za-z/!?])/g, '\\<').replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
}

/** One heading line: line breaks become spaces, and a trailing run of #s stays text, not a closing sequence. */
export function headingText(text: string): string {
  const line = escapeHtmlInText(text.replace(/\s*[\r\n]+\s*/g, ' ').trim());
  return line.replace(/(^|[ \t])(#+)$/, '$1\\$2');
}
