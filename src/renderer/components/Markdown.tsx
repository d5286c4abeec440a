// Lesson Markdown from the model, rendered inert: raw HTML is skipped (not escaped into
// the page), the tree is sanitized, URLs pass the policy in markdown-policy.ts, remote
// images become text, and links open in the OS browser through main, never in-window.
// A long lesson is rendered piece by piece (lib/markdown-chunks.ts), a few pieces per
// task, so even a 1 MB lesson never freezes the page.
import { memo, useEffect, useMemo, useState } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';
import { splitMarkdown } from '../lib/markdown-chunks';
import { imagePlaceholder, transformMarkdownUrl } from '../../shared/markdown-policy';
import { ExternalLink } from './ExternalLink';

const components: Components = {
  a: ({ href, children }) => <ExternalLink href={href ?? ''}>{children}</ExternalLink>,
  img: ({ src, alt }) =>
    typeof src === 'string' && src !== '' ? (
      <img src={src} alt={alt ?? ''} className="md-image" />
    ) : (
      <span className="md-image-placeholder">{imagePlaceholder(alt)}</span>
    ),
};

/**
 * Characters of Markdown rendered per task: big enough that a long lesson needs few
 * commits (each re-lays-out the page), small enough that no task freezes the page.
 */
const CHARS_PER_STEP = 48_000;

/** How many pieces, from `from` on, fit in one step (at least one). */
function stepEnd(pieces: string[], from: number): number {
  let end = from;
  for (let size = 0; end < pieces.length && (end === from || size + pieces[end]!.length <= CHARS_PER_STEP); end++) size += pieces[end]!.length;
  return end;
}

const Piece = memo(function Piece({ text }: { text: string }) {
  return (
    <ReactMarkdown skipHtml rehypePlugins={[rehypeSanitize]} urlTransform={transformMarkdownUrl} components={components}>
      {text}
    </ReactMarkdown>
  );
});

export function Markdown({ children }: { children: string }) {
  const pieces = useMemo(() => splitMarkdown(children), [children]);
  const [shown, setShown] = useState(() => stepEnd(pieces, 0));

  useEffect(() => setShown(stepEnd(pieces, 0)), [pieces]);
  useEffect(() => {
    if (shown >= pieces.length) return;
    const timer = setTimeout(() => setShown((n) => stepEnd(pieces, n)), 0);
    return () => clearTimeout(timer);
  }, [shown, pieces]);

  return (
    <div className="markdown">
      {pieces.slice(0, shown).map((piece, i) => (
        <Piece key={i} text={piece} />
      ))}
      {shown < pieces.length && (
        <p className="md-loading" role="status">
          Rendering the rest of this long lesson…
        </p>
      )}
    </div>
  );
}
