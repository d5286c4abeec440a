// Server-sent events from a fetch body, as chat completions stream them: `data: <json>`
// lines separated by blank lines, ending with `data: [DONE]`. Comments (": ping") and
// other fields are skipped; a server that never sends [DONE] simply ends the body.

/** Yields each event's data (multi-line data joined with "\n"); stops at [DONE]. */
export async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (data.length > 0) {
            const joined = data.join('\n');
            data = [];
            if (joined.trim() === '[DONE]') return;
            yield joined;
          }
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        if (field !== 'data') continue;
        const rest = colon < 0 ? '' : line.slice(colon + 1);
        data.push(rest.startsWith(' ') ? rest.slice(1) : rest);
      }
      if (done) break;
    }
    // The body ended without a final blank line: its last event still counts.
    if (buffer.startsWith('data:')) data.push(buffer.slice(5).trimStart());
    const last = data.join('\n');
    if (data.length > 0 && last.trim() !== '[DONE]') yield last;
  } finally {
    // Stopped at [DONE] or by the caller: the rest of the body is not wanted.
    await reader.cancel().catch(() => undefined);
  }
}
