// Saves what the person asked to export (a log, a course, an LMS package) through a Blob
// link: the renderer has no file system, and the link never leaves the page's origin. In the
// desktop app the blob: download opens the OS save dialog (security.ts allows only blob:).
import type { ExportedCourseFile } from '../../shared/course-export';

export function downloadText(filename: string, content: string, mimeType: string): void {
  downloadBlob(filename, new Blob([content], { type: mimeType }));
}

/** A course export as main sent it: text as is, a package's base64 decoded back to its bytes. */
export function downloadExport(file: ExportedCourseFile): void {
  const data = file.encoding === 'base64' ? base64Bytes(file.content) : file.content;
  downloadBlob(file.filename, new Blob([data], { type: file.mimeType }));
}

function base64Bytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('The clipboard is not available.');
}
