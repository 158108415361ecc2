import type { Area } from '../../method.js';
import { applicationMethods } from './applications.js';
import { blacklistMethods } from './blacklist.js';
import { friendMethods } from './friends.js';
import { userMethods } from './users.js';
import { wireRelations } from './wire.js';

/**
 * The relations area (openim.md §2.2, §2.8, §2.9, §3.5): the own profile and user lookups,
 * friends, friend applications and the blacklist, over `contactsOf(client)` and the synced store.
 */
export const relationsArea: Area = {
  methods: { ...userMethods, ...friendMethods, ...applicationMethods, ...blacklistMethods },
  wirings: [wireRelations],
};
