import { describe, expect, it } from 'vitest';
import { TimCore } from '../../core.js';
import { TimError } from '../../errors.js';
import { callExperimentalAPI } from './applications.js';
import { initGroupAttributes } from './attrs.js';
import { createGroup, joinGroup } from './lifecycle.js';
import { setGroupMemberRole } from './members.js';

// No login: these are the checks tim-js-sdk makes before any request.
const tim = () => new TimCore({ SDKAppID: 1 }, []);
const codeOf = (run: () => unknown): number | string => {
  try {
    run();
    return 0;
  } catch (error) {
    return error instanceof TimError ? error.code : (error as Error).message;
  }
};

describe('groups area: checks made before any request', () => {
  it('throws the vendor validation error synchronously for missing arguments', () => {
    expect(codeOf(() => createGroup(tim(), { type: 'Public' }))).toBe('Params validate failed.');
    expect(codeOf(() => createGroup(tim(), undefined))).toBe('Params validate failed.');
    expect(codeOf(() => joinGroup(tim(), { groupID: '' }))).toBe('Params validate failed.');
    expect(codeOf(() => setGroupMemberRole(tim(), { groupID: 'g' }))).toBe('Params validate failed.');
    expect(codeOf(() => initGroupAttributes(tim(), { groupID: 'g', groupAttributes: { k: 1 } }))).toBe('Params validate failed.');
  });

  it('refuses unknown group types (2600), community ids of other types (2602) and work joins (2601)', () => {
    expect(codeOf(() => createGroup(tim(), { type: 'Secret', name: 'x' }))).toBe(2600);
    expect(codeOf(() => createGroup(tim(), { type: 'Public', name: 'x', groupID: '@TGS#_abc' }))).toBe(2602);
    expect(codeOf(() => joinGroup(tim(), { groupID: 'g', type: 'Private' }))).toBe(2601);
    // A valid call gets as far as needing a login.
    expect(codeOf(() => createGroup(tim(), { name: 'x' }))).toBe(2024);
  });

  it('attributes need an AVChatRoom the instance is in (2642 when not in one)', () => {
    expect(codeOf(() => initGroupAttributes(tim(), { groupID: 'g', groupAttributes: { k: 'v' } }))).toBe(2642);
    const known = tim();
    known.groupTypes.set('g', 'Public');
    expect(codeOf(() => initGroupAttributes(known, { groupID: 'g', groupAttributes: { k: 'v' } }))).toBe(2641);
  });

  it('callExperimentalAPI answers the runtime names and refuses TRTC ones with 2905', async () => {
    expect(await callExperimentalAPI(tim(), 'isCommercialAbilityEnabled')).toBe(true);
    expect(await callExperimentalAPI(tim(), 'isIntl')).toBe(false);
    expect(typeof (await callExperimentalAPI(tim(), 'getPollingTimerID'))).toBe('number');
    expect(codeOf(() => callExperimentalAPI(tim(), 'sendComboMessage', {}))).toBe(2905);
    expect(codeOf(() => callExperimentalAPI(tim(), 'sendTRTCCustomData', {}))).toBe(2905);
    expect(codeOf(() => callExperimentalAPI(tim(), 'noSuchThing'))).toBe(2905);
  });
});
