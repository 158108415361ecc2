import { ClientCode, contactsOf, type ItemResult, type Profile } from '@parley/core';
import { toUserInfo } from '../../convert/user.js';
import type { JmCore } from '../../core.js';
import { JmCode, JmError, type JmErrorCode } from '../../errors.js';
import type { JmHandle } from '../../handle.js';
import { members, type Params } from '../../params.js';
import { ownApp, TARGET_USER_CODES } from './lookup.js';

/** Per-user refusals of the blocklist ops, in J terms. */
const ITEM_CODES: Partial<Record<number, JmErrorCode>> = {
  ...TARGET_USER_CODES,
  // Blacklisting someone already on the list (jmessage.md §5: "repeated added member").
  [ClientCode.ALREADY_SET]: 880904,
  // Removing someone who is not on the list: J has no code of its own for it.
  [ClientCode.NOT_SET]: JmCode.SERVER_GENERIC,
};

/** `getBlacks()` → `{black_list: UserInfo[]}`: the caller's blacklist, full profiles. */
export function getBlacks(core: JmCore, input: unknown): JmHandle {
  return core.run('getBlacks', input, async (_p, ctx) => {
    const result = await ctx.request('blockList', {});
    const profiles = new Map<string, Profile>((result?.profiles ?? []).map((p) => [p.userId ?? '', p]));
    const list = (result?.blocks ?? []).map((b) => toUserInfo(profiles.get(b.blockedId ?? ''), { username: b.blockedId ?? '', appkey: b.crossAppKey || core.appkey }));
    return { data: { black_list: list } };
  });
}

/** The usernames of `member_usernames` (at least one; other apps' users are refused with 882002). */
function usernames(core: JmCore, p: Params): string[] {
  const refs = members(p, 'member_usernames') ?? [];
  if (refs.length === 0) throw new JmError(JmCode.INVALID_PARAM);
  for (const ref of refs) ownApp(core, ref.appkey);
  return refs.map((ref) => ref.username);
}

/** The first per-user refusal as a J error (the users that succeeded stay changed). */
function firstRefusal(results: readonly ItemResult[]): JmError | undefined {
  const refused = results.find((r) => r.code !== 0);
  if (!refused) return undefined;
  return new JmError(ITEM_CODES[refused.code] ?? JmCode.SERVER_GENERIC);
}

/**
 * `addSingleBlacks({member_usernames: [{username, appkey?}]})`: their 1:1 messages to the caller
 * are refused (880207 on their side); event 38 to the caller. Blacklisting yourself is 880903,
 * someone already on the list 880904, an unknown user 880203.
 */
export function addSingleBlacks(core: JmCore, input: unknown): JmHandle {
  return core.run(
    'addSingleBlacks',
    input,
    async (p) => {
      const ids = usernames(core, p);
      if (ids.includes(core.username)) throw new JmError(880903);
      const refusal = firstRefusal(await contactsOf(core.client).block(ids));
      if (refusal) throw refusal;
      return {};
    },
    { codes: TARGET_USER_CODES },
  );
}

/** `delSingleBlacks({member_usernames: [{username, appkey?}]})`: takes them off the blacklist; event 38 to the caller. */
export function delSingleBlacks(core: JmCore, input: unknown): JmHandle {
  return core.run(
    'delSingleBlacks',
    input,
    async (p) => {
      const refusal = firstRefusal(await contactsOf(core.client).unblock(usernames(core, p)));
      if (refusal) throw refusal;
      return {};
    },
    { codes: TARGET_USER_CODES },
  );
}
