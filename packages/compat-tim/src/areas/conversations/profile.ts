/** `getConversationProfile`: loads on its first call (its argument check is in `checks.ts`). */
import { ClientCode, convsOf, fetchProfiles, isParleyError } from '@parley/core';
import type { TimConversation } from '../../convert/conversation.js';
import type { TimCore } from '../../core.js';
import { TimCode, TimError } from '../../errors.js';
import { targetOf } from '../../ids.js';
import * as check from './checks.js';
import { conversationOf, knownRow, notFound } from './state.js';

/**
 * `getConversationProfile(conversationID)` → `{ conversation }`. A conversation the user has no
 * row for is created (hidden until a message arrives), as tim-js-sdk makes one for any valid
 * ID: for a user who does not exist it rejects with 2501, as tim-js-sdk does when the profile
 * lookup finds nobody; one the server cannot make (no such group, not a member) rejects with 2500.
 * @throws {Error} synchronously for an invalid conversationID.
 */
export function getConversationProfile(tim: TimCore, conversationID: string): Promise<{ conversation: TimConversation }> {
  const convId = check.getConversationProfile(tim, conversationID);
  const client = tim.client;
  return (async () => {
    let row = knownRow(client, convId);
    const peer = convId.startsWith('c2c:') ? targetOf(convId) : undefined;
    // The profile is the detailed view: fetch the peer's profile when the store lacks it.
    if (peer && !client.store.profiles.get(peer)) {
      const found = await fetchProfiles(client, [peer]).catch((error: unknown) => {
          if (isParleyError(error) && NO_USER.has(error.code)) return [];
          throw error;
        });
      // tim-js-sdk makes a conversation for a user only when the user's profile exists.
      if (!row && found.length === 0) throw new TimError({ code: TimCode.USER_OR_GROUP_NOT_FOUND });
    }
    if (!row) {
      const rows = await convsOf(client)
        .get([convId], { createIfMissing: true })
        .catch((error: unknown) => {
          throw isParleyError(error) && NOT_THERE.has(error.code) ? notFound() : error;
        });
      row = rows.find((r) => r.convId === convId) ?? knownRow(client, convId);
      if (!row) throw notFound();
    }
    return { conversation: conversationOf(tim, knownRow(client, convId) ?? row) };
  })();
}

const NO_USER = new Set<number>([ClientCode.NOT_FOUND, ClientCode.USER_NOT_FOUND]);
const NOT_THERE = new Set<number>([ClientCode.NOT_FOUND, ClientCode.USER_NOT_FOUND, ClientCode.GROUP_NOT_FOUND, ClientCode.ROOM_NOT_FOUND, ClientCode.NOT_MEMBER, ClientCode.INVALID_PARAM]);
