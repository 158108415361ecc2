import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parley } from '@parley/protocol';
import { issueToken, maxleapSign } from '../../src/auth/index.js';
import type { AppConfig } from '../../src/config/types.js';
import { nullLogger } from '../../src/log.js';
import { createUser } from '../../src/model/users.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { TEST_APP } from '../helpers/app.js';
import { TestClient } from '../helpers/client.js';

const { GroupRole, GroupType, RoomKind, AllowType, JoinStatus } = parley.v1;

/**
 * The fixture world of the authorization matrix: two tenants on one server, and in tenant A a
 * group, a community with a topic, a live room and a listed room, with users in every role the
 * matrix needs. Every id of tenant A starts with {@link MARK}, so an answer that carries the
 * mark after the known ids are mapped away has leaked something of tenant A.
 */

/** Prefix of every id of tenant A; the ghost world uses {@link GHOST} instead. */
export const MARK = 'zq-';
export const GHOST = 'ghost-';
/** Secrets carry this mark: no answer to anyone but their rightful readers may contain it. */
export const SECRET = `${MARK}secret`;
/** The live room's password: for its managers' eyes only. */
export const ROOM_PASSWORD = `${SECRET}-password`;

/** Tenant A: every vendor credential; MaxLeap signs expire after 10 minutes so that row can be tried. */
export const APP_A: AppConfig = { ...TEST_APP, policy: { ...TEST_APP.policy, maxleapSignatureMaxAgeSec: 600 } };

/** Tenant B: native tokens and a MaxLeap client key, which makes a privileged session (§5.2). */
export const APP_B: AppConfig = {
  id: 'tenant-b',
  native: { apiKey: 'tenant-b-api-key-0123456789', secret: 'tenant-b-native-secret-0123456789abcdef' },
  maxleap: { appId: 'ml-tenant-b-0123456789', keys: { client: 'ml-tenant-b-client-key' } },
};

/** A message of the world, addressed by its server id (the form that needs no viewer). */
export interface MsgRef {
  serverMsgId: string;
  /** `group:<id>` for group messages; C2C ids depend on the viewer, so refs use the server id. */
  convId: string;
  seq: number;
}

/** The ids a request builder may name: tenant A's real ones, or the ghost twins. */
export interface Ids {
  owner: string;
  admin: string;
  member: string;
  muted: string;
  outsider: string;
  kicked: string;
  blocker: string;
  blocked: string;
  applicant: string;
  /** Was in the group and the room, and was removed from the one and left the other. */
  former: string;
  /** The app forbade it to send (`adminForbidType`, set with app privilege). */
  silenced: string;
  /** A standard group: owner, admin, member, muted member; `applicant` has a pending request. */
  group: string;
  /** A group of the owner alone. */
  privateGroup: string;
  /** A community with topics and mute-all on: owner, admin, member, muted (also muted one by one). */
  community: string;
  topic: string;
  /** A live room with a password: owner, admin; member, muted and kicked (banned) entered it. */
  room: string;
  /** A listed (MaxLeap) room whose member list is owner and member. */
  listedRoom: string;
  /** The owner's group message (extensions and read receipts on). */
  groupMsg: MsgRef;
  /** The owner's C2C message to the member (extensions on). */
  c2cMsg: MsgRef;
  /** The applicant's pending join request. */
  application: string;
  /** A file the member uploaded. */
  media: string;
  /** The anonymous guest's id. */
  guestId: string;
  /** The resume token of the owner's live session. */
  ownerResume: string;
  /** The resume token of a Hummer session whose token has expired (and which disconnected). */
  expiredResume: string;
}

/** Who acts in a cell. */
export type Role =
  | 'owner'
  | 'admin'
  | 'member'
  | 'muted'
  | 'outsider'
  | 'kicked'
  | 'blocker'
  | 'blocked'
  | 'applicant'
  | 'former'
  | 'silenced'
  | 'guest'
  /** A privileged session of tenant A (MaxLeap client key under `allowClientKeyAdmin`). */
  | 'appAdmin'
  /** Tenant B: a plain user, and a privileged (MaxLeap client-key) session. */
  | 'bUser'
  | 'bAdmin'
  /** Connections that never sent `conn.hello`, and that sent it for tenant A but never logged in. */
  | 'noHello'
  | 'noLogin';

export interface World {
  server: RunningServer;
  ids: Ids;
  ghost: Ids;
  clients: Record<Role, TestClient>;
  /** Opens a connection that sent `conn.hello` for `appId` (or none) and nothing else. */
  connect(appId?: string): Promise<TestClient>;
  /** Logs a user of tenant A in with a native token on a new connection. */
  login(userId: string, app?: AppConfig): Promise<TestClient>;
  stop(): Promise<void>;
}

/** The ghost twin of every id: same shape, names nothing on this server. */
function ghostOf(ids: Ids): Ids {
  const swap = (value: string) => value.split(MARK).join(GHOST);
  // Server ids are snowflakes: another first digit puts one far from any id of this run.
  const msg = (m: MsgRef): MsgRef => ({ serverMsgId: `${m.serverMsgId.startsWith('9') ? '8' : '9'}${m.serverMsgId.slice(1)}`, convId: swap(m.convId), seq: m.seq });
  return {
    ...(Object.fromEntries(Object.entries(ids).map(([k, v]) => [k, typeof v === 'string' ? swap(v) : v])) as unknown as Ids),
    groupMsg: msg(ids.groupMsg),
    c2cMsg: msg(ids.c2cMsg),
    // Application ids are opaque key parts: the ghost one is well formed and names nothing.
    application: Buffer.from(JSON.stringify([`${GHOST}group`, 0, `${GHOST}applicant`])).toString('base64url'),
    media: `${ids.media.slice(0, -4)}GHST`,
    guestId: `${GHOST}guest`,
    ownerResume: 'R'.repeat(32),
    expiredResume: 'E'.repeat(32),
  };
}

const text = (convId: string, body: string, extra: object = {}) => ({ convId, elements: [{ text: { text: body } }], ...extra });

/** Builds the world; every step must succeed, or the matrix would test nothing. */
export async function buildWorld(): Promise<World> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-authz-'));
  const server = await startServer(
    {
      host: '127.0.0.1',
      port: 0,
      store: 'memory',
      logLevel: 'silent',
      devTenant: false,
      apps: [APP_A, APP_B],
      dataDir,
      // Hundreds of requests go over a handful of connections, and the probes never log in.
      requestsPerSec: 1_000_000,
      requestBurst: 1_000_000,
      loginTimeoutMs: 3_600_000,
      heartbeatMs: 3_600_000,
    },
    { log: nullLogger },
  );
  const opened: TestClient[] = [];
  const connect = async (appId?: string) => {
    const client = await TestClient.connect(server.url);
    opened.push(client);
    if (appId) await client.request('connHello', { app: { appId }, client: { platform: 5 } });
    return client;
  };
  const resumeTokens = new Map<string, string>();
  const login = async (userId: string, app: AppConfig = APP_A) => {
    await createUser(server.context.store, app.id, { userId }, { ifMissing: true });
    const client = await connect(app.id);
    const token = issueToken({ appId: app.id, userId, kind: 'native', ttlSec: 3600 }, app.native.secret).token;
    const result = await client.request('authLogin', { credential: { nativeToken: { userId, token } }, platform: 5 });
    resumeTokens.set(userId, result.resumeToken);
    return client;
  };

  const u = (name: string) => `${MARK}${name}`;
  const names = ['owner', 'admin', 'member', 'muted', 'outsider', 'kicked', 'blocker', 'blocked', 'applicant', 'former', 'silenced'] as const;
  const users = Object.fromEntries(names.map((n) => [n, u(n)])) as Record<(typeof names)[number], string>;

  // A Hummer session whose token runs out a second from now; it disconnects at once, so its
  // resume record outlives the credential (Hummer sessions are not kicked at expiry).
  const hummer = APP_A.hummer;
  if (!hummer) throw new Error('tenant A needs Hummer credentials');
  await createUser(server.context.store, APP_A.id, { userId: u('hummer') }, { ifMissing: true });
  const hummerClient = await connect(APP_A.id);
  const hummerToken = issueToken({ appId: APP_A.id, userId: u('hummer'), kind: 'hummer', ttlSec: 60, nowMs: Date.now() - 59_000 }, hummer.tokenSecret);
  const hummerLogin = await hummerClient.request('authLogin', { credential: { hummerToken: { userId: u('hummer'), token: hummerToken.token } } });
  hummerClient.close();
  await hummerClient.closed;

  const c = {} as Record<Role, TestClient>;
  for (const name of names) c[name] = await login(users[name]);

  const ownerReq = c.owner.request.bind(c.owner);
  const group = u('group');
  await ownerReq('groupCreate', {
    group: { groupId: group, name: `${MARK}group name` },
    members: [{ userId: users.admin, role: GroupRole.GROUP_ROLE_ADMIN }, { userId: users.member }, { userId: users.muted }, { userId: users.former }],
  });
  await ownerReq('groupMuteMember', { groupId: group, userId: users.muted, muteSeconds: 3600 });
  const joined = await c.applicant.request('groupJoin', { groupId: group, applyMessage: 'let me in' });
  if (joined.status !== JoinStatus.JOIN_STATUS_PENDING) throw new Error('the join request should be pending');
  const applications = await ownerReq('groupListApplications', {});
  const application = applications.applications.find((a: parley.v1.IGroupApplication) => a.applicantId === users.applicant)?.id;
  if (!application) throw new Error('the owner should see the join request');

  const privateGroup = u('private');
  await ownerReq('groupCreate', { group: { groupId: privateGroup } });
  const community = `@TGS#_${u('community')}`;
  await ownerReq('groupCreate', {
    group: { groupId: community, type: GroupType.GROUP_TYPE_COMMUNITY, isSupportTopic: true, muteAll: true },
    members: [{ userId: users.admin, role: GroupRole.GROUP_ROLE_ADMIN }, { userId: users.member }, { userId: users.muted }],
  });
  await ownerReq('groupMuteMember', { groupId: community, userId: users.muted, muteSeconds: 3600 });
  const topic = `${community}@TOPIC#_${u('topic')}`;
  await ownerReq('topicCreate', { communityId: community, topic: { groupId: topic, name: `${MARK}topic` } });

  const room = u('room');
  await ownerReq('roomCreate', { room: { roomId: room, adminIds: [users.admin], name: `${MARK}room`, password: ROOM_PASSWORD } });
  for (const who of ['member', 'muted', 'kicked', 'former'] as const) await c[who].request('roomEnter', { room: { roomId: room }, password: ROOM_PASSWORD });
  await c.former.request('roomExit', { room: { roomId: room } });
  await ownerReq('roomMute', { room: { roomId: room }, userIds: [users.muted], secs: 3600 });
  await ownerReq('roomKick', { room: { roomId: room }, userIds: [users.kicked], secs: 3600 });
  // Room counts are pushed coalesced, up to `room.countPushIntervalMs` (1 s) after a change.
  const countsSettled = Date.now() + 1_100;
  const listedRoom = u('listed');
  await ownerReq('roomCreate', { room: { roomId: listedRoom, kind: RoomKind.ROOM_KIND_LISTED, memberIds: [users.owner, users.member] } });

  const sentGroup = await ownerReq('msgSend', text(`group:${group}`, `${SECRET} group text`, { supportsExtensions: true, needReadReceipt: true }));
  const sentC2c = await ownerReq('msgSend', text(`c2c:${users.member}`, `${SECRET} c2c text`, { supportsExtensions: true }));
  // The former member saw the group's first message, then was removed.
  await ownerReq('groupRemoveMembers', { groupId: group, users: [{ userId: users.former }] });

  await c.blocker.request('userUpdateProfile', { patch: { allowType: AllowType.ALLOW_TYPE_ALLOW_ANY }, setFields: ['allowType'] });
  await c.blocker.request('blockAdd', { users: [{ userId: users.blocked }] });

  const ticket = await c.member.request('mediaUploadTicket', { kind: 0, fileName: 'notes.txt', mime: 'text/plain', size: 11 });
  const uploaded = await fetch(server.url + ticket.uploadUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${ticket.token}`, 'content-type': 'application/octet-stream' },
    body: Buffer.from('hello world'),
  });
  if (uploaded.status !== 201) throw new Error(`upload failed: ${uploaded.status}`);
  const media = ((await uploaded.json()) as { mediaId: string }).mediaId;

  c.guest = await connect(APP_A.id);
  const guestLogin = await c.guest.request('authLogin', { credential: { anonymous: {} } });
  c.bUser = await login('b-user', APP_B);
  const bml = APP_B.maxleap?.keys.client ?? '';
  c.bAdmin = await TestClient.connect(server.url);
  opened.push(c.bAdmin);
  await c.bAdmin.request('connHello', { app: { maxleapAppId: APP_B.maxleap?.appId }, proof: { maxleapSign: maxleapSign(bml, Date.now()) } });
  await c.bAdmin.request('authLogin', { credential: { maxleapUser: { userId: 'b-admin' } } });
  const aml = APP_A.maxleap?.keys.client ?? '';
  c.appAdmin = await TestClient.connect(server.url);
  opened.push(c.appAdmin);
  await c.appAdmin.request('connHello', { app: { maxleapAppId: APP_A.maxleap?.appId }, proof: { maxleapSign: maxleapSign(aml, Date.now()) } });
  await c.appAdmin.request('authLogin', { credential: { maxleapUser: { userId: u('app-admin') } } });
  await c.appAdmin.request('userUpdateProfile', { patch: { adminForbidType: 1 }, setFields: ['adminForbidType'] }, { subject: users.silenced });
  c.noHello = await connect();
  c.noLogin = await connect(APP_A.id);

  const ids: Ids = {
    ...users,
    group,
    privateGroup,
    community,
    topic,
    room,
    listedRoom,
    groupMsg: { serverMsgId: sentGroup.serverMsgId, convId: `group:${group}`, seq: Number(sentGroup.seq) },
    c2cMsg: { serverMsgId: sentC2c.serverMsgId, convId: `c2c:${users.member}`, seq: Number(sentC2c.seq) },
    application,
    media,
    guestId: guestLogin.userId,
    ownerResume: resumeTokens.get(users.owner) ?? '',
    expiredResume: hummerLogin.resumeToken,
  };
  // The Hummer token must have run out before the matrix tries to resume with it, and the
  // setup's last pushes must have gone out before the matrix counts pushes.
  const wait = Math.max(Number(hummerToken.expiresAt) + 50, countsSettled) - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  return {
    server,
    ids,
    ghost: ghostOf(ids),
    clients: c,
    connect,
    login,
    async stop() {
      for (const client of opened) client.terminate();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
