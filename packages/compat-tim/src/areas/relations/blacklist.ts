import { contactsOf } from '@parley/core';
import type { TimCore } from '../../core.js';
import { TimCode, TimError } from '../../errors.js';
import type { ADD_TO_BLOCKLIST_LIST_OPTIONS, REMOVE_FROM_BLOCKLIST_LIST_OPTIONS } from '../../types.js';
import * as check from './checks.js';
import { timBlacklist } from './state.js';

/** The blocked user ids, as synced. */
export function getBlacklist(tim: TimCore): string[] {
  return timBlacklist(tim.client);
}

/**
 * Blocks users (their C2C messages to the caller are refused) and resolves the whole blocklist,
 * as tim-js-sdk does. Blocking only yourself is refused with 2742; yourself among others is
 * dropped from the list. Per-user refusals (unknown users) leave those users out.
 */
export function addToBlacklist(tim: TimCore, options: ADD_TO_BLOCKLIST_LIST_OPTIONS): Promise<string[]> {
  const ids = check.addToBlacklist(tim, options);
  const client = tim.client;
  const others = ids.filter((id) => id !== client.userId);
  if (others.length === 0) return Promise.reject(new TimError({ code: TimCode.CANNOT_ADD_SELF_TO_BLACKLIST, message: 'you cannot add yourself to the blacklist' }));
  return contactsOf(client)
    .block(others)
    .then(() => timBlacklist(client));
}

/** Unblocks users and resolves the whole blocklist. */
export function removeFromBlacklist(tim: TimCore, options: REMOVE_FROM_BLOCKLIST_LIST_OPTIONS): Promise<string[]> {
  const ids = check.removeFromBlacklist(tim, options);
  const client = tim.client;
  return contactsOf(client)
    .unblock(ids)
    .then(() => timBlacklist(client));
}
