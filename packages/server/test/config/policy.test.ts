import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, parseHistoryPolicy, resolvePolicy } from '../../src/config/policy.js';
import type { Policy } from '../../src/config/types.js';

describe('DEFAULT_POLICY', () => {
  it('has the documented vendor-neutral values', () => {
    expect(DEFAULT_POLICY).toEqual({
      multiLogin: 'kickSamePlatform',
      webInstances: 5,
      maxPerPlatform: 1,
      resumeGraceMs: 60000,
      implicitUserCreation: true,
      jmessageSignatureWindowSec: 600,
      jmessageEnforceRandomStrLength: false,
      hummerWillExpireLeadSec: 60,
      openimTokenTtlSec: 604800,
      nativeTokenTtlSec: 86400,
      maxleapSignatureMaxAgeSec: 0,
      revokeWindowSec: 120,
      revokeBy: 'sender',
      maxTextBytes: 12000,
      maxBodyBytes: 65536,
      maxElements: 20,
      sendRatePerSec: 0,
      connRequestsPerSec: 0,
      connRequestBurst: 0,
      userRequestsPerSec: 0,
      userRequestBurst: 0,
      deleteClearsHistory: true,
      tipsCountUnread: false,
      groupMaxMembers: 2000,
      receiptReadSeqImplies: true,
      changeRetentionDays: 30,
      credentialKinds: ['native_token', 'tim_usersig', 'openim_token', 'hummer_token', 'password', 'maxleap_user', 'maxleap_passenger', 'maxleap_app', 'anonymous'],
      maxDevices: 0,
      maxTerminalTypes: 0,
      maxTextBytesGroup: 12000,
      revokeDeniedKinds: ['groupTip', 'notice'],
      msgRetentionDays: 0,
      sensitiveWords: [],
      beforeSendWebhook: '',
      afterSendWebhook: '',
      convListMax: 0,
      convExpiryDays: 0,
      crossAppEnabled: false,
      syncRoamingDepth: 20,
      syncPrefetchPerConv: 20,
      syncEmptySyncEvent: false,
      offlineReplay: 'sync',
      allowClientKeyAdmin: true,
      restRequiresSession: false,
      friendDefaultAllowType: 'needConfirm',
      blockEnforceOnSend: true,
      chatFriendOnly: false,
      presenceFriendBroadcast: false,
      groupMaxMembersWork: 200,
      groupMaxMembersPublic: 2000,
      groupMaxMembersMeeting: 10000,
      groupMaxMembersCommunity: 100000,
      groupQuotaPerUser: 0,
      groupNameMaxBytes: 128,
      groupIntroMaxBytes: 1024,
      groupNotificationMaxBytes: 1024,
      groupOwnerQuit: 'forbid',
      groupIdFormat: 'random',
      roomHistoryLive: 'none',
      roomHistoryListed: 'none',
      roomEvictAfterMs: 60000,
      roomMaxUsers: 100000,
      roomCountPushIntervalMs: 1000,
      roomPresencePushIntervalMs: 0,
      roomTipsEnabled: false,
      attrMaxKeys: 16,
      attrMaxKeyBytes: 32,
      attrMaxValueBytes: 4096,
      attrMaxTotalBytes: 16384,
      mediaMaxImageBytes: 20971520,
      mediaMaxAudioBytes: 20971520,
      mediaMaxVideoBytes: 104857600,
      mediaMaxFileBytes: 104857600,
      mediaUrlTtlSec: 3600,
      corsOrigins: [],
      adminCorsOrigins: [],
    } satisfies Policy);
  });

  it('checks lists and URLs', () => {
    expect(resolvePolicy({ credentialKinds: ['tim_usersig'] }).credentialKinds).toEqual(['tim_usersig']);
    expect(() => resolvePolicy({ credentialKinds: ['magic'] as never })).toThrow(/policy.credentialKinds\[0\]/);
    expect(() => resolvePolicy({ sensitiveWords: 'bad' as never })).toThrow(/policy.sensitiveWords: expected an array/);
    expect(resolvePolicy({ beforeSendWebhook: 'https://app.example/hook' }).beforeSendWebhook).toBe('https://app.example/hook');
    expect(() => resolvePolicy({ beforeSendWebhook: 'ftp://x' })).toThrow(/policy.beforeSendWebhook/);
    // Resolved policies never share arrays with the defaults.
    const a = resolvePolicy();
    a.credentialKinds.pop();
    expect(DEFAULT_POLICY.credentialKinds).toHaveLength(9);
  });

  it('checks room history policies', () => {
    expect(resolvePolicy({ roomHistoryLive: 'text:7' }).roomHistoryLive).toBe('text:7');
    expect(() => resolvePolicy({ roomHistoryLive: 'text:0' })).toThrow(/policy.roomHistoryLive/);
    expect(() => resolvePolicy({ roomHistoryLive: 'forever' })).toThrow(/policy.roomHistoryLive/);
    expect(parseHistoryPolicy('full:30')).toEqual({ keep: 'full', days: 30 });
    expect(parseHistoryPolicy('none')).toEqual({ keep: 'none', days: 0 });
  });

  it('cannot be modified by accident', () => {
    expect(Object.isFrozen(DEFAULT_POLICY)).toBe(true);
  });
});

describe('resolvePolicy', () => {
  it('returns a fresh copy of the defaults without overrides', () => {
    const policy = resolvePolicy();
    expect(policy).toEqual(DEFAULT_POLICY);
    expect(policy).not.toBe(DEFAULT_POLICY);
    policy.webInstances = 99;
    expect(DEFAULT_POLICY.webInstances).toBe(5);
  });

  it('applies valid overrides and keeps the other defaults', () => {
    const policy = resolvePolicy({ webInstances: 10, multiLogin: 'unlimited', sendRatePerSec: 0.5, revokeBy: 'senderOrAdmin' });
    expect(policy).toMatchObject({ webInstances: 10, multiLogin: 'unlimited', sendRatePerSec: 0.5, revokeBy: 'senderOrAdmin' });
    expect(policy.maxPerPlatform).toBe(1);
  });

  it('treats undefined values as absent', () => {
    expect(resolvePolicy({ webInstances: undefined } as unknown as Partial<Policy>).webInstances).toBe(5);
  });

  it.each([
    [{ webInstance: 3 }, /policy\.webInstance: unknown key/],
    [{ webInstances: '3' }, /policy\.webInstances: expected an integer/],
    [{ webInstances: 0 }, /policy\.webInstances: must be between 1 and 1000, got 0/],
    [{ webInstances: 1.5 }, /policy\.webInstances: expected an integer/],
    [{ multiLogin: 'kickOthers' }, /policy\.multiLogin: must be one of kickSamePlatform, kickAll, unlimited/],
    [{ implicitUserCreation: 'yes' }, /policy\.implicitUserCreation: expected true or false/],
    [{ sendRatePerSec: -1 }, /policy\.sendRatePerSec: must be between 0/],
    [{ resumeGraceMs: 2 ** 31 }, /policy\.resumeGraceMs: must be between 0 and 2147483647/],
    [{ maxTextBytes: 70000 }, /policy\.maxTextBytes: must not exceed maxBodyBytes/],
  ])('refuses %j', (overrides, message) => {
    expect(() => resolvePolicy(overrides as Partial<Policy>)).toThrow(message);
  });

  it('refuses a non-object and names the caller-given path', () => {
    expect(() => resolvePolicy([] as unknown as Partial<Policy>)).toThrow(/policy: expected an object/);
    expect(() => resolvePolicy({ revokeBy: 'admin' } as unknown as Partial<Policy>, 'apps[2].policy')).toThrow(
      /^apps\[2\]\.policy\.revokeBy:/,
    );
  });

  it('throws TypeError for wrong types and RangeError for bad values', () => {
    expect(() => resolvePolicy({ maxElements: 'x' } as unknown as Partial<Policy>)).toThrow(TypeError);
    expect(() => resolvePolicy({ maxElements: 0 })).toThrow(RangeError);
  });
});
