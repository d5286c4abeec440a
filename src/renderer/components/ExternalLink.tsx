// A link that never navigates this window: web links go to the OS browser via main (which
// re-checks its allowlist); anything else (mailto, dropped URLs) is shown as plain text.
import type { ReactNode } from 'react';
import { api, call, errorMessage } from '../lib/api';
import { isWebUrl } from '../../shared/markdown-policy';
import { toast } from '../store/toasts';

export function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  if (!isWebUrl(href)) {
    return (
      <span className="md-link-inert" title={href || undefined}>
        {children}
      </span>
    );
  }
  return (
    <a
      href={href}
      className="external-link"
      rel="noopener noreferrer"
      title={`${href} (opens in your browser)`}
      onAuxClick={(e) => e.preventDefault()}
      onClick={(e) => {
        e.preventDefault();
        call(api().appOpenExternal({ url: href })).catch((error: unknown) =>
          toast({ tone: 'error', title: 'Could not open the link', message: errorMessage(error) }),
        );
      }}
    >
      {children}
    </a>
  );
}
