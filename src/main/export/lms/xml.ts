// Text and attribute values for the packages' XML files (manifests, QTI, discussion topics).
// XML 1.0 cannot carry every character a model may write (NUL, most C0 controls, lone
// surrogates): those are dropped rather than written into a file no parser would read.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** Also escapes quotes and keeps line breaks and tabs (attribute normalisation would turn them into spaces). */
export function xmlAttr(text: string): string {
  return xmlText(text).replace(/["\t\n\r]/g, (c) => ({ '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' })[c]!);
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
