// Turning the bytes of an uploaded CSV into text without ever producing garbled Vietnamese names. Excel
// for Windows saves "CSV (Comma delimited)" in the machine's ANSI code page — Windows-1258 on Vietnamese
// Windows, Windows-1252 elsewhere — not UTF-8. Such bytes are refused with a message saying how to save
// the file as "CSV UTF-8" (guessing the code page could turn "Nguyễn" into "NguyÔn" unnoticed).
import { AppError } from '../http/app-error';

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * UTF-8 text that was once read as Windows-1252 and saved again as UTF-8 ("Nguyá»…n" for "Nguyễn",
 * "Ä‘" for "đ"): a lead character of a multi-byte UTF-8 sequence followed by what Windows-1252 makes of
 * a continuation byte. Real Vietnamese text never has these pairs (no Vietnamese letter is followed by
 * "»", "º", "‘" or "°" inside a word).
 */
const MOJIBAKE = /(?:[ÃÄÅÆ]|á[º»])[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]/;

export function looksLikeMojibake(text: string): boolean {
  return MOJIBAKE.test(text);
}

export function decodeCsvBytes(bytes: Uint8Array): string {
  // Excel's "Unicode Text" is UTF-16 with a byte-order mark.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const start = UTF8_BOM.every((byte, index) => bytes[index] === byte) ? 3 : 0;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start));
  } catch {
    throw new AppError('IMPORT_NOT_UTF8');
  }
  if (looksLikeMojibake(text)) throw new AppError('IMPORT_NOT_UTF8');
  return text;
}
