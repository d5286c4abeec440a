// Picks the passages most relevant to one call (a project's lessons, a lesson's tasks) when
// the materials do not fit whole. Ranking is BM25 through minisearch over each passage's text
// and its location (a heading that names the topic counts double), with English stop words
// dropped and a light suffix stemmer ("joins", "joined", "joining" → "join") applied to the
// passages and the query alike. The query is the call's title, objectives and key terms;
// the terms weigh most. Then the best passages are taken while they fit the token budget
// (one that does not fit is skipped, a smaller one after it may still fit), and handed back
// in reading order, so the model reads them as the material has them. Same input, same
// output: ties in score go to the earlier passage.
import MiniSearch from 'minisearch';
import { formatLocation } from '../../shared/materials';
import { readingOrder, type Passage } from './passages';

export interface RankQuery {
  title: string;
  objectives?: readonly string[];
  terms?: readonly string[];
}

export interface RankedPassage extends Passage {
  score: number;
}

export interface Ranking {
  /** In reading order. */
  passages: RankedPassage[];
  tokens: number;
  /** Passages that matched the query at all. */
  matched: number;
}

const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have how i if in into is it its may more most must no not of on or our ' +
    'shall should so such than that the their them then there these they this those to was we were what when where which while who why will with would ' +
    'you your about after all also any before between both each few he her his how just me my only other out over same she some through under up very'
  ).split(' '),
);

/** A light English stemmer: enough to meet plurals and verb forms, never more than a suffix. */
export function stem(word: string): string {
  const w = word.toLowerCase();
  if (w.length <= 3) return w;
  for (const [suffix, keep] of [
    ['ies', 'y'],
    ['sses', 'ss'],
    ['ing', ''],
    ['ed', ''],
    ['es', ''],
    ['s', ''],
  ] as const) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3 && !(suffix === 's' && w.endsWith('ss'))) return w.slice(0, -suffix.length) + keep;
  }
  return w;
}

const processTerm = (term: string): string | null => {
  const lower = term.toLowerCase();
  if (lower.length < 2 || STOP_WORDS.has(lower)) return null;
  return stem(lower);
};

export interface PassageIndex {
  rank(query: RankQuery, budgetTokens: number): Ranking;
}

/**
 * Indexes the passages once, for many queries: a job ranks for every project and lesson over
 * the same materials (building the index is most of the cost: ~0.1 s for a 300-page book).
 */
export function indexPassages(passages: readonly Passage[]): PassageIndex {
  const index = new MiniSearch<{ id: number; text: string; heading: string }>({ fields: ['text', 'heading'], processTerm, idField: 'id' });
  index.addAll(passages.map((p, id) => ({ id, text: p.text, heading: formatLocation(p.location) })));
  return { rank: (query, budgetTokens) => search(index, passages, query, budgetTokens) };
}

export const rankPassages = (passages: readonly Passage[], query: RankQuery, budgetTokens: number): Ranking => indexPassages(passages).rank(query, budgetTokens);

function search(index: MiniSearch, passages: readonly Passage[], query: RankQuery, budgetTokens: number): Ranking {
  const weights = new Map<string, number>();
  const weigh = (text: string, weight: number) => {
    for (const word of text.split(/[^\p{L}\p{N}]+/u)) {
      const term = word ? processTerm(word) : null;
      if (term) weights.set(term, Math.max(weights.get(term) ?? 0, weight));
    }
  };
  for (const o of query.objectives ?? []) weigh(o, 1);
  weigh(query.title, 1.5);
  for (const t of query.terms ?? []) weigh(t, 2);
  if (weights.size === 0) return { passages: [], tokens: 0, matched: 0 };

  const results = index.search([...weights.keys()].join(' '), {
    combineWith: 'OR',
    boost: { heading: 2 },
    boostTerm: (term) => weights.get(term) ?? 1,
  });
  const ranked = results
    .map((r) => ({ ...passages[r.id as number]!, score: r.score }))
    .sort((a, b) => b.score - a.score || readingOrder(a, b));

  const picked: RankedPassage[] = [];
  let tokens = 0;
  for (const passage of ranked) {
    if (tokens + passage.tokens > budgetTokens) continue;
    picked.push(passage);
    tokens += passage.tokens;
  }
  return { passages: picked.sort(readingOrder), tokens, matched: ranked.length };
}
