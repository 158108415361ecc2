import { mediaOf } from '@parley/core';
import type { MlCore } from '../../core.js';
import { paramError } from '../../errors.js';
import { argsOf } from './args.js';
import { thumbUrlOf } from './content.js';
import { fileOf } from './send.js';

/** `MediaKind` by MIME family: images get a thumbnail rendition; anything else is a file. */
function kindOf(mime: string): number {
  if (mime.startsWith('image/')) return 1;
  if (mime.startsWith('audio/')) return 2;
  if (mime.startsWith('video/')) return 3;
  return 0;
}

/**
 * `attachment(formData, callback)`: uploads the file (the FormData's one file field, whatever
 * its name, or a File/Blob) → `[url, thumbUrl]`. Images get a thumbnail; for anything else
 * both entries are the file's URL. Storage failures are 5006.
 */
export function attachment(core: MlCore, ...args: unknown[]): void {
  const { values, callback } = argsOf(args, 1);
  core.rest(callback, async () => {
    const file = fileOf(values[0]);
    if (!file) throw paramError('data (a FormData with a file, a File or a Blob)');
    const media = await mediaOf(core.client).upload(file, { kind: kindOf(file.type) });
    return [media.url ?? '', thumbUrlOf(media)];
  });
}
