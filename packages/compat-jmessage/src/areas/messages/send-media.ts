import { ClientCode, type Content, createFile, createImage, createLocation, RequestError, UploadError } from '@parley/core';
import type { JmCore, RunSpec } from '../../core.js';
import { JmCode, JmError } from '../../errors.js';
import type { JmHandle } from '../../handle.js';
import { pickFile, uploadFile } from '../../media.js';
import { num, optObject, type Params, str } from '../../params.js';
import { custom, type Destination, deliver, GROUP, group, SINGLE, single } from './send.js';

/**
 * The sends an app does not need to start (pictures, files, locations, custom messages): they
 * load on their first call. Each reads its destination first, then its content, then `extras`.
 */

/** An uploaded file's refusal in J terms: too large is `880210`, not an image `880004`. */
function uploadFailure(error: unknown): unknown {
  if (!(error instanceof UploadError)) return error;
  const cause = error.cause;
  if (error.status === 413 || (cause instanceof RequestError && cause.code === ClientCode.TOO_LARGE)) return new JmError(JmCode.FILE_TOO_LARGE);
  if (error.status === 415) return new JmError(JmCode.INVALID_TYPE);
  return error;
}

/** The image or file of a FormData, uploaded (jmessage.md §2.11): checked against the server's size limit first. */
async function upload(core: JmCore, form: unknown, kind: 'image' | 'file'): Promise<Content> {
  const client = core.client;
  const file = pickFile(form);
  const limit = client.policy<number>(kind === 'image' ? 'mediaMaxImageBytes' : 'mediaMaxFileBytes');
  if (limit && file.blob.size > limit) throw new JmError(JmCode.FILE_TOO_LARGE);
  let media: Awaited<ReturnType<typeof uploadFile>>;
  try {
    media = await uploadFile(client, file, kind);
  } catch (error) {
    throw uploadFailure(error);
  }
  const source = { ...media, mediaId: media.mediaId ?? '' };
  return kind === 'image' ? createImage(source) : createFile(source, { fileName: media.fileName || file.name });
}

const image = (core: JmCore, p: Params) => upload(core, p.image, 'image');
const file = (core: JmCore, p: Params) => upload(core, p.file, 'file');
const location = (_core: JmCore, p: Params) => createLocation({ latitude: num(p, 'latitude'), longitude: num(p, 'longitude'), scale: num(p, 'scale'), description: str(p, 'label') });
/** A custom message's object is its whole `msg_body`: it takes no `extras`. */
const customContent = (_core: JmCore, p: Params) => custom(p);

/** A send method: where it goes (`single` or `group`), what it sends, and whether it takes `extras`. */
function sender(name: string, spec: RunSpec, to: (core: JmCore, p: Params) => Destination | Promise<Destination>, content: (core: JmCore, p: Params) => Content | Promise<Content>, extras = true) {
  return (core: JmCore, input: unknown): JmHandle =>
    core.run(
      name,
      input,
      async (p, ctx) => {
        const dest = await to(core, p);
        return deliver(core, ctx, dest, await content(core, p), extras ? optObject(p, 'extras') : undefined);
      },
      spec,
    );
}

/** `sendSinglePic({target_username, target_nickname?, image: FormData, extras?, appkey?})`: uploads, then sends the image. */
export const sendSinglePic = sender('sendSinglePic', SINGLE, single, image);
/** `sendSingleFile({target_username, target_nickname?, file: FormData, extras?, appkey?})`: uploads, then sends the file. */
export const sendSingleFile = sender('sendSingleFile', SINGLE, single, file);
/** `sendSingleLocation({target_username, latitude, longitude, scale, label, extras?, appkey?})`. */
export const sendSingleLocation = sender('sendSingleLocation', SINGLE, single, location);
/** `sendSingleCustom({target_username, custom | custome, appkey?})`: the object is the `msg_body`; no extras. */
export const sendSingleCustom = sender('sendSingleCustom', SINGLE, single, customContent, false);
/** `sendGroupPic({target_gid, target_gname?, image: FormData, extras?})`. */
export const sendGroupPic = sender('sendGroupPic', GROUP, group, image);
/** `sendGroupFile({target_gid, target_gname?, file: FormData, extras?})`. */
export const sendGroupFile = sender('sendGroupFile', GROUP, group, file);
/** `sendGroupLocation({target_gid, target_gname?, latitude, longitude, scale, label, extras?})`. */
export const sendGroupLocation = sender('sendGroupLocation', GROUP, group, location);
/** `sendGroupCustom({target_gid, target_gname?, custom | custome})`: the later SDKs' name for a group custom message. */
export const sendGroupCustom = sender('sendGroupCustom', GROUP, group, customContent, false);
