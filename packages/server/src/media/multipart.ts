import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { invalidParam, type ServerError } from '../errors.js';

/**
 * The single file of a `multipart/form-data` upload, streamed. Vendors name the file field
 * differently (JMessage uses the file's own name as the key, MaxLeap `userfile` or
 * `attachment`), so any one file field is accepted; a second file refuses the upload.
 */
export interface MultipartFile {
  /** The file part's bytes; must be consumed. */
  stream: Readable;
  /** The part's `filename`, else its field name. */
  fileName: string;
  /** Plain fields seen so far; complete once `finished` resolves. */
  fields: Map<string, string>;
  /** Resolves when the whole body is parsed; rejects when it is malformed or has another file. */
  finished: Promise<void>;
}

const LIMITS: busboy.Limits = {
  files: 1,
  fields: 16,
  parts: 32,
  // JMessage's field name is the file name, which may be long.
  fieldNameSize: 1024,
  fieldSize: 1024,
  headerPairs: 32,
};

/**
 * Starts parsing a multipart request body.
 *
 * @returns The first file part, when it starts.
 * @throws ServerError `INVALID_PARAM` (detail `content-type`, `body` or `file`) for a missing
 *   boundary, a malformed body, a body with no file, too many parts or a second file.
 */
export function readMultipartFile(req: IncomingMessage): Promise<MultipartFile> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: req.headers, limits: LIMITS, defParamCharset: 'utf8' });
  } catch {
    return Promise.reject(invalidParam('content-type', 'multipart body without a valid boundary'));
  }
  return new Promise((resolve, reject) => {
    const fields = new Map<string, string>();
    let file: Readable | undefined;
    let settleFinished: { resolve: () => void; reject: (error: ServerError) => void } | undefined;
    const finished = new Promise<void>((res, rej) => {
      settleFinished = { resolve: res, reject: rej };
    });
    // Observed by the upload path only after the file is stored; never left unhandled.
    finished.catch(() => undefined);

    const fail = (error: ServerError): void => {
      reject(error);
      settleFinished?.reject(error);
      file?.destroy(error);
      req.unpipe(parser);
    };
    parser.on('file', (name, stream, info) => {
      if (file !== undefined) {
        stream.resume();
        return;
      }
      file = stream;
      // The upload pipeline reports the stream's errors; this keeps a late one (after the
      // pipeline finished, e.g. a second file) from being an uncaught exception.
      stream.on('error', () => undefined);
      resolve({ stream, fileName: info.filename || name, fields, finished });
    });
    parser.on('field', (name, value) => fields.set(name, value));
    parser.on('filesLimit', () => fail(invalidParam('file', 'an upload carries one file')));
    parser.on('partsLimit', () => fail(invalidParam('body', 'too many multipart parts')));
    parser.on('fieldsLimit', () => fail(invalidParam('body', 'too many multipart fields')));
    parser.on('error', () => fail(invalidParam('body', 'malformed multipart body')));
    parser.on('close', () => {
      if (file === undefined) fail(invalidParam('file', 'the multipart body has no file'));
      else settleFinished?.resolve();
    });
    // A client that disconnects mid-body: without this the file stream would wait forever.
    req.once('close', () => {
      if (!req.complete) fail(invalidParam('body', 'the request ended before its body'));
    });
    req.pipe(parser);
  });
}
