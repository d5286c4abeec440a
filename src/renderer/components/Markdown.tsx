// Lesson Markdown from the model, rendered inert: raw HTML is skipped (not escaped into
// the page), the tree is sanitized, URLs pass the policy in markdown-policy.ts, remote
// images become text, and links open in the OS browser through main, never in-window.
import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';
import { imagePlaceholder, transformMarkdownUrl } from '../lib/markdown-policy';
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

export function Markdown({ children }: { children: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown skipHtml rehypePlugins={[rehypeSanitize]} urlTransform={transformMarkdownUrl} components={components}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
