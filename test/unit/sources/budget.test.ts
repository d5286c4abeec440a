// The context budget: whole materials when they fit beside the outline and the answer,
// ranked passages when they do not.
import { describe, expect, it } from 'vitest';
import { materialBudget, planMaterials } from '../../../src/main/sources/budget';
import { condensedOverview } from '../../../src/main/sources/overview';
import { TextBuilder } from '../../../src/main/sources/extract/extraction';

describe('planMaterials', () => {
  const call = { contextWindow: 200_000, reservedTokens: 6_000, answerTokens: 16_000 };

  it('leaves a margin, the prompt and the answer out of the window', () => {
    expect(materialBudget(call)).toBe(180_000 - 6_000 - 16_000);
    expect(materialBudget({ ...call, margin: 0 })).toBe(178_000);
    expect(materialBudget({ ...call, capTokens: 50_000 })).toBe(50_000);
    expect(materialBudget({ contextWindow: 8_192, reservedTokens: 5_000, answerTokens: 4_000 })).toBe(0);
  });

  it('sends materials whole when they fit, ranked passages when they do not, nothing when there are none', () => {
    expect(planMaterials({ ...call, materialTokens: 158_000 })).toEqual({ mode: 'whole', budgetTokens: 158_000 });
    expect(planMaterials({ ...call, materialTokens: 158_001 })).toEqual({ mode: 'passages', budgetTokens: 158_000 });
    expect(planMaterials({ ...call, materialTokens: 0 })).toEqual({ mode: 'none', budgetTokens: 158_000 });
    // A local model's small window: the same materials go as passages.
    expect(planMaterials({ contextWindow: 16_384, reservedTokens: 3_000, answerTokens: 4_000, materialTokens: 20_000 }).mode).toBe('passages');
  });
});

describe('condensedOverview', () => {
  function material() {
    const b = new TextBuilder();
    for (let i = 1; i <= 12; i++) {
      b.paragraph(`Chapter ${i}`, { kind: 'section', path: [`Chapter ${i}`] });
      b.paragraph(`Chapter ${i} explains topic ${i} in depth. It goes on for a long while about details that the outline does not need at all.`, {
        kind: 'section',
        path: [`Chapter ${i}`],
      });
    }
    return { fileName: 'book.docx', ...b.build() };
  }

  it('lists every section with its first sentence when that fits', () => {
    const text = condensedOverview([material()], 10_000, 4);
    expect(text.split('\n')[0]).toBe('## book.docx');
    expect(text).toContain('- § Chapter 3: Chapter 3 explains topic 3 in depth.');
    expect(text).not.toContain('goes on for a long while');
  });

  it('drops the sentences, then keeps an even spread of sections, to fit the budget', () => {
    const headingsOnly = condensedOverview([material()], 60, 4);
    expect(headingsOnly).toContain('- § Chapter 12');
    expect(headingsOnly).not.toContain('explains');
    const spread = condensedOverview([material()], 25, 4);
    expect(spread.length / 4).toBeLessThanOrEqual(25);
    expect(spread).toContain('- § Chapter 1\n');
    expect(spread).toMatch(/… \d+ more sections not listed/);
  });

  it('gives a PDF page its first words', () => {
    const b = new TextBuilder();
    b.paragraph('Normalisation\nThe first normal form forbids repeating groups.', { kind: 'pages', from: 1, to: 1 });
    const text = condensedOverview([{ fileName: 'slides.pdf', ...b.build(), pages: 1 }], 1_000, 4);
    expect(text).toBe('## slides.pdf (1 page)\n- p. 1: Normalisation The first normal form forbids repeating groups.');
  });
});
