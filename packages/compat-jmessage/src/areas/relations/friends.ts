import { ClientCode, isParleyError, type Profile } from '@parley/core';
import { toFriendInfo } from '../../convert/user.js';
import type { JmCore } from '../../core.js';
import { JmCode, JmError } from '../../errors.js';
import type { JmHandle } from '../../handle.js';
import { num, optStr, str } from '../../params.js';
import { appKeyOf, ownApp, refusalAbout, TARGET_USER_CODES } from './lookup.js';

/** `from_type` of `addFriend` (jmessage.md §4.11). */
const FromType = { REQUEST: 1, ANSWER: 2 } as const;
/** The wire's `RespondAction`: J friendships are mutual, so an accept always adds both edges. */
const RespondAction = { ACCEPT_AND_ADD: 1, REJECT: 2 } as const;
/** The wire's `Side.SIDE_BOTH`: unfriending removes both edges. */
const BOTH_SIDES = 0;

/** `getFriendList()` → `{friend_list: FriendInfo[]}`: the caller's friends with their profiles and memos. */
export function getFriendList(core: JmCore, input: unknown): JmHandle {
  return core.run('getFriendList', input, async (_p, ctx) => {
    const result = await ctx.request('friendList', { withProfile: true, withPresence: false });
    const profiles = new Map<string, Profile>((result?.profiles ?? []).map((p) => [p.userId ?? '', p]));
    const friends = (result?.friends ?? []).map((f) => toFriendInfo(f, profiles.get(f.friendId ?? ''), core.appkey));
    return { data: { friend_list: friends } };
  });
}

/**
 * `addFriend({target_name, from_type, why, appkey?})`: `from_type` 1 sends a friend request
 * with `why` as its text (event 5 `extra=1` to the invitee); 2 answers the target's request:
 * an empty `why` accepts, any other text rejects with it as the reason (event 5 `extra=2` to
 * the inviter). Already friends is 881302, no pending invitation 881305, an unknown user 880203.
 */
export function addFriend(core: JmCore, input: unknown): JmHandle {
  return core.run(
    'addFriend',
    input,
    async (p, ctx) => {
      const target = str(p, 'target_name');
      const fromType = num(p, 'from_type');
      const why = optStr(p, 'why') ?? '';
      const appkey = optStr(p, 'appkey');
      if (fromType === FromType.REQUEST) {
        await ctx.request('friendRequest', { to: { userId: target, appKey: appKeyOf(core, appkey) }, wording: why, source: '', remark: '', groupName: '', addType: 0 });
        return {};
      }
      if (fromType !== FromType.ANSWER) throw new JmError(JmCode.INVALID_PARAM);
      const action = why === '' ? RespondAction.ACCEPT_AND_ADD : RespondAction.REJECT;
      try {
        await ctx.request('friendRespond', { applicantId: target, applicantAppKey: appKeyOf(core, appkey), action, remark: '', responseText: why });
      } catch (error) {
        if (isParleyError(error) && error.code === ClientCode.NOT_FOUND) throw await refusalAbout(core, ctx, target, appkey, JmCode.INVITATION_INVALID);
        throw error;
      }
      return {};
    },
    { codes: { ...TARGET_USER_CODES, [ClientCode.ALREADY_EXISTS]: JmCode.ALREADY_FRIEND, [ClientCode.ALREADY_HANDLED]: JmCode.INVITATION_INVALID } },
  );
}

/** `delFriend({target_name, appkey?})`: ends the friendship on both sides; event 6 goes to the removed friend. */
export function delFriend(core: JmCore, input: unknown): JmHandle {
  return core.run(
    'delFriend',
    input,
    async (p, ctx) => {
      const target = str(p, 'target_name');
      const appkey = optStr(p, 'appkey');
      const result = await ctx.request('friendDelete', { users: [{ userId: target, appKey: appKeyOf(core, appkey) }], side: BOTH_SIDES });
      const refused = (result?.results ?? []).find((r) => (r.code ?? 0) !== 0);
      if (refused?.code === ClientCode.NOT_FRIENDS) throw await refusalAbout(core, ctx, target, appkey, JmCode.NOT_FRIEND);
      if (refused) throw new JmError(JmCode.SERVER_GENERIC);
      return {};
    },
    { codes: TARGET_USER_CODES },
  );
}

/**
 * `updateFriendMemo({target_name, memo_name, memo_others?, appkey?})`: the friend's memo name
 * (the core's `remark`) and, when given, the other notes (`memoOthers`). Not a friend is 881303,
 * a memo the server refuses (too long) 881304.
 */
export function updateFriendMemo(core: JmCore, input: unknown): JmHandle {
  return core.run(
    'updateFriendMemo',
    input,
    async (p, ctx) => {
      const target = str(p, 'target_name');
      const memoName = optStr(p, 'memo_name');
      const memoOthers = optStr(p, 'memo_others');
      const appkey = optStr(p, 'appkey');
      if (memoName === undefined) throw new JmError(JmCode.INVALID_PARAM);
      ownApp(core, appkey);
      const setFields = memoOthers === undefined ? ['remark'] : ['remark', 'memoOthers'];
      try {
        await ctx.request('friendUpdate', { userId: target, remark: memoName, memoOthers: memoOthers ?? '', setFields });
      } catch (error) {
        if (isParleyError(error) && error.code === ClientCode.NOT_FRIENDS) throw await refusalAbout(core, ctx, target, appkey, JmCode.NOT_FRIEND);
        throw error;
      }
      return {};
    },
    { codes: { ...TARGET_USER_CODES, [ClientCode.INVALID_PARAM]: 881304 } },
  );
}
