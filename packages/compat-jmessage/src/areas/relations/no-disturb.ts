import { ClientCode, contactsOf, convsOf, type Group, groupsOf, ReceiveOpt } from '@parley/core';
import type { JmCore, RunContext } from '../../core.js';
import { JmError, type JmErrorCode } from '../../errors.js';
import type { JmHandle } from '../../handle.js';
import { gidOf } from '../../ids.js';
import { optStr, type Params, str } from '../../params.js';
import { memberGroup, requireUser, TARGET_USER_CODES } from './lookup.js';

/**
 * No-disturb and group shield (jmessage.md §2.6) are the receive option of a conversation:
 * no-disturb is `silent` (`c2c:<user>`, `group:<id>`), a shield is `block` (the server withholds
 * the group's messages). A group is in one of the two states at most: shielding a group with
 * no-disturb replaces it, and the other way round. Global no-disturb is `settings.globalSilent`.
 * Event 37 comes from the relations wiring once the change is in the store.
 */

/** `getNoDisturb()` → `{no_disturb: {global: 0|1, users: [{username, nickname, appkey}], groups: [{gid, name, appkey, desc}]}}`. */
export function getNoDisturb(core: JmCore, input: unknown): JmHandle {
  return core.run('getNoDisturb', input, async () => {
    const client = core.client;
    const { settings, globalSilent } = await convsOf(client).getSettings({ nonDefaultOnly: true });
    const silent = (prefix: string) => settings.filter((s) => s.receiveOpt === ReceiveOpt.SILENT && s.convId.startsWith(prefix)).map((s) => s.convId.slice(prefix.length));
    const userIds = silent('c2c:');
    const groupIds = silent('group:');
    const profiles = userIds.length > 0 ? await contactsOf(client).getProfiles(userIds) : [];
    const byId = new Map(profiles.map((p) => [p.userId ?? '', p]));
    const users = userIds.map((id) => {
      const profile = byId.get(id);
      return { username: profile?.username || id, nickname: profile?.nickname ?? '', appkey: profile?.appKey || core.appkey };
    });
    const groups = (await groupsById(core, groupIds)).map((g) => ({ gid: gidOf(g), name: g.name ?? '', appkey: g.appKey || core.appkey, desc: g.introduction ?? '' }));
    return { data: { no_disturb: { global: globalSilent ? 1 : 0, users, groups } } };
  });
}

/** The groups of these ids, from the store or the server (ones gone since are left out). */
async function groupsById(core: JmCore, groupIds: readonly string[]): Promise<Group[]> {
  const api = groupsOf(core.client);
  const missing = groupIds.filter((id) => !api.group(id));
  if (missing.length > 0) await api.get(missing).catch(() => undefined);
  return groupIds.map((id) => api.group(id)).filter((g): g is Group => g !== undefined);
}

/** Sets a conversation's receive option to `want`; the server refuses a change that changes nothing (`ALREADY_SET`). */
async function turnOn(core: JmCore, convId: string, want: number): Promise<void> {
  await convsOf(core.client).update([convId], { receiveOpt: want }, { failIfUnchanged: true });
}

/** Back to `notify` from `have`; any other current state fails with `never`. */
async function turnOff(core: JmCore, convId: string, have: number, never: JmErrorCode): Promise<void> {
  const api = convsOf(core.client);
  const { settings } = await api.getSettings({ convIds: [convId] });
  if ((settings[0]?.receiveOpt ?? ReceiveOpt.NOTIFY) !== have) throw new JmError(never);
  await api.update([convId], { receiveOpt: ReceiveOpt.NOTIFY }, { failIfUnchanged: true });
}

/** The 1:1 conversation of `target_name` (an existing user of this app). */
async function userConv(core: JmCore, p: Params, ctx: RunContext): Promise<string> {
  const target = str(p, 'target_name');
  await requireUser(core, ctx, target, optStr(p, 'appkey'));
  return `c2c:${target}`;
}

/** The group conversation of `gid` (a group the caller is in). */
async function groupConv(core: JmCore, p: Params): Promise<string> {
  const group = await memberGroup(core, str(p, 'gid'));
  return `group:${group.groupId ?? ''}`;
}

/** A receive-option method: its name, how it finds the conversation, and the state it moves to or from. */
function receiveMethod(name: string, conv: (core: JmCore, p: Params, ctx: RunContext) => Promise<string>, state: number, on: boolean, code: JmErrorCode) {
  return (core: JmCore, input: unknown): JmHandle =>
    core.run(
      name,
      input,
      async (p, ctx) => {
        const convId = await conv(core, p, ctx);
        if (on) await turnOn(core, convId, state);
        else await turnOff(core, convId, state, code);
        return {};
      },
      { codes: { ...TARGET_USER_CODES, [ClientCode.ALREADY_SET]: code, [ClientCode.NOT_SET]: code } },
    );
}

/** `addSingleNoDisturb({target_name, appkey?})`: mutes a user; 881101 when already muted. */
export const addSingleNoDisturb = receiveMethod('addSingleNoDisturb', userConv, ReceiveOpt.SILENT, true, 881101);
/** `delSingleNoDisturb({target_name, appkey?})`: unmutes a user; 881102 when not muted. */
export const delSingleNoDisturb = receiveMethod('delSingleNoDisturb', userConv, ReceiveOpt.SILENT, false, 881102);
/** `addGroupNoDisturb({gid})`: mutes a group; 881105 when already muted. */
export const addGroupNoDisturb = receiveMethod('addGroupNoDisturb', groupConv, ReceiveOpt.SILENT, true, 881105);
/** `delGroupNoDisturb({gid})`: unmutes a group; 881106 when not muted. */
export const delGroupNoDisturb = receiveMethod('delGroupNoDisturb', groupConv, ReceiveOpt.SILENT, false, 881106);
/** `addGroupShield({gid})`: the group's messages are no longer delivered; 881203 when already shielded. */
export const addGroupShield = receiveMethod('addGroupShield', groupConv, ReceiveOpt.BLOCK, true, 881203);
/** `delGroupShield({gid})`: lifts the shield; 881204 when not shielded. */
export const delGroupShield = receiveMethod('delGroupShield', groupConv, ReceiveOpt.BLOCK, false, 881204);

/** A global no-disturb method: switches `settings.globalSilent`, failing with `code` when it already is so. */
function globalMethod(name: string, on: boolean, code: JmErrorCode) {
  return (core: JmCore, input: unknown): JmHandle =>
    core.run(
      name,
      input,
      async () => {
        await convsOf(core.client).updateSettings({ globalSilent: on }, { failIfUnchanged: true });
        return {};
      },
      { codes: { [ClientCode.ALREADY_SET]: code, [ClientCode.NOT_SET]: code } },
    );
}

/** `addGlobalNoDisturb()`: global no-disturb on; 881107 when already on. */
export const addGlobalNoDisturb = globalMethod('addGlobalNoDisturb', true, 881107);
/** `delGlobalNoDisturb()`: global no-disturb off; 881108 when already off. */
export const delGlobalNoDisturb = globalMethod('delGlobalNoDisturb', false, 881108);
