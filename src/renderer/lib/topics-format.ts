// Guesses how a pasted or imported topic list is written, so the common cases need no
// choice: a .json file or a leading '[' is JSON, a header row starting with "topic" is
// CSV, anything else is one topic per line.
export type TopicFormat = 'csv' | 'json' | 'lines';

export function detectTopicFormat(text: string, filename?: string): TopicFormat {
  const name = (filename ?? '').toLowerCase();
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.csv')) return 'csv';
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) return 'json';
  const firstLine = (trimmed.split(/\r?\n/, 1)[0] ?? '').trim().toLowerCase().replace(/^\ufeff/, '');
  if (/^"?topic"?\s*(,|$)/.test(firstLine) && firstLine.includes(',')) return 'csv';
  return 'lines';
}
