// Ranking: the passages that hold the lesson's terms come first, within the budget, in reading
// order, the same every time.
import { describe, expect, it } from 'vitest';
import { indexPassages, rankPassages, stem } from '../../../src/main/sources/rank';
import type { Passage } from '../../../src/main/sources/passages';

const FILLER = [
  'The history of the database began with hierarchical systems in the sixties.',
  'Storage engines write pages to disk and keep a buffer pool in memory.',
  'Transactions give atomicity, consistency, isolation and durability.',
  'Normal forms reduce redundancy; the third normal form is common in practice.',
  'Indexes speed up lookups at the cost of slower writes and more storage.',
  'Backups and replication protect the data against the loss of a machine.',
];

function passages(): Passage[] {
  const texts = [
    ...FILLER.slice(0, 3),
    'An inner join returns the rows whose keys match in both tables; outer joins keep the unmatched rows too.',
    ...FILLER.slice(3),
    'Window functions compute running totals over partitions without collapsing the rows.',
    'A left join keeps every row of the left table, with nulls where nothing matched.',
  ];
  return texts.map((text, i) => ({
    material: i < 5 ? 'a'.repeat(64) : 'b'.repeat(64),
    fileName: i < 5 ? 'notes.pdf' : 'book.pdf',
    materialPosition: i < 5 ? 0 : 1,
    chunk: i < 5 ? i : i - 5,
    start: 0,
    end: text.length,
    location: { kind: 'pages', from: i + 1, to: i + 1 },
    tokens: 30,
    text,
  }));
}

describe('rankPassages', () => {
  it('picks the passages that hold the lesson’s terms, in reading order, within the budget', () => {
    const ranking = rankPassages(passages(), { title: 'Joining tables', objectives: ['Tell an inner join from an outer join'], terms: ['left join'] }, 60);
    expect(ranking.passages.map((p) => p.text)).toEqual([
      'An inner join returns the rows whose keys match in both tables; outer joins keep the unmatched rows too.',
      'A left join keeps every row of the left table, with nulls where nothing matched.',
    ]);
    expect(ranking.tokens).toBe(60);
    expect(ranking.matched).toBeGreaterThanOrEqual(2);
  });

  it('takes a smaller passage after one that did not fit, and never goes over the budget', () => {
    const list = passages();
    list[3] = { ...list[3]!, tokens: 100 }; // the best match is too large for the budget
    const ranking = rankPassages(list, { title: 'Joins', terms: ['inner join', 'left join'] }, 50);
    expect(ranking.passages.map((p) => p.text)).toEqual(['A left join keeps every row of the left table, with nulls where nothing matched.']);
    expect(ranking.tokens).toBeLessThanOrEqual(50);
  });

  it('gives the same answer for the same input', () => {
    const query = { title: 'Indexes and storage', objectives: ['Explain what an index costs'] };
    const first = rankPassages(passages(), query, 90);
    expect(rankPassages(passages(), query, 90)).toEqual(first);
    expect(first.passages.map((p) => p.text)).toContain(FILLER[4]);
  });

  it('answers many queries from one index as it answers each alone', () => {
    const index = indexPassages(passages());
    const joins = { title: 'Joins', terms: ['left join'] };
    const storage = { title: 'Storage engines', objectives: ['Describe the buffer pool'] };
    expect(index.rank(joins, 60)).toEqual(rankPassages(passages(), joins, 60));
    expect(index.rank(storage, 30)).toEqual(rankPassages(passages(), storage, 30));
    expect(index.rank(storage, 30).passages.map((p) => p.text)).toEqual([FILLER[1]]);
  });

  it('returns nothing for a query of stop words only', () => {
    expect(rankPassages(passages(), { title: 'the and of' }, 1000)).toEqual({ passages: [], tokens: 0, matched: 0 });
  });

  it('stems plurals and verb forms to one term', () => {
    expect(['joins', 'joined', 'joining', 'join'].map(stem)).toEqual(['join', 'join', 'join', 'join']);
    expect(['queries', 'classes', 'class', 'is'].map(stem)).toEqual(['query', 'class', 'class', 'is']);
  });
});
