import { parley } from '@parley/protocol';
import { subscribe, unsubscribe } from '../../model/presence.js';
import { getProfiles, updateProfile } from '../../model/profiles.js';
import { searchUsers, userSummary } from '../../model/user-directory.js';
import { getGuest, upsertGuest } from '../../model/users.js';
import type { OpCall, OpFamily } from './types.js';

const ONLINE = parley.v1.PresenceStatus.PRESENCE_STATUS_ONLINE;

/**
 * Users, profiles, presence and guests (§2.2, §2.3, §2.13). Guests (MaxLeap passengers,
 * anonymous viewers) may read profiles and presence and keep their own guest record; they
 * cannot edit a profile, search the directory or subscribe.
 */
export const userOps: OpFamily = {
  ops: {
    userGetProfiles: ({ ctx, actor, payload }: OpCall<parley.v1.UserGetProfiles>) => getProfiles(ctx, actor, payload),
    userUpdateProfile: ({ ctx, actor, payload }: OpCall<parley.v1.UserUpdateProfile>) => updateProfile(ctx, actor, payload),
    userGetSummary: ({ server, ctx, actor, payload }: OpCall<parley.v1.UserGetSummary>) =>
      userSummary(ctx, actor, payload, (userId) => server.presence.live(ctx.app.id, userId).sessions),
    userSearch: ({ server, ctx, payload }: OpCall<parley.v1.Query>) =>
      searchUsers(ctx, payload, async (userId) => (await server.presence.status(ctx.app.id, userId)).status === ONLINE),

    presenceQuery: ({ server, ctx, actor, payload }: OpCall<parley.v1.UserIds>) => server.presence.query(ctx, actor, payload),
    presenceSubscribe: ({ ctx, actor, payload }: OpCall<parley.v1.UserIds>) => subscribe(ctx, actor, payload),
    presenceUnsubscribe: ({ ctx, actor, payload }: OpCall<parley.v1.PresenceUnsubscribe>) => unsubscribe(ctx, actor, payload),
    presenceSetCustomStatus: ({ server, ctx, actor, payload }: OpCall<parley.v1.PresenceSetCustomStatus>) => server.presence.setCustomStatus(ctx, actor, payload),

    guestUpsert: ({ session, ctx, actor, payload }: OpCall<parley.v1.Guest>) => upsertGuest(ctx, actor, session?.kind === parley.v1.UserKind.USER_KIND_GUEST, payload),
    guestGet: ({ ctx, actor, payload }: OpCall<parley.v1.GuestGet>) => getGuest(ctx, actor, payload),
  },
  readOnly: ['userGetProfiles', 'userGetSummary', 'userSearch', 'presenceQuery', 'guestGet'],
  guest: ['userGetProfiles', 'presenceQuery', 'guestGet', 'guestUpsert'],
};
