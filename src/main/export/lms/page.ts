// The HTML document around a page of either package, and the one small stylesheet both
// ship inside the package: no web fonts, no remote anything, so a page opened from a folder
// with no network looks as it does in an LMS.
import { escapeAttribute, escapeHtml } from '../html';

export interface DocumentParts {
  title: string;
  /** BCP 47 or null. */
  language: string | null;
  /** Relative URL of the package's stylesheet. */
  stylesheet: string;
  body: string;
  /** Relative URL of the page's own script, if it has one (never inline). */
  script?: string;
}

export function htmlDocument(parts: DocumentParts): string {
  const lang = parts.language ? ` lang="${escapeAttribute(parts.language)}"` : '';
  return [
    '<!DOCTYPE html>',
    `<html${lang}>`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(parts.title)}</title>`,
    `<link rel="stylesheet" href="${escapeAttribute(parts.stylesheet)}">`,
    ...(parts.script ? [`<script src="${escapeAttribute(parts.script)}" defer></script>`] : []),
    '</head>',
    '<body>',
    parts.body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export const STYLESHEET = `/* Course Studio export: one small stylesheet for every page of the package. */
:root { color-scheme: light; --text: #1f2328; --muted: #59636e; --line: #d1d9e0; --accent: #0b5cad; --ok: #1a7f37; --bad: #cf222e; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 48rem; padding: 1.5rem; font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--text); background: #fff; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0 0 1rem; }
h2 { font-size: 1.35rem; margin: 1.75rem 0 .75rem; }
h3, h4, h5, h6 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
a { color: var(--accent); }
img { max-width: 100%; height: auto; }
pre { overflow-x: auto; padding: .75rem 1rem; background: #f6f8fa; border: 1px solid var(--line); border-radius: 6px; }
code { font: .9em/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre code { white-space: pre; tab-size: 4; }
:not(pre) > code { padding: .1em .3em; background: #f6f8fa; border-radius: 4px; }
blockquote { margin: 1rem 0; padding: 0 1rem; color: var(--muted); border-left: 4px solid var(--line); }
.objectives { padding: .75rem 1rem; margin-bottom: 1.5rem; background: #f0f6fc; border-radius: 6px; }
.objectives h2 { margin-top: 0; font-size: 1.1rem; }
.course-meta { color: var(--muted); }
.image-placeholder { color: var(--muted); font-style: italic; }
details.answer-key { margin-top: 1.5rem; }
.player-toc ol { padding-left: 1.25rem; }
.player-toc a[aria-current="page"] { font-weight: 600; }
.player-toc .seen::after { content: " ✓"; color: var(--ok); }
.player-nav { display: flex; justify-content: space-between; gap: 1rem; margin-top: 2rem; padding-top: 1rem; border-top: 1px solid var(--line); }
.question { margin: 1.5rem 0; padding: 1rem; border: 1px solid var(--line); border-radius: 6px; }
.question fieldset { border: 0; margin: 0; padding: 0; }
.question .option { display: flex; align-items: baseline; gap: .5rem; margin: .25rem 0; }
.question .feedback[data-option] { margin: 0 0 .5rem 1.75rem; color: var(--muted); }
.question textarea, .question input[type="text"] { width: 100%; font: inherit; }
.feedback { margin-top: .5rem; }
.feedback.correct { color: var(--ok); }
.feedback.incorrect { color: var(--bad); }
.quiz-result { font-weight: 600; }
button { font: inherit; padding: .4rem 1rem; }
`;
