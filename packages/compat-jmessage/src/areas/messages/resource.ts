import { ClientCode, mediaOf } from '@parley/core';
import type { JmCore } from '../../core.js';
import { JmCode, JmError } from '../../errors.js';
import type { JmHandle } from '../../handle.js';
import { str } from '../../params.js';

/**
 * `getResource({media_id})` (the doc's key `'media_id '` works too: keys are trimmed): a
 * temporary URL for an image, file or avatar media id. An unknown or malformed id is
 * `880005 file not exist`. Media another vendor sent by URL only carry the URL as their
 * `media_id`, which is returned as it is.
 */
export function getResource(core: JmCore, input: unknown): JmHandle {
  return core.run(
    'getResource',
    input,
    async (p) => {
      const id = str(p, 'media_id');
      if (/^https?:\/\//i.test(id)) return { data: { url: id } };
      const [media] = await mediaOf(core.client).resolve([id]);
      if (!media?.url) throw new JmError(JmCode.FILE_NOT_EXIST);
      return { data: { url: media.url } };
    },
    { codes: { [ClientCode.INVALID_PARAM]: JmCode.FILE_NOT_EXIST, [ClientCode.NOT_FOUND]: JmCode.FILE_NOT_EXIST } },
  );
}
