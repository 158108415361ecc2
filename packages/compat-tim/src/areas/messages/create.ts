import { type Client, type Content, createCustom, createFace, createForward, createLocation, createMerger, createText } from '@parley/core/client';
import { TYPES } from '../../constants.js';
import { TimMessage } from '../../convert/message.js';
import type { TimCore } from '../../core.js';
import { paramsError, TimCode, TimError } from '../../errors.js';
import type { MESSAGE_OPTIONS } from '../../types.js';
import { build, common, payloadOf, str } from './build.js';
import { coreOf, isObject } from './state.js';

/** `createTextMessage`: `payload.text` must be a non-empty string (a bare string payload is accepted too). */
export function createTextMessage(tim: TimCore, options: MESSAGE_OPTIONS): TimMessage {
  const o = common(options);
  const text = typeof o.payload === 'string' ? o.payload : isObject(o.payload) ? o.payload.text : undefined;
  if (o.payload === undefined || o.payload === null) throw paramsError('payload');
  if (typeof text !== 'string' || text === '') throw paramsError('payload.text');
  return build(tim, o, createText(text));
}

/** `createTextAtMessage`: text plus `atUserList`, where `TYPES.MSG_AT_ALL` mentions everyone. */
export function createTextAtMessage(tim: TimCore, options: MESSAGE_OPTIONS): TimMessage {
  const o = common(options);
  const payload = payloadOf(o);
  if (typeof payload.text !== 'string' || payload.text === '') throw paramsError('payload.text');
  if (payload.atUserList !== undefined && !Array.isArray(payload.atUserList)) throw paramsError('payload.atUserList');
  const atUserList = ((payload.atUserList as unknown[] | undefined) ?? []).filter((id): id is string => typeof id === 'string' && id !== '');
  const all = atUserList.includes(TYPES.MSG_AT_ALL as string);
  const userIds = atUserList.filter((id) => id !== (TYPES.MSG_AT_ALL as string));
  return build(tim, o, createText(payload.text, { mentions: { userIds, all } }), { atUserList });
}

/** `createCustomMessage`: `data`, `description` and `extension` must be strings when given. */
export function createCustomMessage(tim: TimCore, options: MESSAGE_OPTIONS): TimMessage {
  const o = common(options);
  const payload = payloadOf(o);
  for (const key of ['data', 'description', 'extension'] as const) {
    if (payload[key] && typeof payload[key] !== 'string') throw paramsError(`payload.${key}`);
  }
  return build(tim, o, createCustom({ data: str(payload.data), description: str(payload.description), extension: str(payload.extension) }));
}

/** `createFaceMessage`: a numeric `index` and a string `data`. */
export function createFaceMessage(tim: TimCore, options: MESSAGE_OPTIONS): TimMessage {
  const o = common(options);
  const payload = payloadOf(o);
  if (typeof payload.index !== 'number' || Number.isNaN(payload.index)) throw paramsError('payload.index');
  if (typeof payload.data !== 'string') throw paramsError('payload.data');
  return build(tim, o, createFace({ index: payload.index, data: payload.data }));
}

/** `createLocationMessage`: a string `description` and numeric `longitude`/`latitude`. */
export function createLocationMessage(tim: TimCore, options: MESSAGE_OPTIONS): TimMessage {
  const o = common(options);
  const payload = payloadOf(o);
  if (typeof payload.description !== 'string') throw paramsError('payload.description');
  if (typeof payload.longitude !== 'number') throw paramsError('payload.longitude');
  if (typeof payload.latitude !== 'number') throw paramsError('payload.latitude');
  let content: Content;
  try {
    content = createLocation({ description: payload.description, longitude: payload.longitude, latitude: payload.latitude });
  } catch {
    throw paramsError('payload.latitude');
  }
  return build(tim, o, content);
}

/** `createMergerMessage`: a chat record of sent messages, with a `compatibleText` for old clients. */
export function createMergerMessage(tim: TimCore, options: MESSAGE_OPTIONS): TimMessage {
  const o = common(options);
  const payload = payloadOf(o);
  const list = payload.messageList;
  if (!Array.isArray(list) || list.length === 0) throw paramsError('payload.messageList');
  if (typeof payload.compatibleText !== 'string' || payload.compatibleText === '') throw paramsError('payload.compatibleText');
  if (!list.every((m): m is TimMessage => m instanceof TimMessage) || list.some((m) => m.status === 'fail')) throw paramsError('payload.messageList');
  const client: Client = tim.client;
  const title = str(payload.title) || payload.compatibleText;
  const abstracts = Array.isArray(payload.abstractList) ? payload.abstractList.map((a) => String(a)) : undefined;
  let content: Content;
  try {
    content = createMerger(
      list.map((m) => coreOf(tim, client, m)),
      { title, compatibleText: payload.compatibleText, ...(abstracts && { abstracts }) },
    );
  } catch {
    // A message whose files are not uploaded yet cannot be embedded.
    throw paramsError('payload.messageList');
  }
  return build(tim, o, content);
}

/** `createForwardMessage`: a copy of `payload` (a message) for another conversation; group tips and notices cannot be forwarded (2453). */
export function createForwardMessage(tim: TimCore, options: MESSAGE_OPTIONS): TimMessage {
  const o = common(options);
  const original = o.payload;
  if (!(original instanceof TimMessage)) throw paramsError('payload');
  if (original.type === TYPES.MSG_GRP_TIP || original.type === TYPES.MSG_GRP_SYS_NOTICE || original.isRevoked) {
    throw new TimError({ code: TimCode.MESSAGE_FORWARD_TYPE_INVALID, message: 'group tips, system notices and revoked messages cannot be forwarded' });
  }
  let content: Content;
  try {
    content = createForward(coreOf(tim, tim.client, original), 'c2c:-');
  } catch {
    throw new TimError({ code: TimCode.MESSAGE_FORWARD_TYPE_INVALID });
  }
  const cloudCustomData = o.cloudCustomData === undefined ? original.cloudCustomData : o.cloudCustomData;
  return build(tim, { ...o, cloudCustomData }, { elements: content.elements, fallbackText: content.fallbackText, ...(content.uploads && { uploads: content.uploads }) });
}
