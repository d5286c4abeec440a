// The bytes of an imported topics file → its text, the same way in the app and the CLI.
// Only UTF-8 (with or without a BOM) and UTF-16 with a BOM are read: anything else, such as
// the Windows-1252 CSV Excel saves by default, would import with every accent turned into
// "�", so it is refused with the way to save it properly instead.
export type DecodedText = { ok: true; text: string } | { ok: false; message: string };

const HOW_TO_FIX = 'in Excel, save it as “CSV UTF-8 (Comma delimited)”; in a text editor, save it with UTF-8 encoding';

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) => prefix.every((b, i) => bytes[i] === b);

/** `name` is how the file is named in the message (a path for the CLI, a quoted file name in the app). */
export function decodeTextFile(bytes: Uint8Array, name: string): DecodedText {
  const [encoding, bomLength] = startsWith(bytes, [0xef, 0xbb, 0xbf])
    ? (['utf-8', 3] as const)
    : startsWith(bytes, [0xff, 0xfe])
      ? (['utf-16le', 2] as const)
      : startsWith(bytes, [0xfe, 0xff])
        ? (['utf-16be', 2] as const)
        : (['utf-8', 0] as const);
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(bomLength));
  } catch {
    const what = encoding === 'utf-8' ? 'is not UTF-8 text' : 'starts like UTF-16 text but is not valid UTF-16';
    return { ok: false, message: `${name} ${what}; ${HOW_TO_FIX}.` };
  }
  // NUL characters mean UTF-16 without its BOM, or a file that is not text at all (an .xlsx).
  if (text.includes('\0')) return { ok: false, message: `${name} is not UTF-8 text; ${HOW_TO_FIX}.` };
  return { ok: true, text };
}
