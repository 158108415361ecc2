/**
 * Revoking, modifying and deleting sent messages: methods that load on first use (their
 * argument checks are in `checks.ts`, which the page loads up front).
 */
import { type Client, type Message as CoreMessage, chatOf } from '@parley/core';
import { TYPES } from '../../constants.js';
import { toElement } from '../../convert/payload.js';
import type { TimCore } from '../../core.js';
import { TimCode, TimError } from '../../errors.js';
import type { Message } from '../../types.js';
import * as check from './checks.js';
import { convIdOf, coreOf, isAvChatRoom, isObject, isSystem, messageFailure, refOfTim, whileBusy } from './state.js';

/**
 * `revokeMessage`: the instance becomes `isRevoked` with this user as `revoker`.
 * @throws {Error} synchronously for a system notice or a message already revoked.
 */
export function revokeMessage(tim: TimCore, message: Message): Promise<{ message: Message }> {
  check.revokeMessage(tim, message);
  const group = message.conversationType === TYPES.CONV_GROUP;
  return whileBusy(tim, message.ID, async () => {
    try {
      await chatOf(tim.client).revoke(refOfTim(tim, message));
    } catch (error) {
      throw messageFailure(error, message, TimCode.MESSAGE_REVOKE_FAIL, group);
    }
    message.isRevoked = true;
    message.revoker = tim.userId;
    return { message };
  });
}

/**
 * `modifyMessage`: sends the instance's current `payload` (text, custom, face, location) and
 * `cloudCustomData` as a new version; the instance takes the server's result.
 * @throws {TimError} 2480 when someone modified it first (the instance then shows their version), 2481 in an AVChatRoom.
 */
export function modifyMessage(tim: TimCore, input: Message): Promise<{ message: Message }> {
  const message = check.modifyMessage(tim, input);
  const convId = convIdOf(tim, message);
  if (convId && isAvChatRoom(tim, convId)) return Promise.reject(new TimError({ code: TimCode.MESSAGE_MODIFY_DISABLED_IN_AVCHATROOM, data: { message } }));
  const client = tim.client;
  const element = toElement(message.type as string, message.payload);
  const target: CoreMessage = { ...coreOf(tim, client, message), version: message.version ?? 0 };
  return whileBusy(tim, message.ID, async () => {
    try {
      const updated = await chatOf(client).modify(target, { ...(element && { elements: [element] }), cloudCustomData: message.cloudCustomData ?? '' });
      tim.timMessage(updated);
      return { message };
    } catch (error) {
      throw messageFailure(error, message, TimCode.MESSAGE_SEND_FAIL, message.conversationType === TYPES.CONV_GROUP);
    }
  });
}

/**
 * `deleteMessage`: deletes sent messages of one conversation for this user (at most 30, the
 * rest ignored, as the vendor does); they become `isDeleted`.
 * @throws {TimError} 2116 for system notices.
 */
export function deleteMessage(tim: TimCore, messageList: Message[]): Promise<{ messageList: Message[] }> {
  const first = check.deleteMessage(tim, messageList)[0] as unknown as Message;
  if (isSystem(first)) return Promise.reject(new TimError({ code: TimCode.CANNOT_DELETE_GROUP_SYSTEM_NOTICE }));
  const chosen = messageList.filter((m) => isObject(m) && m.status === 'success' && m.conversationID === first.conversationID).slice(0, 30);
  return (async () => {
    const client: Client = tim.client;
    if (chosen.length) {
      try {
        await chatOf(client).deleteForSelf(chosen.map((m) => refOfTim(tim, m)));
      } catch (error) {
        throw messageFailure(error, undefined, TimCode.MESSAGE_DELETE_FAIL);
      }
    }
    for (const m of chosen) m.isDeleted = true;
    return { messageList: chosen };
  })();
}
