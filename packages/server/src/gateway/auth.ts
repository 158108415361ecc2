import { randomBytes, randomUUID } from 'node:crypto';
import { PROTOCOL_MINOR, parley } from '@parley/protocol';
import {
  hashPassword,
  issueToken,
  jmessageNonceKey,
  verifyJmessageSignature,
  verifyMaxleapSign,
  verifyPassword,
  verifyToken,
  verifyUserSig,
} from '../auth/index.js';
import { userTopic } from '../bus/types.js';
import type { DirectorySession } from '../cluster/directory.js';
import type { Policy } from '../config/types.js';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import { changeHead } from '../model/changes.js';
import type { AppRuntime } from '../model/context.js';
import { fromJson, K, toJson, type UserRecord } from '../model/schema.js';
import { transact } from '../model/tx.js';
import { createUser, findUserByUsername, getUser, setPasswordHash, useNonce } from '../model/users.js';
import { Close, type Connection } from './connection.js';
import type { ServerContext } from './context.js';
import { type KickCandidate, kickConnection, type Session, sessionsToKick } from './sessions.js';

const { KickReason, UserKind, UserState, Platform } = parley.v1;

/** The principal of a MaxLeap instance with no identity (the app itself); it acts through `subject`. */
const MAXLEAP_APP_USER = '__maxleap_app__';

/** How long a proof ticket (`HelloResult.proof_ticket`) stands in for the JMessage init signature. */
const PROOF_TICKET_TTL_SEC = 24 * 3600;

/** A credential that checked out: who it names and until when. */
interface Verified {
  userId: string;
  kind: string;
  expiresAt: number;
  /** The user may be created by this login (§5.1 `auth.implicitUserCreation`, M mode 1, guests). */
  create?: { kind: number };
  /** Already loaded (password logins). */
  user?: UserRecord;
}

/** The stored resume record (survives restarts, so a resume works on a restarted node). */
interface ResumeRecord {
  sessionId: string;
  userId: string;
  platform: number;
  deviceId: string;
  shim: number;
  credentialKind: string;
  credentialExpiresAt: number;
  /** Set when the connection dropped; the grace period runs from here. 0 = connected. */
  disconnectedAt: number;
  /** Live rooms the session is in (kept by the room hub), for a resume on another node. */
  rooms?: string[];
}

/**
 * The policies clients apply or check locally (PROTOCOL.md: `HelloResult.policy`, values are
 * JSON), by their config names. Webhook URLs and word lists stay on the server.
 */
const CLIENT_POLICY_KEYS = [
  'multiLogin',
  'webInstances',
  'resumeGraceMs',
  'revokeWindowSec',
  'revokeBy',
  'maxTextBytes',
  'maxTextBytesGroup',
  'maxBodyBytes',
  'maxElements',
  'deleteClearsHistory',
  'receiptReadSeqImplies',
  'tipsCountUnread',
  'friendDefaultAllowType',
  'roomEvictAfterMs',
  'attrMaxKeys',
  'attrMaxKeyBytes',
  'attrMaxValueBytes',
  'attrMaxTotalBytes',
  'mediaMaxImageBytes',
  'mediaMaxAudioBytes',
  'mediaMaxVideoBytes',
  'mediaMaxFileBytes',
  'syncRoamingDepth',
  'syncPrefetchPerConv',
  'syncEmptySyncEvent',
  'offlineReplay',
  'crossAppEnabled',
] as const satisfies readonly (keyof Policy)[];

function policySnapshot(policy: Policy): Record<string, string> {
  return Object.fromEntries(CLIENT_POLICY_KEYS.map((key) => [key, JSON.stringify(policy[key])]));
}

/** `conn.hello`: which app, its app-level proof, and the client's description. */
export async function hello(server: ServerContext, conn: Connection, req: parley.v1.ConnHello): Promise<parley.v1.IHelloResult> {
  if (conn.session) throw new ServerError(ErrorCode.ALREADY_LOGGED_IN, 'already logged in');
  const app = server.tenants.resolve(req.app);
  const now = server.now();
  let proof: 'none' | 'jmessage' | 'maxleap' = 'none';
  let keyType: string | undefined;
  let ticket = '';
  const p = req.proof;
  if (p?.jmessage) {
    const jm = app.config.jmessage;
    if (!jm) throw new ServerError(ErrorCode.APP_UNKNOWN, 'this app has no JMessage credentials');
    const input = { appkey: jm.appkey, timestamp: p.jmessage.timestamp ?? 0, randomStr: p.jmessage.randomStr ?? '', signature: p.jmessage.signature ?? '' };
    verifyJmessageSignature(input, {
      masterSecret: jm.masterSecret,
      windowSec: app.policy.jmessageSignatureWindowSec,
      enforceRandomStrLength: app.policy.jmessageEnforceRandomStrLength,
      nowMs: now,
    });
    const fresh = await useNonce(server.store, app.id, 'jm', jmessageNonceKey(jm.appkey, input.randomStr), now + app.policy.jmessageSignatureWindowSec * 2000, now);
    if (!fresh) throw new ServerError(ErrorCode.CREDENTIAL_REPLAYED, 'this random_str was used already');
    proof = 'jmessage';
    // The signature is single-use; the ticket proves it again on this client's later connections.
    ticket = issueToken({ appId: app.id, userId: 'jmessage', kind: 'proof', ttlSec: PROOF_TICKET_TTL_SEC, nowMs: now }, jm.masterSecret).token;
  } else if (p?.ticket) {
    const jm = app.config.jmessage;
    if (!jm) throw new ServerError(ErrorCode.APP_UNKNOWN, 'this app has no JMessage credentials');
    const v = verifyToken(p.ticket, jm.masterSecret, { kind: 'proof', appId: app.id, nowMs: now });
    if (v.userId !== 'jmessage') throw new ServerError(ErrorCode.SIGNATURE_INVALID, 'not a JMessage proof ticket');
    proof = 'jmessage';
  } else if (p?.maxleapSign) {
    const ml = app.config.maxleap;
    if (!ml) throw new ServerError(ErrorCode.APP_UNKNOWN, 'this app has no MaxLeap credentials');
    keyType = verifyMaxleapSign(p.maxleapSign, ml.keys, { maxAgeSec: app.policy.maxleapSignatureMaxAgeSec, nowMs: now });
    proof = 'maxleap';
  }
  conn.hello = { app, client: (req.client as parley.v1.ClientInfo | null) ?? new parley.v1.ClientInfo(), proof, ...(keyType && { maxleapKeyType: keyType }) };
  return {
    appId: app.id,
    serverTime: now,
    connId: conn.id,
    heartbeatMs: server.config.heartbeatMs,
    protocolMinor: PROTOCOL_MINOR,
    keyType: keyType ?? '',
    proofTicket: ticket,
    policy: policySnapshot(app.policy),
  };
}

function requireHello(conn: Connection): NonNullable<Connection['hello']> {
  if (!conn.hello) throw new ServerError(ErrorCode.UNAUTHENTICATED, 'send conn.hello first');
  return conn.hello;
}

/** Checks one credential against the app (§1.2). */
async function verifyCredential(server: ServerContext, conn: Connection, app: AppRuntime, credential: parley.v1.Credential | null | undefined): Promise<Verified> {
  const now = server.now();
  const implicit = app.policy.implicitUserCreation ? { create: { kind: UserKind.USER_KIND_USER } } : {};
  const never = Number.MAX_SAFE_INTEGER;
  switch (credential?.kind) {
    case 'timUsersig': {
      const tim = app.config.tim;
      if (!tim) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'this app does not accept TIM UserSig');
      const c = credential.timUsersig as parley.v1.TimUserSig;
      const v = verifyUserSig(c.userSig, { sdkAppId: tim.sdkAppId, secretKey: tim.secretKey, userId: c.userId, nowMs: now });
      return { userId: v.userId, kind: 'tim_usersig', expiresAt: v.expiresAtMs, ...implicit };
    }
    case 'nativeToken':
    case 'openimToken':
    case 'hummerToken': {
      const c = credential[credential.kind] as parley.v1.TokenCredential;
      const kind = credential.kind === 'nativeToken' ? 'native' : credential.kind === 'openimToken' ? 'openim' : 'hummer';
      let secret: string;
      if (kind === 'native') secret = app.config.native.secret;
      else if (kind === 'openim') {
        if (!app.config.openim) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'this app does not accept OpenIM tokens');
        secret = app.config.openim.secret;
      } else {
        const hummer = app.config.hummer;
        if (!hummer) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'this app does not accept Hummer tokens');
        if (hummer.tokenMode === 'appid') {
          // Appid mode: the vendor trusts the uid with no proof.
          if (!c.userId) throw invalidParam('credential.userId', 'required');
          return { userId: c.userId, kind: 'hummer_token', expiresAt: never, create: { kind: UserKind.USER_KIND_USER } };
        }
        secret = hummer.tokenSecret;
      }
      const v = verifyToken(c.token, secret, { kind, appId: app.id, nowMs: now });
      if (c.userId && c.userId !== v.userId) throw new ServerError(ErrorCode.SIGNATURE_INVALID, 'the token belongs to another user');
      // Hummer users appear on first login like TIM's; OpenIM and native users are registered by the app server.
      return { userId: v.userId, kind: `${kind}_token`, expiresAt: v.expiresAt, ...(kind === 'hummer' ? implicit : {}) };
    }
    case 'password': {
      const hello = requireHello(conn);
      if (hello.proof === 'none') throw new ServerError(ErrorCode.PERMISSION_DENIED, 'password logins need an app proof in conn.hello');
      const c = credential.password as parley.v1.PasswordCredential;
      if (!c.username) throw invalidParam('credential.username', 'required');
      const user = await findUserByUsername(server.store, app.id, c.username);
      if (!user?.passwordHash) throw new ServerError(ErrorCode.USER_NOT_FOUND, 'no such user');
      if (!(await verifyPassword(c.password, c.isMd5, user.passwordHash))) throw new ServerError(ErrorCode.BAD_PASSWORD, 'wrong password');
      return { userId: user.userId, kind: 'password', expiresAt: never, user };
    }
    case 'maxleapUser': {
      const hello = requireHello(conn);
      if (hello.proof !== 'maxleap') throw new ServerError(ErrorCode.PERMISSION_DENIED, 'MaxLeap logins need a MaxLeap sign in conn.hello');
      const c = credential.maxleapUser as parley.v1.MaxleapUser;
      if (c.userId) return { userId: c.userId, kind: 'maxleap_user', expiresAt: never, create: { kind: UserKind.USER_KIND_USER } };
      if (c.passenger) {
        const id = c.passenger.id || `passenger_${randomBytes(8).toString('hex')}`;
        return { userId: id, kind: 'maxleap_passenger', expiresAt: never, create: { kind: UserKind.USER_KIND_GUEST } };
      }
      if (c.oauthJson) throw new ServerError(ErrorCode.NOT_SUPPORTED, 'MaxLeap oauth logins are not supported');
      // No identity at all (`ML.im({appId, clientId})`): the app itself, which only acts for the
      // users its REST helpers name (§5.2), so only with app privilege.
      if (!isPrivileged(conn, app)) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'a MaxLeap instance without a user needs app privilege (a master or REST key, or allowClientKeyAdmin)');
      return { userId: MAXLEAP_APP_USER, kind: 'maxleap_app', expiresAt: never, create: { kind: UserKind.USER_KIND_ADMIN } };
    }
    case 'anonymous':
      return { userId: `guest_${randomBytes(8).toString('hex')}`, kind: 'anonymous', expiresAt: never, create: { kind: UserKind.USER_KIND_GUEST } };
    default:
      throw invalidParam('credential', 'exactly one credential is required');
  }
}

/** `auth.login`. */
export async function login(server: ServerContext, conn: Connection, req: parley.v1.AuthLogin): Promise<parley.v1.ILoginResult> {
  if (conn.session) throw new ServerError(ErrorCode.ALREADY_LOGGED_IN, 'already logged in');
  const hello = requireHello(conn);
  const app = hello.app;
  const verified = await verifyCredential(server, conn, app, req.credential);
  if (!(app.policy.credentialKinds as readonly string[]).includes(verified.kind)) {
    throw new ServerError(ErrorCode.PERMISSION_DENIED, `this app does not accept ${verified.kind} logins`, { detail: 'credential' });
  }
  let user = verified.user ?? (await getUser(server.store, app.id, verified.userId));
  if (!user) {
    if (!verified.create) throw new ServerError(ErrorCode.USER_NOT_FOUND, 'no such user; register it through the admin API');
    user = (await createUser(server.store, app.id, { userId: verified.userId, kind: verified.create.kind }, { ifMissing: true, now: server.now() })).user;
  }
  if (user.state !== UserState.USER_STATE_ACTIVE) throw new ServerError(ErrorCode.USER_DISABLED, 'this user is disabled');
  // A guest proof names a guest: it never opens a registered user's account.
  if (verified.create?.kind === UserKind.USER_KIND_GUEST && user.kind !== UserKind.USER_KIND_GUEST) {
    throw new ServerError(ErrorCode.PERMISSION_DENIED, 'this id belongs to a registered user', { detail: 'credential' });
  }
  const platform = req.platform || hello.client.platform || Platform.PLATFORM_WEB;
  const record: ResumeRecord = {
    sessionId: randomUUID(),
    userId: user.userId,
    platform,
    deviceId: req.deviceId || hello.client.deviceId,
    shim: hello.client.shim,
    credentialKind: verified.kind,
    credentialExpiresAt: verified.expiresAt,
    disconnectedAt: 0,
  };
  const resumeToken = randomBytes(24).toString('base64url');
  await transact(server.store, async (tx) => tx.set(K.resume(app.id, resumeToken), toJson(record)));
  return establish(server, conn, app, user, record, resumeToken, false);
}

/** `auth.resume`: restores a session inside the grace period (§4.9). */
export async function resume(server: ServerContext, conn: Connection, req: parley.v1.AuthResume): Promise<parley.v1.ILoginResult> {
  if (conn.session) throw new ServerError(ErrorCode.ALREADY_LOGGED_IN, 'already logged in');
  const app = requireHello(conn).app;
  if (!req.resumeToken || req.resumeToken.length > 100) throw invalidParam('resumeToken', 'required');
  const now = server.now();
  const record = await transact(server.store, async (tx) => {
    const bytes = await tx.get(K.resume(app.id, req.resumeToken));
    if (!bytes) return undefined;
    const r = fromJson<ResumeRecord>(bytes);
    if (r.disconnectedAt > 0 && now - r.disconnectedAt > app.policy.resumeGraceMs) {
      tx.delete(K.resume(app.id, req.resumeToken));
      return undefined;
    }
    if (r.credentialExpiresAt <= now) return r;
    tx.set(K.resume(app.id, req.resumeToken), toJson({ ...r, disconnectedAt: 0 }));
    return r;
  });
  if (!record) throw new ServerError(ErrorCode.UNAUTHENTICATED, 'the session cannot be resumed; log in again');
  if (record.credentialExpiresAt <= now) throw new ServerError(ErrorCode.CREDENTIAL_EXPIRED, 'the credential has expired; refresh it');
  const user = await getUser(server.store, app.id, record.userId);
  if (!user || user.state !== UserState.USER_STATE_ACTIVE) throw new ServerError(ErrorCode.USER_DISABLED, 'this user is disabled');
  // The old socket may not have noticed it is dead yet: this connection takes its place.
  const stale = server.sessions.get(record.sessionId);
  if (stale) {
    server.sessions.remove(stale, 'resumedElsewhere');
    stale.conn.session = undefined;
    stale.conn.close(Close.NORMAL, 'resumed elsewhere', false);
  }
  const result = await establish(server, conn, app, user, record, req.resumeToken, true);
  // Rooms the session was evicted from while away (§4.9; H `ChatRoomUserOffline`), and rooms
  // it was in on a node that no longer holds it (that node died or restarted): it is out of
  // those too, and the client enters them again. Nothing here is forgotten once reported: this
  // answer may die with the link, and the next resume must say it again. A room leaves the
  // list when the session enters it again (or exits it), or when the session ends.
  const held = new Set(server.rooms.roomsOf(record.sessionId));
  const evicted = new Set([...server.rooms.evictedFrom(record.sessionId), ...(record.rooms ?? [])]);
  return { ...result, evictedRoomIds: [...evicted].filter((roomId) => !held.has(roomId)) };
}

/** Binds a session to the connection, applies the multi-login policy, arms credential timers. */
async function establish(
  server: ServerContext,
  conn: Connection,
  app: AppRuntime,
  user: UserRecord,
  record: ResumeRecord,
  resumeToken: string,
  resumed: boolean,
): Promise<parley.v1.ILoginResult> {
  if (conn.closed || conn.session) await refuseSuperseded(server, conn, app.id, record, resumeToken, resumed);
  // A session resumed here may still have its row from the node it left: it is not another.
  const existing = (await sessionsEverywhere(server, app.id, user.userId)).filter((s) => s.local || s.id !== record.sessionId);
  const kicks = sessionsToKick(existing, record.platform, app.policy, record.deviceId);
  const detail = `replaced by a new login (${Platform[record.platform] ?? record.platform})`;
  for (const { session: candidate, reason } of kicks) await kickAnywhere(server, app.id, user.userId, candidate, reason, detail);
  // Checked and bound in one synchronous step: with an await between them, another login on
  // this socket could pass the same check before this one binds.
  if (conn.closed || conn.session) await refuseSuperseded(server, conn, app.id, record, resumeToken, resumed);
  const session: Session = {
    id: record.sessionId,
    app,
    userId: user.userId,
    tinyId: user.tinyId,
    kind: user.kind,
    platform: record.platform,
    deviceId: record.deviceId,
    shim: record.shim,
    credentialKind: record.credentialKind,
    credentialExpiresAt: record.credentialExpiresAt,
    resumeToken,
    createdAt: server.now(),
    privileged: isPrivileged(conn, app),
    conn,
    warnBucket: 0,
    expireBucket: 0,
  };
  conn.session = session;
  server.sessions.add(session, resumed);
  armCredentialTimers(server, session);
  await server.cluster.written(session.id);
  const cursor = await transact(server.store, (tx) => changeHead(tx, app.id, user.userId));
  conn.log.info(resumed ? 'session resumed' : 'logged in', { userId: user.userId, sessionId: session.id, via: record.credentialKind });
  return {
    userId: user.userId,
    tinyId: user.tinyId,
    sessionId: session.id,
    resumeToken,
    credentialExpiresAt: record.credentialExpiresAt === Number.MAX_SAFE_INTEGER ? 0 : record.credentialExpiresAt,
    changeCursor: cursor,
    repeatLogin: existing.length > kicks.length,
    kickedSessionIds: kicks.map((k) => k.session.id),
    kind: user.kind,
  };
}

/**
 * Refuses a login or resume whose socket closed, or that another login on the same socket
 * beat, while it awaited the store: a session bound now would sit in the registry for good,
 * since no close event would ever come to remove it. A fresh login's resume record was never
 * handed out and goes. A resumed one, unless a live session holds it after all, starts its
 * grace period again (the resume had marked it connected, which would never expire).
 *
 * @throws ServerError always: `ALREADY_LOGGED_IN` (another login won) or `UNAVAILABLE` (socket closed).
 */
async function refuseSuperseded(server: ServerContext, conn: Connection, appId: string, record: ResumeRecord, resumeToken: string, resumed: boolean): Promise<never> {
  const key = K.resume(appId, resumeToken);
  if (!resumed) {
    await transact(server.store, async (tx) => tx.delete(key));
  } else if (!server.sessions.get(record.sessionId)) {
    const now = server.now();
    await transact(server.store, async (tx) => {
      const bytes = await tx.get(key);
      if (bytes) tx.set(key, toJson({ ...fromJson<ResumeRecord>(bytes), disconnectedAt: now }));
    });
  }
  if (conn.closed) throw new ServerError(ErrorCode.UNAVAILABLE, 'the connection closed during the login');
  throw new ServerError(ErrorCode.ALREADY_LOGGED_IN, 'already logged in');
}

/**
 * App privilege of a new session (§5.2): a MaxLeap master or REST key always, a client or
 * JavaScript key when the app's `allowClientKeyAdmin` policy says so (the MaxLeap default).
 */
function isPrivileged(conn: Connection, app: AppRuntime): boolean {
  const hello = conn.hello;
  if (hello?.proof !== 'maxleap') return false;
  const key = hello.maxleapKeyType;
  return key === 'master' || key === 'rest' || ((key === 'client' || key === 'javascript') && app.policy.allowClientKeyAdmin);
}

/**
 * The `credential_expiring` warning (refreshable kinds) and the kick at expiry. Hummer tokens
 * are not kicked at expiry: the vendor only refuses them on the next reconnect.
 */
function armCredentialTimers(server: ServerContext, session: Session): void {
  const sessions = server.sessions;
  sessions.cancelDeadlines(session);
  sessions.deadlineHandlers ??= {
    warn: (s) => s.conn.send({ push: { credentialExpiring: { expiresAt: s.credentialExpiresAt } } }),
    expire: (s) => {
      if (sessions.get(s.id) !== s) return;
      void dropResume(server, s);
      sessions.remove(s, 'kicked');
      s.conn.session = undefined;
      kickConnection(s.conn, KickReason.KICK_REASON_CREDENTIAL_EXPIRED, 'the credential has expired');
    },
  };
  const at = session.credentialExpiresAt;
  if (at >= Number.MAX_SAFE_INTEGER) return;
  const refreshable = session.credentialKind === 'hummer_token' || session.credentialKind === 'native_token';
  if (refreshable) session.warnBucket = sessions.warnings.add(at - session.app.policy.hummerWillExpireLeadSec * 1000, session);
  if (session.credentialKind !== 'hummer_token') session.expireBucket = sessions.expiries.add(at, session);
}

/** `auth.refresh`: a new credential of the same kind for the same user; the session stays up. */
export async function refresh(server: ServerContext, conn: Connection, session: Session, req: parley.v1.AuthRefresh): Promise<parley.v1.IRefreshResult> {
  const verified = await verifyCredential(server, conn, session.app, req.credential);
  if (verified.userId !== session.userId) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'the credential names another user');
  if (verified.kind !== session.credentialKind) throw invalidParam('credential', `expected a ${session.credentialKind} credential`);
  session.credentialExpiresAt = verified.expiresAt;
  armCredentialTimers(server, session);
  await transact(server.store, async (tx) => {
    const key = K.resume(session.app.id, session.resumeToken);
    const bytes = await tx.get(key);
    if (bytes) tx.set(key, toJson({ ...fromJson<ResumeRecord>(bytes), credentialExpiresAt: verified.expiresAt }));
  });
  return { credentialExpiresAt: verified.expiresAt };
}

/** `auth.logout`: the session ends and cannot be resumed. The caller closes with 1000. */
export async function logout(server: ServerContext, session: Session): Promise<void> {
  await dropResume(server, session);
  server.sessions.remove(session, 'logout');
  session.conn.session = undefined;
}

/** Called when a logged-in connection drops: the grace period starts. */
export async function disconnected(server: ServerContext, session: Session): Promise<void> {
  server.sessions.remove(session, 'disconnected');
  const key = K.resume(session.app.id, session.resumeToken);
  const now = server.now();
  await transact(server.store, async (tx) => {
    const bytes = await tx.get(key);
    if (bytes) tx.set(key, toJson({ ...fromJson<ResumeRecord>(bytes), disconnectedAt: now }));
  });
}

async function dropResume(server: ServerContext, session: Session): Promise<void> {
  await transact(server.store, async (tx) => tx.delete(K.resume(session.app.id, session.resumeToken)));
}

const USERNAME = /^[A-Za-z0-9_.@-]{4,128}$/;

/** `account.register` (J `register`, M accounts): needs an app proof in `conn.hello`. */
export async function register(server: ServerContext, conn: Connection, req: parley.v1.AccountRegister): Promise<parley.v1.ILoginResult> {
  const hello = requireHello(conn);
  if (hello.proof === 'none') throw new ServerError(ErrorCode.PERMISSION_DENIED, 'registration needs an app proof in conn.hello');
  if (!USERNAME.test(req.username)) throw invalidParam('username', '4–128 characters of letters, digits and _ . @ -');
  const passwordHash = await hashPassword(req.password, req.isMd5);
  const { user } = await createUser(
    server.store,
    hello.app.id,
    { userId: req.username, username: req.username, passwordHash, ...(req.profile?.nickname && { nickname: req.profile.nickname }) },
    { now: server.now() },
  );
  return { userId: user.userId, tinyId: user.tinyId, kind: user.kind };
}

/** `account.changePassword`: kicks the user's other sessions (`password_changed`). */
export async function changePassword(server: ServerContext, session: Session, req: parley.v1.AccountChangePassword): Promise<void> {
  const user = await getUser(server.store, session.app.id, session.userId);
  if (!user?.passwordHash) throw new ServerError(ErrorCode.NOT_SUPPORTED, 'this account has no password');
  if (!(await verifyPassword(req.oldPassword, req.isMd5, user.passwordHash))) throw new ServerError(ErrorCode.BAD_PASSWORD, 'wrong password');
  await setPasswordHash(server.store, session.app.id, session.userId, await hashPassword(req.newPassword, req.isMd5));
  for (const other of await sessionsEverywhere(server, session.app.id, session.userId)) {
    if (other.id === session.id) continue;
    await kickAnywhere(server, session.app.id, session.userId, other, KickReason.KICK_REASON_PASSWORD_CHANGED, 'the password was changed');
  }
}

/** A session a kick may hit: on this node (`local`) or on another one (`remote`). */
interface Candidate extends KickCandidate {
  readonly local?: Session;
  readonly remote?: DirectorySession;
}

/** The user's sessions on this node and on the other live nodes. */
async function sessionsEverywhere(server: ServerContext, appId: string, userId: string): Promise<Candidate[]> {
  const local = server.sessions.ofUser(appId, userId).map((s): Candidate => ({ id: s.id, platform: s.platform, deviceId: s.deviceId, createdAt: s.createdAt, local: s }));
  const remote = (await server.cluster.remoteSessionsOf(appId, userId)).map((s): Candidate => ({ id: s.sessionId, platform: s.platform, deviceId: s.deviceId, createdAt: s.createdAt, remote: s }));
  return [...local, ...remote];
}

/**
 * Ends a session wherever it is: here directly; on another node through the bus (that node
 * closes the connection), with its resume record and directory row removed from here so it
 * cannot come back even if that node is gone.
 */
async function kickAnywhere(server: ServerContext, appId: string, userId: string, candidate: Candidate, reason: number, detail: string): Promise<void> {
  const { local, remote } = candidate;
  if (local) {
    await dropResume(server, local);
    server.sessions.remove(local, 'kicked');
    local.conn.session = undefined;
    kickConnection(local.conn, reason, detail);
    return;
  }
  if (!remote) return;
  await transact(server.store, async (tx) => tx.delete(K.resume(appId, remote.resumeToken)));
  await server.cluster.directory.sessionGone(appId, userId, remote.sessionId, true);
  server.bus.publish(userTopic(appId, userId), { kind: 'kick', sessionIds: [remote.sessionId], reason, detail });
}
