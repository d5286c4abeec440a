// A lesson's "Sources" in the LMS packages: the places in the instructor's materials it drew
// on (file name, page or heading, what it took), escaped like every other text from the
// model. When the package carries the files themselves (only when the instructor asks), each
// name links to its copy under `sources/`; otherwise it is only named.
import { formatLocation, type LessonSource } from '../../../shared/materials';
import { escapeAttribute, escapeHtml } from '../html';

/** The files a package carries: material sha256 → its path in the package (from the root). */
export type PackagedSources = ReadonlyMap<string, string>;

/** `linkPrefix`: from the page's folder to the package root ("../" for a page under pages/). Empty when the lesson cites nothing. */
export function sourcesHtml(sources: readonly LessonSource[], files: PackagedSources, linkPrefix: string): string {
  if (sources.length === 0) return '';
  const items = sources.map((source) => {
    const name = escapeHtml(source.fileName.replace(/\s+/g, ' ').trim() || 'Untitled source');
    const path = files.get(source.material);
    const cited = path === undefined ? `<cite>${name}</cite>` : `<a href="${escapeAttribute(linkPrefix + path)}" target="_blank" rel="noopener"><cite>${name}</cite></a>`;
    const location = formatLocation(source.location);
    const note = source.note.replace(/\s+/g, ' ').trim();
    return `<li>${cited}${location ? `, ${escapeHtml(location)}` : ''}${note ? ` — ${escapeHtml(note)}` : ''}</li>`;
  });
  return ['<section class="sources">', '<h2>Sources</h2>', `<ul>${items.join('')}</ul>`, '</section>'].join('\n');
}

/**
 * Paths under `sources/` for the files a package carries: the course's names, made safe for a
 * zip and any LMS (letters, digits, ".", "-", "_"), numbered when two would be the same.
 */
export function sourcePaths(materials: readonly { sha256: string; fileName: string }[]): Map<string, string> {
  const paths = new Map<string, string>();
  const taken = new Set<string>();
  for (const material of materials) {
    if (paths.has(material.sha256)) continue;
    const clean = (part: string) => part.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
    const base = material.fileName.split(/[\\/]/).pop()!;
    const dot = base.lastIndexOf('.');
    const ext = dot > 0 ? clean(base.slice(dot + 1)).slice(0, 10) : '';
    const stem = clean(dot > 0 ? base.slice(0, dot) : base).slice(-90) || 'source';
    const safe = ext ? `${stem}.${ext}` : stem;
    let name = safe;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = ext ? `${stem}-${n}.${ext}` : `${stem}-${n}`;
    taken.add(name.toLowerCase());
    paths.set(material.sha256, `sources/${name}`);
  }
  return paths;
}
