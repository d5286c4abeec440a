// topics.parse: a pasted or imported batch (CSV, JSON or one topic per line) into rows,
// with every rejected row reported by line. topics.parseFile: the same for a file main reads
// itself (chosen in the "Open file…" dialog, app.chooseFiles {purpose: 'topics'}), so the
// rows' `sources` are found relative to its folder. Like a material's path, a chosen path is
// only read, so it needs no remembering (core/choose-files.ts). Text parsed again after it
// was opened (edited, another format) names that file in `fromFile`, and keeps its folder.
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { resolveTopicSources } from '../../import/resolve-sources';
import { detectTopicFormat, parseTopics } from '../../import/topics';
import { readTopicsText } from '../../import/topics-file';
import { InputError } from '../errors';
import type { Handlers } from '../dispatch';

export function topicHandlers() {
  // Files opened with topics.parseFile in this session: the only folders `fromFile` may name.
  const opened = new Set<string>();
  return {
    'topics.parse': ({ text, format, fromFile }) => {
      let base: string | null = null;
      if (fromFile !== undefined) {
        const path = resolve(fromFile);
        if (!opened.has(path)) throw new InputError([{ path: 'fromFile', message: 'Open the file with “Open file…” first.' }]);
        base = dirname(path);
      }
      return resolveTopicSources(parseTopics(text, format), base);
    },
    'topics.parseFile': async ({ path, format }) => {
      if (!isAbsolute(path)) throw new InputError([{ path: 'path', message: 'Expected an absolute path (the one app.chooseFiles gave).' }]);
      const file = resolve(path);
      const decoded = await readTopicsText(file);
      if (!decoded.ok) throw new Error(decoded.message);
      opened.add(file);
      const chosenFormat = format ?? detectTopicFormat(decoded.text, file);
      return {
        ...resolveTopicSources(parseTopics(decoded.text, chosenFormat), dirname(file)),
        text: decoded.text,
        fileName: basename(file),
        path: file,
        format: chosenFormat,
      };
    },
  } satisfies Partial<Handlers>;
}
