import {
  expectBoolean,
  expectEnum,
  expectInteger,
  expectNumber,
  expectObject,
  expectString,
  rejectUnknownKeys,
  TIMER_MAX_MS,
} from './check.js';
import { CREDENTIAL_KINDS, type Policy } from './types.js';

/**
 * The policies of an app that overrides nothing. They are vendor-neutral (CAPABILITIES.md §5.1
 * lists each vendor's own values): one web instance per user is TIM's default, but a user
 * with several tabs open is ordinary for a web product, so five are allowed; other platforms
 * keep one session each.
 */
export const DEFAULT_POLICY: Policy = Object.freeze({
  multiLogin: 'kickSamePlatform',
  webInstances: 5,
  maxPerPlatform: 1,
  resumeGraceMs: 60_000,
  implicitUserCreation: true,
  jmessageSignatureWindowSec: 600,
  jmessageEnforceRandomStrLength: false,
  hummerWillExpireLeadSec: 60,
  openimTokenTtlSec: 604_800,
  nativeTokenTtlSec: 86_400,
  maxleapSignatureMaxAgeSec: 0,
  revokeWindowSec: 120,
  revokeBy: 'sender',
  maxTextBytes: 12_000,
  maxBodyBytes: 65_536,
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
  credentialKinds: [...CREDENTIAL_KINDS],
  maxDevices: 0,
  maxTerminalTypes: 0,
  maxTextBytesGroup: 12_000,
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
  groupMaxMembersMeeting: 10_000,
  groupMaxMembersCommunity: 100_000,
  groupQuotaPerUser: 0,
  groupNameMaxBytes: 128,
  groupIntroMaxBytes: 1024,
  groupNotificationMaxBytes: 1024,
  groupOwnerQuit: 'forbid',
  groupIdFormat: 'random',
  roomHistoryLive: 'none',
  roomHistoryListed: 'none',
  roomEvictAfterMs: 60_000,
  roomMaxUsers: 100_000,
  roomCountPushIntervalMs: 1000,
  roomPresencePushIntervalMs: 0,
  roomTipsEnabled: false,
  attrMaxKeys: 16,
  attrMaxKeyBytes: 32,
  attrMaxValueBytes: 4096,
  attrMaxTotalBytes: 16_384,
  mediaMaxImageBytes: 20 * 1024 * 1024,
  mediaMaxAudioBytes: 20 * 1024 * 1024,
  mediaMaxVideoBytes: 100 * 1024 * 1024,
  mediaMaxFileBytes: 100 * 1024 * 1024,
  mediaUrlTtlSec: 3600,
  corsOrigins: [],
  adminCorsOrigins: [],
});

/** Ten years: longer token lifetimes are a mistake, and `now + ttl` stays a safe integer. */
const MAX_TTL_SEC = 315_360_000;
const DAY_SEC = 86_400;

type Check<K extends keyof Policy> = (value: unknown, where: string) => Policy[K];

const int =
  (min: number, max: number) =>
  (value: unknown, where: string): number =>
    expectInteger(value, where, min, max);

/**
 * One check per key. The ranges reject values that cannot work (a zero session limit, a
 * timer past `setTimeout`'s range) rather than values that are merely unusual.
 */
const CHECKS: { [K in keyof Policy]: Check<K> } = {
  multiLogin: (v, w) => expectEnum(v, w, ['kickSamePlatform', 'kickAll', 'unlimited'] as const),
  webInstances: int(1, 1000),
  maxPerPlatform: int(1, 1000),
  resumeGraceMs: int(0, TIMER_MAX_MS),
  implicitUserCreation: expectBoolean,
  jmessageSignatureWindowSec: int(1, DAY_SEC),
  jmessageEnforceRandomStrLength: expectBoolean,
  hummerWillExpireLeadSec: int(0, DAY_SEC),
  openimTokenTtlSec: int(1, MAX_TTL_SEC),
  nativeTokenTtlSec: int(1, MAX_TTL_SEC),
  maxleapSignatureMaxAgeSec: int(0, MAX_TTL_SEC),
  revokeWindowSec: int(0, MAX_TTL_SEC),
  revokeBy: (v, w) => expectEnum(v, w, ['sender', 'senderOrAdmin'] as const),
  maxTextBytes: int(1, 16 * 1024 * 1024),
  maxBodyBytes: int(1, 16 * 1024 * 1024),
  maxElements: int(1, 1000),
  // Fractional rates are meaningful (0.5 = one send every two seconds); 0 turns the limit off.
  sendRatePerSec: (v, w) => expectNumber(v, w, 0, 1_000_000),
  connRequestsPerSec: (v, w) => expectNumber(v, w, 0, 1_000_000),
  connRequestBurst: int(0, 1_000_000),
  userRequestsPerSec: (v, w) => expectNumber(v, w, 0, 1_000_000),
  userRequestBurst: int(0, 1_000_000),
  deleteClearsHistory: expectBoolean,
  tipsCountUnread: expectBoolean,
  groupMaxMembers: int(1, 10_000_000),
  receiptReadSeqImplies: expectBoolean,
  changeRetentionDays: int(0, 36_500),
  credentialKinds: (v, w) => expectList(v, w, (item, at) => expectEnum(item, at, CREDENTIAL_KINDS)),
  maxDevices: int(0, 1000),
  maxTerminalTypes: int(0, 1000),
  maxTextBytesGroup: int(1, 16 * 1024 * 1024),
  revokeDeniedKinds: (v, w) => expectList(v, w, (item, at) => expectString(item, at)),
  msgRetentionDays: int(0, 36_500),
  sensitiveWords: (v, w) => expectList(v, w, (item, at) => expectString(item, at)),
  beforeSendWebhook: expectUrlOrEmpty,
  afterSendWebhook: expectUrlOrEmpty,
  convListMax: int(0, 1_000_000),
  convExpiryDays: int(0, 36_500),
  crossAppEnabled: expectBoolean,
  syncRoamingDepth: int(0, 1000),
  syncPrefetchPerConv: int(0, 1000),
  syncEmptySyncEvent: expectBoolean,
  offlineReplay: (v, w) => expectEnum(v, w, ['sync', 'events'] as const),
  allowClientKeyAdmin: expectBoolean,
  restRequiresSession: expectBoolean,
  friendDefaultAllowType: (v, w) => expectEnum(v, w, ['allowAny', 'needConfirm', 'denyAny'] as const),
  blockEnforceOnSend: expectBoolean,
  chatFriendOnly: expectBoolean,
  presenceFriendBroadcast: expectBoolean,
  groupMaxMembersWork: int(1, 10_000_000),
  groupMaxMembersPublic: int(1, 10_000_000),
  groupMaxMembersMeeting: int(1, 10_000_000),
  groupMaxMembersCommunity: int(1, 10_000_000),
  groupQuotaPerUser: int(0, 10_000_000),
  groupNameMaxBytes: int(1, 65_536),
  groupIntroMaxBytes: int(1, 65_536),
  groupNotificationMaxBytes: int(1, 65_536),
  groupOwnerQuit: (v, w) => expectEnum(v, w, ['dissolve', 'transferToOldestAdmin', 'forbid'] as const),
  groupIdFormat: (v, w) => expectEnum(v, w, ['random', 'tim', 'numeric'] as const),
  roomHistoryLive: expectHistoryPolicy,
  roomHistoryListed: expectHistoryPolicy,
  roomEvictAfterMs: int(0, TIMER_MAX_MS),
  roomMaxUsers: int(0, 100_000_000),
  roomCountPushIntervalMs: int(0, TIMER_MAX_MS),
  roomPresencePushIntervalMs: int(0, TIMER_MAX_MS),
  roomTipsEnabled: expectBoolean,
  attrMaxKeys: int(1, 10_000),
  attrMaxKeyBytes: int(1, 1024),
  attrMaxValueBytes: int(1, 1024 * 1024),
  attrMaxTotalBytes: int(1, 16 * 1024 * 1024),
  mediaMaxImageBytes: int(1, 2 ** 40),
  mediaMaxAudioBytes: int(1, 2 ** 40),
  mediaMaxVideoBytes: int(1, 2 ** 40),
  mediaMaxFileBytes: int(1, 2 ** 40),
  mediaUrlTtlSec: int(0, MAX_TTL_SEC),
  corsOrigins: (v, w) => expectList(v, w, expectCorsOrigin),
  adminCorsOrigins: (v, w) => expectList(v, w, expectCorsOrigin),
};

/** An array whose items each pass `item` (checked with their index in the path). */
function expectList<T>(value: unknown, where: string, item: (value: unknown, where: string) => T): T[] {
  if (!Array.isArray(value)) throw new TypeError(`${where}: expected an array, got ${JSON.stringify(value)}`);
  return value.map((v, i) => item(v, `${where}[${i}]`));
}

/** '' (off) or an http(s) URL. */
function expectUrlOrEmpty(value: unknown, where: string): string {
  if (value === '') return '';
  const text = expectString(value, where);
  if (!/^https?:\/\/[^\s]+$/.test(text)) throw new TypeError(`${where}: must be an http(s) URL or "", got ${JSON.stringify(text)}`);
  return text;
}

/**
 * `*` or one serialised origin, as browsers send it in `Origin`: scheme, host and an optional
 * port, lowercase, no path. Anything else could never match, so it is a mistake to report.
 */
function expectCorsOrigin(value: unknown, where: string): string {
  const text = expectString(value, where);
  // Any scheme: hybrid apps send origins such as `capacitor://localhost`.
  if (text === '*' || /^[a-z][a-z0-9+.-]*:\/\/([a-z0-9.-]+|\[[0-9a-f:.]+\])(:[0-9]{1,5})?$/.test(text)) return text;
  throw new TypeError(`${where}: must be "*" or an origin like https://app.example.com (lowercase, no path), got ${JSON.stringify(text)}`);
}

/** `none`, `text:<days>` or `full:<days>` (§5.1 `room.historyPolicy`). */
function expectHistoryPolicy(value: unknown, where: string): string {
  if (typeof value !== 'string' || !/^(none|(text|full):[1-9][0-9]{0,4})$/.test(value)) {
    throw new TypeError(`${where}: must be "none", "text:<days>" or "full:<days>", got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Parses a `room.historyPolicy` value: which entries are kept and for how many days. */
export function parseHistoryPolicy(value: string): { keep: 'none' | 'text' | 'full'; days: number } {
  const [keep, days] = value.split(':');
  return keep === 'text' || keep === 'full' ? { keep, days: Number(days) } : { keep: 'none', days: 0 };
}

const POLICY_KEYS = Object.keys(CHECKS) as (keyof Policy)[];

/**
 * Applies `overrides` to {@link DEFAULT_POLICY} after checking every key.
 *
 * Keys whose value is `undefined` count as absent (a caller building overrides conditionally
 * need not delete them).
 *
 * @param overrides - An app's `policy` (for example straight from a JSON config file).
 * @param where - The path used in error messages. @default 'policy'
 * @returns A new, complete policy.
 * @throws TypeError for an unknown key or a value of the wrong type; RangeError for a value out
 *   of range, or `maxTextBytes` above `maxBodyBytes` (such a text could never be sent). The
 *   message names the key, for example `policy.webInstances: must be between 1 and 1000, got 0`.
 */
export function resolvePolicy(overrides?: Partial<Policy>, where = 'policy'): Policy {
  const policy: Policy = { ...DEFAULT_POLICY, credentialKinds: [...DEFAULT_POLICY.credentialKinds], revokeDeniedKinds: [...DEFAULT_POLICY.revokeDeniedKinds], sensitiveWords: [], corsOrigins: [], adminCorsOrigins: [] };
  if (overrides === undefined) return policy;
  const input = expectObject(overrides, where);
  rejectUnknownKeys(input, POLICY_KEYS, where);
  const target = policy as Record<keyof Policy, unknown>;
  for (const key of POLICY_KEYS) {
    const value = input[key];
    if (value !== undefined) target[key] = CHECKS[key](value, `${where}.${key}`);
  }
  if (policy.maxTextBytes > policy.maxBodyBytes) {
    throw new RangeError(
      `${where}.maxTextBytes: must not exceed maxBodyBytes (${policy.maxTextBytes} > ${policy.maxBodyBytes})`,
    );
  }
  return policy;
}
