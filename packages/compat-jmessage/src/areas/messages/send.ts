import { ClientCode, type Content, createCustom, createText, fetchProfiles, type Message, type MessageDraft } from '@parley/core';
import { bodyBytes, bodyOf, extrasToWire } from '../../convert/content.js';
import type { JmCore, Reply, RunContext, RunSpec } from '../../core.js';
import { JmCode, JmError } from '../../errors.js';
import type { JmHandle } from '../../handle.js';
import { groupIdOf } from '../../ids.js';
import { members, optObject, optStr, type Params, str } from '../../params.js';
import { contentFor } from './items.js';

/** The 7 KB message limit (`880206`), counted in UTF-8 bytes of the body. */
const MAX_BODY_BYTES = 7 * 1024;
/** `Platform.PLATFORM_WEB`: the `from_platform` receivers see. */
const PLATFORM_WEB = 5;

/** Where a send goes: the conversation, and the fields the success payload echoes. */
export interface Destination {
  convId: string;
  echo: { target_username: string } | { target_gid: number };
  /** `target_nickname` / `target_gname` as given. */
  name: string | undefined;
}

const C = ClientCode;
export const SINGLE: RunSpec = { codes: { [C.USER_NOT_FOUND]: JmCode.TARGET_USER_NOT_EXIST, [C.NOT_FOUND]: JmCode.TARGET_USER_NOT_EXIST } };
export const GROUP: RunSpec = { codes: { [C.GROUP_NOT_FOUND]: JmCode.TARGET_GROUP_NOT_EXIST, [C.NOT_FOUND]: JmCode.TARGET_GROUP_NOT_EXIST } };

/** 1:1 target: `target_username`, optional `target_nickname`; another app's `appkey` is refused (no cross-app on this server). */
export function single(core: JmCore, p: Params): Destination {
  const username = str(p, 'target_username');
  const appkey = optStr(p, 'appkey');
  if (appkey && appkey !== core.appkey) throw new JmError(JmCode.TARGET_USER_NOT_EXIST);
  return { convId: `c2c:${username}`, echo: { target_username: username }, name: optStr(p, 'target_nickname') };
}

/** Group target: `target_gid` (number or numeric text), optional `target_gname`. */
export async function group(core: JmCore, p: Params): Promise<Destination> {
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
export async function deliver(core: JmCore, ctx: RunContext, dest: Destination, content: Content, extras: Record<string, unknown> | undefined): Promise<Reply> {
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
  const nickname = (await fetchProfiles(client, [client.userId]).catch(() => []))[0]?.nickname ?? '';
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

/** `custom`, or the doc example's misspelt `custome`. */
export function custom(p: Params): Content {
  const json = optObject(p, 'custom') ?? optObject(p, 'custome');
  if (!json) throw new JmError(JmCode.INVALID_PARAM);
  return createCustom({ json });
}

/** `sendSingleMsg({target_username, target_nickname?, content, extras?, appkey?})`: a 1:1 text. */
export function sendSingleMsg(core: JmCore, input: unknown): JmHandle {
  return core.run('sendSingleMsg', input, (p, ctx) => deliver(core, ctx, single(core, p), createText(str(p, 'content')), optObject(p, 'extras')), SINGLE);
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

