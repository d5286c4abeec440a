// The estimate counts a course's materials as its job will send them: whole, they are in
// every call's shared context (written to the cache by the first call of a kind, read by the
// rest); too large, each call carries its own passages, uncached.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../../../src/main/ai/config';
import { Store } from '../../../src/main/db/store';
import { estimateCourses } from '../../../src/main/estimate/estimate';
import { groundCourse, PDF_PAGE_IMAGE_TOKENS } from '../../../src/main/generation/grounding';
import { attachMaterials } from '../../../src/main/sources/attach';
import { inThreadExtractor } from '../../../src/main/sources/in-thread-extractor';
import { MaterialFiles } from '../../../src/main/sources/material-files';
import { seedApprovedCourse } from '../../support/engine';
import { textPdf } from '../../support/material-fixtures';
import { useTempFolders } from '../../support/temp-folders';

const tempFolder = useTempFolders('cs-estimate-materials-');
let store: Store;
let dir: string;
beforeEach(() => {
  dir = tempFolder();
  store = Store.open(join(dir, 'studio.db'));
});
afterEach(() => store.close());

async function attachPdf(courseId: string, pages: number): Promise<void> {
  // The seeded outline's own words ("Grounded project 1", "Grounded lesson 1.1"), so every passage matches every call.
  const line = 'Grounded project lesson: joins combine rows from two tables on keys.';
  const path = join(dir, 'book.pdf');
  writeFileSync(path, await textPdf(Array.from({ length: pages }, () => Array.from({ length: 38 }, () => line))));
  const results = await attachMaterials({ store, files: new MaterialFiles(join(dir, 'materials')), extract: inThreadExtractor }, courseId, [{ path }]);
  expect(results[0]!.ok).toBe(true);
}

describe('the estimate of a course with materials', () => {
  it('adds the materials to every call, mostly at the cache-read price when they fit', async () => {
    const plain = seedApprovedCourse(store, 'Plain', 3, 2);
    const grounded = seedApprovedCourse(store, 'Grounded', 3, 2);
    await attachPdf(grounded, 20);
    const grounding = groundCourse(store, grounded, { reservedTokens: 6000, answerTokens: 8192 })!;
    expect(grounding.mode).toBe('whole');

    const without = estimateCourses(store, [plain], DEFAULT_MODEL);
    const withMaterials = estimateCourses(store, [grounded], DEFAULT_MODEL);
    expect(withMaterials.calls).toBe(without.calls);
    // 3 lessons calls, 6 tasks calls, 1 summary: each sends the materials once more.
    const added = withMaterials.inputTokens.expected - without.inputTokens.expected;
    expect(added).toBeGreaterThan(grounding.materialTokens * 10 * 0.9);
    expect(added).toBeLessThan(grounding.materialTokens * 10 * 1.2);
    // Three kinds write the cache once each (1.25×), seven calls read it (0.1×): far below ten full-price sends.
    const price = withMaterials.standardUsd.expected - without.standardUsd.expected;
    expect(price).toBeGreaterThan(0);
    const inputPerToken = 2 / 1e6; // claude-sonnet-5-5's input price, $/token
    expect(price / added).toBeLessThan(inputPerToken * 0.5);
  });

  it('with the course’s “PDFs as pages”, adds each page’s image tokens (1,533) to every call', async () => {
    const asText = seedApprovedCourse(store, 'Grounded', 3, 2);
    const asPages = seedApprovedCourse(store, 'Grounded', 3, 2);
    await attachPdf(asText, 20);
    await attachPdf(asPages, 20);
    store.db.prepare(`UPDATE courses SET topic_json = json_set(topic_json, '$.pdfAsPages', json('true')) WHERE id = ?`).run(asPages);
    const added = estimateCourses(store, [asPages], DEFAULT_MODEL).inputTokens.expected - estimateCourses(store, [asText], DEFAULT_MODEL).inputTokens.expected;
    // 10 calls, each with 20 page images more (its text is counted either way).
    expect(added).toBeGreaterThan(10 * 20 * PDF_PAGE_IMAGE_TOKENS * 0.9);
    expect(added).toBeLessThan(10 * 20 * PDF_PAGE_IMAGE_TOKENS * 1.2);
  });

  it('counts each call’s passages, uncached, when the materials do not fit', async () => {
    const grounded = seedApprovedCourse(store, 'Grounded', 3, 2);
    await attachPdf(grounded, 500);
    const grounding = groundCourse(store, grounded, { reservedTokens: 6000, answerTokens: 8192 })!;
    expect(grounding.mode).toBe('passages');
    const plain = seedApprovedCourse(store, 'Plain', 3, 2);
    const without = estimateCourses(store, [plain], DEFAULT_MODEL);
    const withPassages = estimateCourses(store, [grounded], DEFAULT_MODEL);
    const added = withPassages.inputTokens.expected - without.inputTokens.expected;
    // Every passage matches: each of the 10 calls carries about a cap's worth (PASSAGES_CAP_TOKENS), at full price.
    expect(added).toBeGreaterThan(10 * 10_000);
    expect(added).toBeLessThan(10 * 17_000);
  });
});
