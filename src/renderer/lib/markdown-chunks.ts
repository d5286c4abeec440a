// Splits long lesson Markdown into pieces that can be parsed and rendered one at a time.
// react-markdown's parse of one huge document is superlinear (a 1 MB lesson froze the page
// for tens of seconds); pieces of ~8 KB parse in milliseconds each. Splits fall only on
// blank lines outside fenced code blocks, so no block element is cut in two; short lessons
// stay one piece and render exactly as before.

export const CHUNK_CHARS = 8_000;

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

export function splitMarkdown(text: string, chunkChars = CHUNK_CHARS): string[] {
  if (text.length <= chunkChars * 2) return [text];
  const lines = text.split('\n');
  const chunks: string[] = [];
  let current: string[] = [];
  let size = 0;
  let fence: string | null = null;
  for (const line of lines) {
    const marker = FENCE.exec(line)?.[1];
    if (marker) {
      if (fence === null) fence = marker[0]!;
      else if (marker[0] === fence) fence = null;
    }
    if (fence === null && line.trim() === '' && size >= chunkChars) {
      chunks.push(current.join('\n'));
      current = [];
      size = 0;
      continue;
    }
    current.push(line);
    size += line.length + 1;
  }
  if (current.length > 0) chunks.push(current.join('\n'));
  return chunks;
}
