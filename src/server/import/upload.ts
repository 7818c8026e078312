// The bytes of an uploaded file: a raw body (any of the file types below) or the first file part of a
// multipart/form-data form. Kept in a private field so that hooks walking JSON bodies (the unstorable-text
// check) do not walk megabytes of bytes one by one.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../http/app-error';

export class UploadedFile {
  readonly #bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  get bytes(): Uint8Array {
    return this.#bytes;
  }
}

/** The format is told by the bytes (an XLSX is a zip), never by this header: any usual name is taken. */
export const FILE_CONTENT_TYPES = [
  'text/csv',
  'text/plain',
  // Other names of CSV that Android file pickers and some desktops give.
  'text/comma-separated-values',
  'text/x-csv',
  'application/csv',
  'application/x-csv',
  // What Windows browsers often send for a .csv.
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
];

/** The first part of a multipart body that carries a file (has a filename). */
export function firstFilePart(body: Buffer, contentType: string): Uint8Array {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) throw new AppError('IMPORT_UNREADABLE');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const headersEnd = body.indexOf('\r\n\r\n', start);
    if (headersEnd < 0) break;
    const headers = body.subarray(start, headersEnd).toString('utf8');
    const next = body.indexOf(delimiter, headersEnd);
    if (next < 0) break;
    // The part's content ends with CRLF before the next delimiter.
    if (/filename=/i.test(headers)) return body.subarray(headersEnd + 4, next - 2);
    start = next;
  }
  throw new AppError('IMPORT_UNREADABLE');
}

/** Registers the file parsers in `scope` only (other routes keep accepting JSON alone). */
export function acceptFileUploads(scope: FastifyInstance): void {
  scope.addContentTypeParser(FILE_CONTENT_TYPES, { parseAs: 'buffer' }, (_request, body, done) => {
    done(null, new UploadedFile(body as Buffer));
  });
  scope.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (request, body, done) => {
    try {
      done(null, new UploadedFile(firstFilePart(body as Buffer, String(request.headers['content-type']))));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
