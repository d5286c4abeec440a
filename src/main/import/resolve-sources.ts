// The `sources` of parsed rows → absolute paths of files that exist, checked where the files
// are (main, the CLI). A relative path is relative to the import file's folder; text pasted
// into the app (or read in the page) has no folder, so its relative paths cannot be found
// and say how to fix that. A source that is missing is a problem of its row, listed with its
// line, but the row still imports: its course is generated from the sources that were found
// (each file that cannot be read is reported again when it is attached).
import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { ParsedTopicRow, SourceProblem, TopicParseResult } from '../../shared/ipc-contract';

export const NO_FOLDER_HINT =
  'its folder is not known (the text was pasted or read in the page); open the file with “Open file…” so its folder is known, or write the absolute path';

/**
 * `base`: the folder of the file the rows came from (null for pasted text). Rows that name no
 * sources are returned as they are; `sourceProblems` is set when any row names some.
 */
export function resolveTopicSources(result: TopicParseResult, base: string | null): TopicParseResult {
  if (!result.rows.some((row) => row.sources !== undefined)) return result;
  const problems: SourceProblem[] = [];
  const rows = result.rows.map((row): ParsedTopicRow => {
    if (row.sources === undefined) return row;
    const found: string[] = [];
    for (const written of row.sources) {
      const checked = checkSource(written, base);
      if ('path' in checked) {
        if (!found.includes(checked.path)) found.push(checked.path);
      } else {
        problems.push({ line: row.line, path: written, message: checked.message });
      }
    }
    return { ...row, sources: found };
  });
  return { ...result, rows, sourceProblems: problems };
}

function checkSource(written: string, base: string | null): { path: string } | { message: string } {
  if (!isAbsolute(written) && base === null) return { message: `${written}: ${NO_FOLDER_HINT}` };
  const path = base === null ? resolve(written) : resolve(base, written);
  try {
    const info = statSync(path);
    if (info.isDirectory()) return { message: `${written} is a folder, not a file` };
    return { path };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { message: `${written} was not found (looked for ${path})` };
    if (code === 'EACCES' || code === 'EPERM') return { message: `${written} cannot be opened: permission denied` };
    return { message: `${written} cannot be checked: ${(error as Error).message}` };
  }
}

/** "line 4: source notes.md was not found (…); the topic is imported without it" — CLI and logs. */
export function formatSourceProblem(problem: SourceProblem): string {
  return `line ${problem.line}: source ${problem.message}; the topic is imported without it`;
}
