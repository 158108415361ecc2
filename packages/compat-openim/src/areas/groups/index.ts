import type { Area } from '../../method.js';
import { applicationMethods } from './applications.js';
import { groupMethods } from './groups.js';
import { memberMethods } from './members.js';
import { wireGroups } from './wire.js';

/**
 * Groups, members and join requests of open-im-sdk 2.0.3 (openim.md §2.10, §3.6). OpenIM
 * groups are the core's `standard` preset: joining needs approval, any member may invite, the
 * owner may not quit (CAPABILITIES.md §1.8).
 */
export const groupsArea: Area = {
  methods: { ...groupMethods, ...memberMethods, ...applicationMethods },
  wirings: [wireGroups],
};
