// topics.parse: a pasted or imported batch (CSV, JSON or one topic per line) into rows,
// with every rejected row reported by line.
import { parseTopics } from '../../import/topics';
import type { Handlers } from '../dispatch';

export function topicHandlers() {
  return {
    'topics.parse': ({ text, format }) => parseTopics(text, format),
  } satisfies Partial<Handlers>;
}
