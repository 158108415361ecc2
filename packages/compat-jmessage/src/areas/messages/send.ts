import { ClientCode, type Content, contactsOf, createCustom, createFile, createImage, createLocation, createText, type Message, type MessageDraft, RequestError, UploadError } from '@parley/core';
import { bodyBytes, bodyOf, extrasToWire } from '../../convert/content.js';
import type { JmCore, Reply, RunContext, RunSpec } from '../../core.js';
import { JmCode, JmError } from '../../errors.js';
import type { JmHandle } from '../../handle.js';
import { groupIdOf } from '../../ids.js';
import { pickFile, uploadFile } from '../../media.js';
import { members, num, optObject, optStr, type Params, str } from '../../params.js';
import { contentFor } from './items.js';

/** The 7 KB message limit (`880206`), counted in UTF-8 bytes of the body. */
const MAX_BODY_BYTES = 7 * 1024;
/** `Platform.PLATFORM_WEB`: the `from_platform` receivers see. */
const PLATFORM_WEB = 5;

/** Where a send goes: the conversation, and the fields the success payload echoes. */
interface Destination {
  convId: string;
  echo: { target_username: string } | { target_gid: number };
  /** `target_nickname` / `target_gname` as given. */
  name: string | undefined;
}

const C = ClientCode;
const SINGLE: RunSpec = { codes: { [C.USER_NOT_FOUND]: JmCode.TARGET_USER_NOT_EXIST, [C.NOT_FOUND]: JmCode.TARGET_USER_NOT_EXIST } };
const GROUP: RunSpec = { codes: { [C.GROUP_NOT_FOUND]: JmCode.TARGET_GROUP_NOT_EXIST, [C.NOT_FOUND]: JmCode.TARGET_GROUP_NOT_EXIST } };

/** 1:1 target: `target_username`, optional `target_nickname`; another app's `appkey` is refused (no cross-app on this server). */
function single(core: JmCore, p: Params): Destination {
  const username = str(p, 'target_username');
  const appkey = optStr(p, 'appkey');
  if (appkey && appkey !== core.appkey) throw new JmError(JmCode.TARGET_USER_NOT_EXIST);
  return { convId: `c2c:${username}`, echo: { target_username: username }, name: optStr(p, 'target_nickname') };
}

/** Group target: `target_gid` (number or numeric text), optional `target_gname`. */
async function group(core: JmCore, p: Params): Promise<Destination> {
  const gid = str(p, 'target_gid');
  const groupId = await groupIdOf(core.client, gid);
  return { convId: `group:${groupId}`, echo: { target_gid: Number(gid) || 0 }, name: optStr(p, 'target_gname') };
}

/** `at_list`: absent = no mention, `[]` = @all, a list = those users. */
function mentionsOf(p: Params): { userIds: string[]; all: boolean } | undefined {
  const list = members(p, 'at_list', false);
  if (!list) return undefined;
  return list.length === 0 ? { userIds: [], all: true } : { userIds: list.map((m) => m.username), all: false };
}

/**
 * Sends one message: ONE client message id per call, used as the request's idempotency key, so
 * the SDK's retries never send twice (the server dedupes `msg.send` by it). Success is
 * `{msg_id, ctime_ms, target_username | target_gid}` and `msg.content`, the sent message in §4.8 form.
 */
async function deliver(core: JmCore, ctx: RunContext, dest: Destination, content: Content, extras: Record<string, unknown> | undefined): Promise<Reply> {
  const client = core.client;
  const env = client.options.env;
  const clientMsgId = env.uuid();
  const draft: MessageDraft = { convId: dest.convId, clientMsgId, clientTime: env.now(), elements: content.elements, fallbackText: content.fallbackText, sender: { platform: PLATFORM_WEB } };
  if (content.mentions) draft.mentions = content.mentions;
  if (extras && Object.keys(extras).length > 0) draft.extras = extrasToWire(extras);
  if (dest.name) draft.targetName = dest.name;
  if (bodyBytes(bodyOf(draft)) > MAX_BODY_BYTES) throw new JmError(JmCode.MESSAGE_TOO_LONG);
  const result = await ctx.request('msgSend', draft, { idempotencyKey: clientMsgId });
  const time = Number(result?.time ?? 0) || env.now();
  const nickname = (await contactsOf(client).getProfiles([client.userId]).catch(() => []))[0]?.nickname ?? '';
  const sent: Message = {
    ...draft,
    clientMsgId,
    serverMsgId: result?.serverMsgId ?? '',
    seq: Number(result?.seq ?? 0),
    senderId: client.userId,
    time,
    status: 'sent',
    sender: { nickname, platform: PLATFORM_WEB },
  };
  const msgId = Number(sent.serverMsgId) || 0;
  return { data: { msg_id: msgId, ctime_ms: time, ...dest.echo }, msg: { content: await contentFor(core, client, sent) } };
}

/** An uploaded file's refusal in J terms: too large is `880210`, not an image `880004`. */
function uploadFailure(error: unknown): unknown {
  if (!(error instanceof UploadError)) return error;
  const cause = error.cause;
  if (error.status === 413 || (cause instanceof RequestError && cause.code === C.TOO_LARGE)) return new JmError(JmCode.FILE_TOO_LARGE);
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

function location(p: Params): Content {
  return createLocation({ latitude: num(p, 'latitude'), longitude: num(p, 'longitude'), scale: num(p, 'scale'), description: str(p, 'label') });
}

/** `custom`, or the doc example's misspelt `custome`. */
function custom(p: Params): Content {
  const json = optObject(p, 'custom') ?? optObject(p, 'custome');
  if (!json) throw new JmError(JmCode.INVALID_PARAM);
  return createCustom({ json });
}

/** `sendSingleMsg({target_username, target_nickname?, content, extras?, appkey?})`: a 1:1 text. */
export function sendSingleMsg(core: JmCore, input: unknown): JmHandle {
  return core.run('sendSingleMsg', input, (p, ctx) => deliver(core, ctx, single(core, p), createText(str(p, 'content')), optObject(p, 'extras')), SINGLE);
}

/** `sendSinglePic({target_username, target_nickname?, image: FormData, extras?, appkey?})`: uploads, then sends the image. */
export function sendSinglePic(core: JmCore, input: unknown): JmHandle {
  return core.run(
    'sendSinglePic',
    input,
    async (p, ctx) => {
      const dest = single(core, p);
      return deliver(core, ctx, dest, await upload(core, p.image, 'image'), optObject(p, 'extras'));
    },
    SINGLE,
  );
}

/** `sendSingleFile({target_username, target_nickname?, file: FormData, extras?, appkey?})`: uploads, then sends the file. */
export function sendSingleFile(core: JmCore, input: unknown): JmHandle {
  return core.run(
    'sendSingleFile',
    input,
    async (p, ctx) => {
      const dest = single(core, p);
      return deliver(core, ctx, dest, await upload(core, p.file, 'file'), optObject(p, 'extras'));
    },
    SINGLE,
  );
}

/** `sendSingleLocation({target_username, latitude, longitude, scale, label, extras?, appkey?})`. */
export function sendSingleLocation(core: JmCore, input: unknown): JmHandle {
  return core.run('sendSingleLocation', input, (p, ctx) => deliver(core, ctx, single(core, p), location(p), optObject(p, 'extras')), SINGLE);
}

/** `sendSingleCustom({target_username, custom | custome, appkey?})`: the object is the `msg_body`; no extras. */
export function sendSingleCustom(core: JmCore, input: unknown): JmHandle {
  return core.run('sendSingleCustom', input, (p, ctx) => deliver(core, ctx, single(core, p), custom(p), undefined), SINGLE);
}

/**
 * `sendGroupMsg({target_gid, target_gname?, content, extras?, at_list?})`: a group text; with
 * `custom` (or `custome`) and no `content` it sends a custom message (the doc's second entry).
 */
export function sendGroupMsg(core: JmCore, input: unknown): JmHandle {
  return core.run(
    'sendGroupMsg',
    input,
    async (p, ctx) => {
      const text = optStr(p, 'content');
      const isCustom = text === undefined && (p.custom !== undefined || p.custome !== undefined);
      const mentions = mentionsOf(p);
      const content = isCustom ? custom(p) : createText(str(p, 'content'));
      if (mentions) content.mentions = mentions;
      return deliver(core, ctx, await group(core, p), content, isCustom ? undefined : optObject(p, 'extras'));
    },
    GROUP,
  );
}

/** `sendGroupPic({target_gid, target_gname?, image: FormData, extras?})`. */
export function sendGroupPic(core: JmCore, input: unknown): JmHandle {
  return core.run(
    'sendGroupPic',
    input,
    async (p, ctx) => {
      const dest = await group(core, p);
      return deliver(core, ctx, dest, await upload(core, p.image, 'image'), optObject(p, 'extras'));
    },
    GROUP,
  );
}

/** `sendGroupFile({target_gid, target_gname?, file: FormData, extras?})`. */
export function sendGroupFile(core: JmCore, input: unknown): JmHandle {
  return core.run(
    'sendGroupFile',
    input,
    async (p, ctx) => {
      const dest = await group(core, p);
      return deliver(core, ctx, dest, await upload(core, p.file, 'file'), optObject(p, 'extras'));
    },
    GROUP,
  );
}

/** `sendGroupLocation({target_gid, target_gname?, latitude, longitude, scale, label, extras?})`. */
export function sendGroupLocation(core: JmCore, input: unknown): JmHandle {
  return core.run('sendGroupLocation', input, async (p, ctx) => deliver(core, ctx, await group(core, p), location(p), optObject(p, 'extras')), GROUP);
}

/** `sendGroupCustom({target_gid, target_gname?, custom | custome})`: the later SDKs' name for a group custom message. */
export function sendGroupCustom(core: JmCore, input: unknown): JmHandle {
  return core.run('sendGroupCustom', input, async (p, ctx) => deliver(core, ctx, await group(core, p), custom(p), undefined), GROUP);
}
