// What lesson Markdown (written by the model, so untrusted) may point at. Links: only
// http, https and mailto. Images: only inline data: images — a remote image would be a
// request leaving the machine (a tracking pixel), so it is shown as text instead.
// One policy for both places lesson Markdown leaves the model: the renderer's Markdown view
// and the Markdown export (main/export/lesson-markdown.ts). Pure functions, no DOM.

const LINK_SCHEMES = ['http:', 'https:', 'mailto:'];
const DATA_IMAGE = /^data:image\/(png|jpeg|gif|webp|avif);base64,[a-z0-9+/=\s]+$/i;

function schemeOf(url: string): string | null {
  try {
    return new URL(url.trim()).protocol.toLowerCase();
  } catch {
    return null; // relative or malformed: nothing to resolve it against safely
  }
}

/** react-markdown's `urlTransform`: the URL to keep, or '' to drop it. */
export function transformMarkdownUrl(url: string, key: string): string {
  const value = url.trim();
  if (key === 'src') return DATA_IMAGE.test(value) ? value : '';
  if (key === 'href') {
    const scheme = schemeOf(value);
    return scheme !== null && LINK_SCHEMES.includes(scheme) ? value : '';
  }
  return '';
}

/** Links the app hands to the OS browser (main checks its own allowlist again). */
export function isWebUrl(url: string): boolean {
  const scheme = schemeOf(url);
  return scheme === 'http:' || scheme === 'https:';
}

export function imagePlaceholder(alt: string | undefined): string {
  const text = (alt ?? '').trim();
  return text ? `[image: ${text}]` : '[image]';
}
