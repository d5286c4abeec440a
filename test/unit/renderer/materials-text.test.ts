// The words for source materials: sizes, tokens, the scanned-pages warning, the privacy
// sentence for each routing, "Based on" labels, and when the course overview takes files.
import { describe, expect, it } from 'vitest';
import { COURSE_STATUSES } from '../../../src/shared/domain';
import { ALL_CLAUDE, routingPreset, type LocalModel } from '../../../src/shared/model-routing';
import { materialSize, materialsEditing, materialsTotal, pagesWithoutTextWarning, privacyNow, sourceLabel, tokensText } from '../../../src/renderer/lib/materials-text';

const local: LocalModel = { baseUrl: 'http://127.0.0.1:11434/v1', model: 'qwen2.5:7b', apiKey: null, server: 'ollama' };

describe('materials text', () => {
  it('says pages for a PDF and words for the rest, and tokens as an estimate', () => {
    expect(materialSize({ pages: 12, words: 4000 })).toBe('12 pages');
    expect(materialSize({ pages: 1, words: 40 })).toBe('1 page');
    expect(materialSize({ pages: null, words: 1240 })).toMatch(/^1.240 words$/);
    expect(tokensText(3400)).toMatch(/^≈ 3.400 tokens$/);
    expect(materialsTotal([{ tokens: 100, error: null }, { tokens: 50, error: null }, { tokens: 0, error: { code: 'encrypted_pdf', message: '' } }])).toBe('2 readable files, ≈ 150 tokens');
  });

  it('warns about PDF pages without text, only when the file was read', () => {
    expect(pagesWithoutTextWarning({ pages: 10, pagesWithoutText: 3, error: null })).toMatch(/^3 of its 10 pages have no text/);
    expect(pagesWithoutTextWarning({ pages: 10, pagesWithoutText: 1, error: null })).toMatch(/^1 of its 10 pages has no text.*that page/);
    expect(pagesWithoutTextWarning({ pages: 10, pagesWithoutText: 0, error: null })).toBeNull();
    expect(pagesWithoutTextWarning({ pages: null, pagesWithoutText: 0, error: null })).toBeNull();
    expect(pagesWithoutTextWarning({ pages: 2, pagesWithoutText: 2, error: { code: 'no_text_layer', message: '' } })).toBeNull();
  });

  it('says which privacy rule applies for the routing now', () => {
    expect(privacyNow(ALL_CLAUDE)).toMatchObject({ tone: 'claude', text: expect.stringMatching(/every step uses Claude.*sent to Anthropic/) });
    expect(privacyNow(routingPreset('all-local', local))).toMatchObject({ tone: 'local', text: expect.stringMatching(/stay on this computer/) });
    const mixed = privacyNow(routingPreset('draft-local', local));
    expect(mixed.tone).toBe('mixed');
    expect(mixed.text).toMatch(/use Claude: your materials will be sent to Anthropic for those steps/);
    expect(privacyNow(null).tone).toBe('unknown');
  });

  it('labels a source with its file and place', () => {
    expect(sourceLabel({ fileName: 'syllabus.pdf', location: { kind: 'pages', from: 4, to: 6 } })).toBe('syllabus.pdf p. 4–6');
    expect(sourceLabel({ fileName: 'notes.md', location: { kind: 'section', path: ['Joins'] } })).toBe('notes.md § Joins');
    expect(sourceLabel({ fileName: 'readme.txt', location: { kind: 'section', path: [] } })).toBe('readme.txt');
  });
});

describe('materialsEditing', () => {
  it('takes files before generation without a hint, after it with the citations hint, never while a job runs', () => {
    expect(materialsEditing('draft', false)).toEqual({ open: true, hint: null });
    expect(materialsEditing('outline_approved', false)).toEqual({ open: true, hint: null });
    for (const status of ['generated', 'approved', 'published', 'failed', 'cancelled', 'rejected'] as const) {
      const editing = materialsEditing(status, false);
      expect(editing.open, status).toBe(true);
      expect(editing.hint, status).toMatch(/keep their citations until they are regenerated/);
    }
    expect(materialsEditing('generating', false).open).toBe(false);
    for (const status of COURSE_STATUSES) {
      const editing = materialsEditing(status, true);
      expect(editing.open, status).toBe(false);
      expect(editing.hint, status).toMatch(/once the generation job has finished/);
    }
  });
});
