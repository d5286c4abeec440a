// Part 6c, topic imports people really paste, through the same command the window uses
// (topics.parse over the dispatcher): broken quoting, a byte-order mark, blank lines,
// 10,000 rows, Unicode / right-to-left / emoji topics, and more than the size limit.
import type { TopicParseResult } from '../../src/shared/ipc-contract';
import type { AppCore } from '../../src/main/app-core';
import { check, type Check, type Figure } from '../lib/report';

export const UNICODE_TOPICS = [
  'مقدمة في البرمجة بلغة بايثون',
  'עברית למתחילים',
  '🌱 Gardening for 🐝 pollinators 🌻',
  'Ünïcödé façade — naïve café',
  '日本語の基礎と敬語',
  'Ελληνική μυθολογία',
  'Mixed עברית and English',
  'Zalgo t̷̢̛e̸̡x̵̨t̶',
  'Flags 🇺🇦🇧🇷 and ZWJ 👩‍🔬',
  'Right-to-left override \u202Egnirts\u202C inside',
];

const csvQuote = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

type Parse = (text: string, format: 'csv' | 'json' | 'lines') => Promise<{ result: TopicParseResult | null; code: string; ms: number }>;

export async function csvImports(core: AppCore): Promise<{ figures: [string, Figure][]; checks: Check[]; notes: string[] }> {
  const parse: Parse = async (text, format) => {
    const started = performance.now();
    const answer = await core.dispatch('topics.parse', { text, format });
    return { result: answer.ok ? (answer.value as TopicParseResult) : null, code: answer.ok ? 'ok' : answer.error.code, ms: performance.now() - started };
  };
  const topics = (r: TopicParseResult | null) => r?.rows.map((row) => row.topic.topic) ?? [];

  const bom = await parse('\uFEFFtopic,audience,level,projects\r\nGardening,adults,beginner,4\r\nPottery,kids,advanced,3\r\n', 'csv');
  const broken = await parse('topic,notes\nGood one,fine\n"Broken, quote,never closed\nAnother good one,fine\nLast one,"quoted, fine"\n', 'csv');
  const blank = await parse('topic,level\n\nFirst,beginner\n\n\n   \nSecond,advanced\n\n', 'csv');
  const rows = Array.from({ length: 10_000 }, (_, i) => `Topic number ${i + 1},learners,beginner,${3 + (i % 6)},English,"note, with comma ${i}"`);
  const big = await parse(`topic,audience,level,projects,language,notes\n${rows.join('\n')}\n`, 'csv');
  const bigLines = await parse(rows.map((r) => r.split(',')[0]).join('\n'), 'lines');
  const unicode = await parse(`topic,notes\n${UNICODE_TOPICS.map((t) => `${csvQuote(t)},ok`).join('\n')}\n`, 'csv');
  const unicodeJson = await parse(JSON.stringify(UNICODE_TOPICS.map((topic) => ({ topic }))), 'json');
  const badRows = await parse('topic,projects,level\nFine,4,beginner\n,3,beginner\nToo many,99,beginner\nWrong level,4,guru\n', 'csv');
  const tooBig = await parse(`topic\n${'x'.repeat(5_100_000)}`, 'csv');
  const junk = await Promise.all([parse('\u0000\u0001\u0002', 'csv'), parse('{"topics": 5}', 'json'), parse('[[[[[[', 'json'), parse('', 'csv'), parse('   \n\n', 'json')]);
  const emptyLines = await parse('\n  \n', 'lines');

  const brokenLine = broken.result?.errors.find((e) => e.line === 3);
  const blankLines = blank.result?.rows.map((r) => r.line) ?? [];
  return {
    figures: [
      ['CSV: 10,000 rows parsed in (ms)', Math.round(big.ms)],
      ['lines: 10,000 topics parsed in (ms)', Math.round(bigLines.ms)],
      ['CSV: broken quoting → rows kept / errors', `${broken.result?.rows.length ?? '—'} / ${broken.result?.errors.length ?? '—'}`],
      ['an empty paste as one-topic-per-line → rows / errors', `${emptyLines.result?.rows.length ?? '—'} / ${emptyLines.result?.errors.length ?? '—'}`],
      ['Unicode / RTL / emoji topics kept intact (CSV, JSON)', `${topics(unicode.result).filter((t, i) => t === UNICODE_TOPICS[i]).length}, ${topics(unicodeJson.result).filter((t, i) => t === UNICODE_TOPICS[i]).length} of ${UNICODE_TOPICS.length}`],
    ],
    checks: [
      check('a BOM and CRLF line ends are read as plain CSV', topics(bom.result).join('|') === 'Gardening|Pottery' && bom.result?.errors.length === 0, JSON.stringify(bom.result)),
      check(
        'broken quoting is reported at its line and the rows before and after it are kept',
        brokenLine !== undefined && topics(broken.result).join('|') === 'Good one|Another good one|Last one',
        JSON.stringify(broken.result?.errors) + ` rows: ${topics(broken.result).join('|')}`,
      ),
      check('blank lines are skipped and rows keep their real line numbers', topics(blank.result).join('|') === 'First|Second' && blankLines.join(',') === '3,7' && blank.result?.errors.length === 0, `${topics(blank.result).join('|')} at lines ${blankLines.join(',')}; errors ${JSON.stringify(blank.result?.errors)}`),
      check('10,000 rows: every one imported, in under 3 s', big.result?.rows.length === 10_000 && big.result.errors.length === 0 && big.ms < 3_000, `${big.result?.rows.length} rows, ${big.result?.errors.length} errors, ${Math.round(big.ms)} ms`),
      check('10,000 lines: every one imported, in under 3 s', bigLines.result?.rows.length === 10_000 && bigLines.ms < 3_000, `${bigLines.result?.rows.length} rows, ${Math.round(bigLines.ms)} ms`),
      check('Unicode, right-to-left and emoji topics come through unchanged', topics(unicode.result).join('\n') === UNICODE_TOPICS.join('\n') && topics(unicodeJson.result).join('\n') === UNICODE_TOPICS.join('\n'), `${JSON.stringify(topics(unicode.result))} / ${JSON.stringify(unicode.result?.errors)}`),
      check('bad rows are reported by line, good rows kept', topics(badRows.result).join('|') === 'Fine' && (badRows.result?.errors.map((e) => e.line).join(',') ?? '') === '3,4,5', JSON.stringify(badRows.result)),
      check('an import over the size limit is refused with a clear message', tooBig.code === 'invalid_input' || (tooBig.result?.rows.length === 0 && (tooBig.result?.errors.length ?? 0) > 0), `${tooBig.code} ${JSON.stringify(tooBig.result?.errors)}`),
      check('junk input answers with errors, not a failure', junk.every((j) => j.code === 'ok' && (j.result?.errors.length ?? 0) > 0 && j.result?.rows.length === 0), junk.map((j) => `${j.code} ${JSON.stringify(j.result)}`).join(' | ')),
    ],
    notes: [],
  };
}
