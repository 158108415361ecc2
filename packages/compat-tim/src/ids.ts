import { TYPES } from './constants.js';
import type { TYPES as TypesEnum } from './enums.js';
import { paramsError } from './errors.js';

/** The system conversation's id, `@TIM#SYSTEM`. */
export const SYSTEM_CONVERSATION_ID = '@TIM#SYSTEM';
/** The tinyID tim-js-sdk gives system notices. */
export const SYSTEM_TINY_ID = '144115198244471703';

/**
 * A TIM conversationID (`C2C<userID>`, `GROUP<groupID>`, `@TIM#SYSTEM`) as the core's
 * canonical id (`c2c:<peer>`, `group:<id>` or `room:<id>` for AVChatRooms, `system`).
 * `rooms` names the AVChatRooms this instance knows, whose ids are rooms in the core.
 * Returns undefined for an id tim-js-sdk would refuse (2503).
 */
export function toConvId(conversationID: unknown, rooms?: ReadonlySet<string>): string | undefined {
  if (typeof conversationID !== 'string') return undefined;
  if (conversationID === SYSTEM_CONVERSATION_ID) return 'system';
  if (conversationID.startsWith('C2C') && conversationID.length > 3) return `c2c:${conversationID.slice(3)}`;
  if (conversationID.startsWith('GROUP') && conversationID.length > 5) {
    const id = conversationID.slice(5);
    return rooms?.has(id) ? `room:${id}` : `group:${id}`;
  }
  return undefined;
}

/** The core's canonical conversation id as a TIM conversationID. */
export function toConversationID(convId: string): string {
  if (convId === 'system') return SYSTEM_CONVERSATION_ID;
  const colon = convId.indexOf(':');
  const kind = convId.slice(0, colon);
  const id = convId.slice(colon + 1);
  if (kind === 'c2c') return `${TYPES.CONV_C2C}${id}`;
  return `${TYPES.CONV_GROUP}${id}`;
}

/** The TIM conversation type (`C2C`, `GROUP`, `@TIM#SYSTEM`) of a canonical id. */
export function conversationTypeOf(convId: string): TypesEnum {
  if (convId === 'system') return TYPES.CONV_SYSTEM;
  return convId.startsWith('c2c:') ? TYPES.CONV_C2C : TYPES.CONV_GROUP;
}

/** The peer or group id of a canonical conversation id. */
export function targetOf(convId: string): string {
  return convId === 'system' ? SYSTEM_CONVERSATION_ID : convId.slice(convId.indexOf(':') + 1);
}

/** Validates a conversationID argument the way tim-js-sdk does (a synchronous throw). */
export function requireConvId(conversationID: unknown, rooms?: ReadonlySet<string>): string {
  const convId = toConvId(conversationID, rooms);
  if (!convId) throw paramsError('conversationID');
  return convId;
}
