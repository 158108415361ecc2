import { randomBytes } from 'node:crypto';
import { parley } from '@parley/protocol';
import { genUserSig, issueToken, jmessageSignature, maxleapSign, type TokenKind } from '../../src/auth/index.js';
import { ErrorCode } from '../../src/errors.js';
import type { Attempt, Build, OpSpec } from './matrix.js';
import { APP_A, APP_B, type World } from './world.js';

/**
 * The matrix table, part 1: session and accounts (§2.1), users and presence (§2.2, §2.3),
 * friends and the blocklist (§2.4, §2.5), conversations and settings (§2.6).
 */

const { OK, USER_NOT_FOUND, NOT_FOUND, NOT_FRIENDS, PERMISSION_DENIED, BLOCKED_BY_PEER, GROUP_NOT_FOUND, UNAUTHENTICATED } = ErrorCode;
const { CREDENTIAL_EXPIRED, CREDENTIAL_REPLAYED, SIGNATURE_INVALID, NOT_MEMBER, NOT_SUPPORTED, ALREADY_EXISTS } = ErrorCode;
const { RespondAction, Side } = parley.v1;

const required = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`tenant A has no ${what} credentials`);
  return value;
};
const TIM = required(APP_A.tim, 'TIM');
const JM = required(APP_A.jmessage, 'JMessage');
const ML = required(APP_A.maxleap, 'MaxLeap');
const SECRETS: Record<'native' | 'openim' | 'hummer', string> = {
  native: APP_A.native.secret,
  openim: required(APP_A.openim, 'OpenIM').secret,
  hummer: required(APP_A.hummer, 'Hummer').tokenSecret,
};

/** An hour ago: every credential below was issued then with a one-minute lifetime. */
const longAgo = () => Date.now() - 3_600_000;

const expiredToken = (kind: TokenKind & keyof typeof SECRETS, userId: string) => issueToken({ appId: APP_A.id, userId, kind, ttlSec: 60, nowMs: longAgo() }, SECRETS[kind]).token;

/** A fresh connection that sent `conn.hello` for tenant A (each login attempt gets its own). */
const helloA = (w: World) => w.connect(APP_A.id);
/** A fresh connection that sent nothing yet. */
const bare = (w: World) => w.connect();
/** A fresh connection whose hello carries tenant A's MaxLeap sign: an app proof. */
const proofHello = async (w: World) => {
  const client = await bare(w);
  await client.request('connHello', { app: { maxleapAppId: ML.appId }, proof: { maxleapSign: maxleapSign(ML.keys.client ?? '', Date.now()) } });
  return client;
};

function jmProof(timestamp: number) {
  const randomStr = randomBytes(12).toString('hex');
  return { jmessage: { timestamp, randomStr, signature: jmessageSignature(JM.appkey, timestamp, randomStr, JM.masterSecret).toUpperCase() } };
}

/** A JMessage signature used once (on a connection of its own), then replayed. */
function replayedSignature(): Attempt {
  let proof: ReturnType<typeof jmProof> | undefined;
  return {
    code: CREDENTIAL_REPLAYED,
    note: 'a replayed JMessage init signature',
    as: async (w) => {
      proof = jmProof(Date.now());
      await (await bare(w)).request('connHello', { app: { appkey: JM.appkey }, proof });
      return bare(w);
    },
    build: () => ({ app: { appkey: JM.appkey }, proof }),
  };
}

const expiredLogins: Attempt[] = [
  {
    code: CREDENTIAL_EXPIRED,
    note: 'an expired TIM UserSig',
    as: helloA,
    build: (ids) => ({
      credential: { timUsersig: { userId: ids.owner, userSig: genUserSig({ sdkAppId: TIM.sdkAppId, secretKey: TIM.secretKey, userId: ids.owner, expireSec: 60, nowMs: longAgo() }) } },
    }),
  },
  ...(['native', 'openim', 'hummer'] as const).map(
    (kind): Attempt => ({
      code: CREDENTIAL_EXPIRED,
      note: `an expired ${kind} token`,
      as: helloA,
      build: (ids) => ({ credential: { [`${kind}Token`]: { userId: ids.owner, token: expiredToken(kind, ids.owner) } } }),
    }),
  ),
];

/** A native token of tenant A presented to tenant B, and its ghost: a token of no tenant. */
const foreignToken = (userId: string) => issueToken({ appId: APP_A.id, userId, kind: 'native', ttlSec: 3600 }, userId.startsWith('ghost-') ? 'no-tenant-secret-0123456789' : APP_A.native.secret).token;
const helloB = (w: World) => w.connect(APP_B.id);

/** The other-tenant attempts of an op with one "not found" code (as `foreign` makes them). */
const foreignAttempts = (code: number): Attempt[] => [
  { code, as: 'bAdmin', note: 'privileged session of tenant B' },
  { code, as: 'bUser', note: 'plain user of tenant B' },
];

/** A JMessage cross-app address naming tenant A's appkey, from tenant B. */
const crossApp = (build: Build): Attempt => ({ code: NOT_SUPPORTED, as: 'bUser', note: "tenant A's user by its JMessage appkey", build });

export const SESSION_OPS = {
  connHello: {
    access: 'public',
    build: () => ({ app: { appId: APP_A.id } }),
    cells: {
      noHello: { na: 'it is the hello' },
      otherTenant: {
        code: SIGNATURE_INVALID,
        as: bare,
        note: "tenant B's MaxLeap key presented for tenant A",
        build: () => ({ app: { appId: APP_A.id, maxleapAppId: APP_B.maxleap?.appId }, proof: { maxleapSign: maxleapSign(APP_B.maxleap?.keys.client ?? '', Date.now()) } }),
      },
      expired: [
        { code: CREDENTIAL_EXPIRED, note: 'a JMessage init signature outside its window', as: bare, build: () => ({ app: { appkey: JM.appkey }, proof: jmProof(Date.now() - 1_200_000) }) },
        replayedSignature(),
        {
          code: CREDENTIAL_EXPIRED,
          note: 'an expired JMessage proof ticket',
          as: bare,
          build: () => ({ app: { appkey: JM.appkey }, proof: { ticket: issueToken({ appId: APP_A.id, userId: 'jmessage', kind: 'proof', ttlSec: 60, nowMs: longAgo() }, JM.masterSecret).token } }),
        },
        { code: CREDENTIAL_EXPIRED, note: 'a MaxLeap sign older than its maximum age', as: bare, build: () => ({ app: { maxleapAppId: ML.appId }, proof: { maxleapSign: maxleapSign(ML.keys.client ?? '', Date.now() - 1_200_000) } }) },
      ],
    },
  },
  authLogin: {
    access: 'public',
    build: (ids) => ({ credential: { nativeToken: { userId: ids.outsider, token: foreignToken(ids.outsider) } } }),
    cells: {
      otherTenant: { code: SIGNATURE_INVALID, as: helloB, note: "tenant A's token presented to tenant B" },
      expired: expiredLogins,
    },
  },
  authLogout: { access: 'self', guest: true, build: () => ({}) },
  authRefresh: {
    access: 'self',
    guest: true,
    build: (ids) => ({ credential: { nativeToken: { userId: ids.member, token: foreignToken(ids.member) } } }),
    cells: {
      otherTenant: { code: SIGNATURE_INVALID, as: 'bUser', note: "tenant A's token presented to tenant B" },
      expired: { code: CREDENTIAL_EXPIRED, as: 'member', note: 'an expired native token', build: (ids) => ({ credential: { nativeToken: { userId: ids.member, token: expiredToken('native', ids.member) } } }) },
      subject: [
        { code: PERMISSION_DENIED, subject: (ids) => ids.owner },
        { code: PERMISSION_DENIED, as: 'member', note: 'a valid credential of another user', build: (ids) => ({ credential: { nativeToken: { userId: ids.owner, token: foreignToken(ids.owner) } } }) },
      ],
    },
  },
  authResume: {
    access: 'public',
    build: (ids) => ({ resumeToken: ids.ownerResume }),
    cells: {
      otherTenant: { code: UNAUTHENTICATED, as: helloB, note: "a resume token of tenant A presented to tenant B" },
      expired: { code: CREDENTIAL_EXPIRED, as: helloA, note: 'a session whose Hummer token expired', build: (ids) => ({ resumeToken: ids.expiredResume }) },
    },
  },
  connPing: { access: 'open', guest: true, build: () => ({}) },
  accountRegister: {
    access: 'public',
    build: () => ({ username: `reg_${randomBytes(4).toString('hex')}`, password: 'secret-1' }),
    cells: {
      noLogin: { code: PERMISSION_DENIED, note: 'a hello without an app proof' },
      // Registering a taken user id would let the registrant log in to that account by password.
      subject: { code: ALREADY_EXISTS, as: proofHello, note: "registering an existing user's id", build: (ids) => ({ username: ids.owner, password: 'secret-1' }) },
    },
  },
  accountChangePassword: { access: 'self', build: () => ({ oldPassword: 'a', newPassword: 'b' }) },

  userGetProfiles: {
    access: 'user',
    guest: true,
    build: (ids) => ({ users: [{ userId: ids.owner }] }),
    cells: { otherTenant: [...foreignAttempts(USER_NOT_FOUND), crossApp((ids) => ({ users: [{ userId: ids.owner, appKey: JM.appkey }] }))] },
  },
  userUpdateProfile: {
    access: 'self',
    build: () => ({ patch: { nickname: 'nick' }, setFields: ['nickname'] }),
    cells: { lacksRole: { code: PERMISSION_DENIED, as: 'silenced', note: 'lifting its own send ban, which only the app sets', build: () => ({ patch: { adminForbidType: 0 }, setFields: ['adminForbidType'] }) } },
  },
  userGetSummary: { access: 'privileged', build: (ids) => ({ userId: ids.owner }), foreign: { admin: USER_NOT_FOUND, user: PERMISSION_DENIED } },
  userSearch: { access: 'self', build: () => ({ limit: 50 }), foreign: OK },
  presenceQuery: { access: 'user', guest: true, build: (ids) => ({ userIds: [ids.owner] }), foreign: OK },
  presenceSubscribe: { access: 'user', build: (ids) => ({ userIds: [ids.owner] }), foreign: USER_NOT_FOUND },
  presenceUnsubscribe: { access: 'self', build: (ids) => ({ userIds: [ids.owner] }) },
  presenceSetCustomStatus: { access: 'self', build: () => ({ customStatus: 'busy' }) },

  friendList: { access: 'self', build: () => ({ withProfile: true }) },
  friendGet: { access: 'user', build: (ids) => ({ userIds: [ids.owner] }), foreign: OK },
  friendCheck: { access: 'user', build: (ids) => ({ userIds: [ids.owner] }), foreign: OK },
  friendRequest: {
    access: 'user',
    build: (ids) => ({ to: { userId: ids.owner }, wording: 'hello' }),
    cells: {
      otherTenant: [...foreignAttempts(USER_NOT_FOUND), crossApp((ids) => ({ to: { userId: ids.owner, appKey: JM.appkey }, wording: 'hello' }))],
      blocked: { code: BLOCKED_BY_PEER, build: (ids) => ({ to: { userId: ids.blocker }, wording: 'hello' }) },
    },
  },
  friendRespond: { access: 'user', build: (ids) => ({ applicantId: ids.owner, action: RespondAction.RESPOND_ACTION_ACCEPT }), foreign: NOT_FOUND },
  friendListRequests: { access: 'self', build: () => ({}) },
  friendDeleteRequest: { access: 'user', build: (ids) => ({ userId: ids.owner, side: Side.SIDE_OUT }), foreign: NOT_FOUND },
  friendMarkRequestsRead: { access: 'self', build: () => ({}) },
  friendAddDirect: {
    access: 'user',
    build: (ids) => ({ friendId: ids.owner }),
    foreign: USER_NOT_FOUND,
    cells: {
      lacksRole: { code: PERMISSION_DENIED, as: 'member', note: 'without the consent of a user who confirms requests, nor app privilege' },
      blocked: { code: BLOCKED_BY_PEER, build: (ids) => ({ friendId: ids.blocker }), note: 'a blocker who accepts anyone' },
    },
  },
  friendDelete: { access: 'user', build: (ids) => ({ users: [{ userId: ids.owner }] }), foreign: OK },
  friendUpdate: { access: 'user', build: (ids) => ({ userId: ids.owner, remark: 'r', setFields: ['remark'] }), foreign: NOT_FRIENDS },
  friendGroupList: { access: 'self', build: () => ({}) },
  friendGroupCreate: { access: 'self', build: () => ({ name: 'fg' }) },
  friendGroupDelete: { access: 'self', build: () => ({ name: 'fg' }) },
  friendGroupRename: { access: 'self', build: () => ({ name: 'fg', newName: 'fg2' }) },
  friendGroupAddUsers: { access: 'self', build: (ids) => ({ name: 'fg', userIds: [ids.owner] }) },
  friendGroupRemoveUsers: { access: 'self', build: (ids) => ({ name: 'fg', userIds: [ids.owner] }) },
  blockList: { access: 'self', build: () => ({}) },
  blockAdd: { access: 'user', build: (ids) => ({ users: [{ userId: ids.owner }] }), foreign: OK },
  blockRemove: { access: 'user', build: (ids) => ({ users: [{ userId: ids.owner }] }), foreign: OK },

  convList: { access: 'self', build: () => ({}) },
  convGet: {
    access: 'member',
    build: (ids) => ({ convIds: [`group:${ids.group}`], createIfMissing: true }),
    foreign: GROUP_NOT_FOUND,
    cells: {
      nonMember: [
        { code: NOT_MEMBER, note: 'no row is made for a stranger' },
        { code: OK, as: 'former', note: 'a removed member still reads its own row' },
        { code: NOT_MEMBER, as: 'member', note: 'a new C2C row and a group it is not in, at once', build: (ids) => ({ convIds: [`c2c:${ids.outsider}`, `group:${ids.privateGroup}`], createIfMissing: true }) },
      ],
    },
  },
  convDelete: { access: 'self', build: (ids) => ({ convIds: [`group:${ids.group}`] }) },
  convUpdate: {
    access: 'member',
    build: (ids) => ({ convIds: [`group:${ids.group}`], patch: { pinned: true } }),
    foreign: GROUP_NOT_FOUND,
    cells: {
      nonMember: [
        { code: NOT_MEMBER, note: 'pinning a group it is not in' },
        { code: NOT_MEMBER, as: 'member', note: 'its group and a group it is not in, at once', build: (ids) => ({ convIds: [`group:${ids.group}`, `group:${ids.privateGroup}`], patch: { pinned: true } }) },
      ],
    },
  },
  convGetSettings: { access: 'self', build: (ids) => ({ convIds: [`group:${ids.group}`] }) },
  settingsUpdate: { access: 'self', build: () => ({ globalSilent: true }) },
  convFolderList: { access: 'self', build: () => ({}) },
  convFolderCreate: { access: 'self', build: () => ({ name: 'folder' }) },
  convFolderDelete: { access: 'self', build: () => ({ name: 'folder' }) },
  convFolderRename: { access: 'self', build: () => ({ name: 'folder', newName: 'folder2' }) },
  convFolderAdd: { access: 'self', build: (ids) => ({ name: 'folder', convIds: [`group:${ids.group}`] }) },
  convFolderRemove: { access: 'self', build: (ids) => ({ name: 'folder', convIds: [`group:${ids.group}`] }) },
} satisfies Record<string, OpSpec>;
