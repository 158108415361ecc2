/**
 * Server and tenant configuration. Sources, in increasing precedence: built-in defaults, the
 * JSON config file (`--config` / `PARLEY_CONFIG`), environment variables, command-line flags.
 * `README.md` documents every key.
 */

/** Per-tenant policies (CAPABILITIES.md §5.1). Every key has a default in `policy.ts`. */
export interface Policy {
  /** `session.multiLogin`: what a new login does to older sessions of the same user. */
  multiLogin: 'kickSamePlatform' | 'kickAll' | 'unlimited';
  /** `session.webInstances`: concurrent web sessions per user before the oldest is kicked. */
  webInstances: number;
  /** `session.maxPerPlatform`: concurrent sessions per non-web platform. */
  maxPerPlatform: number;
  /** `session.resumeGraceMs`: how long a dropped session can be resumed. */
  resumeGraceMs: number;
  /** `auth.implicitUserCreation`: a valid credential for an unknown user creates it. */
  implicitUserCreation: boolean;
  /** `auth.jmessage.signatureWindowSec`. */
  jmessageSignatureWindowSec: number;
  /** `auth.jmessage.enforceRandomStrLength` (20–36 characters). */
  jmessageEnforceRandomStrLength: boolean;
  /** `auth.hummer.willExpireLeadSec`: lead time of the `credential_expiring` push. */
  hummerWillExpireLeadSec: number;
  /** `auth.openim.tokenTtlSec`: default TTL of tokens from the admin API. */
  openimTokenTtlSec: number;
  /** Default TTL of native Parley tokens from the admin API. */
  nativeTokenTtlSec: number;
  /** `auth.maxleap.signatureMaxAge` in seconds; 0 = unlimited. */
  maxleapSignatureMaxAgeSec: number;
  /** `msg.revokeWindowSec`: 0 = no limit. */
  revokeWindowSec: number;
  /** `msg.revokeBy`. */
  revokeBy: 'sender' | 'senderOrAdmin';
  /** `msg.maxTextBytes`: text element cap in UTF-8 bytes. */
  maxTextBytes: number;
  /** `msg.maxBodyBytes`: whole-entry cap (encoded). */
  maxBodyBytes: number;
  /** Elements per message. */
  maxElements: number;
  /** `msg.rateLimit`: `msg.send` requests per second per user on this node (0 = off; burst: two seconds' worth). */
  sendRatePerSec: number;
  /**
   * `rate.connection`: requests per second per connection after login (0 = off). The server's
   * `requestsPerSec` applies as well, so this can only be stricter than it.
   */
  connRequestsPerSec: number;
  /** Bucket size of `connRequestsPerSec` (0 = two seconds' worth, at least 1). */
  connRequestBurst: number;
  /** `rate.user`: requests per second per user, summed over the user's sessions on this node (0 = off). */
  userRequestsPerSec: number;
  /** Bucket size of `userRequestsPerSec` (0 = two seconds' worth, at least 1). */
  userRequestBurst: number;
  /** `conv.deleteClearsHistory`. */
  deleteClearsHistory: boolean;
  /** `group.tipsCountUnread`. */
  tipsCountUnread: boolean;
  /** `group.maxMembers` for groups created without a preset. */
  groupMaxMembers: number;
  /** `receipt.readSeqImplies`: reading a conversation counts as a receipt. */
  receiptReadSeqImplies: boolean;
  /** `sync.changeRetentionDays` (informational: the stream is compacted per entity). */
  changeRetentionDays: number;

  /** `auth.credentialKinds`: the login proofs this app accepts (§1.2 kinds). */
  credentialKinds: CredentialKind[];
  /** `session.maxDevices`: distinct devices per user (0 = unlimited; Hummer kick 102). */
  maxDevices: number;
  /** `session.maxTerminalTypes`: distinct platforms per user (0 = unlimited; Hummer kick 101). */
  maxTerminalTypes: number;

  /** `msg.maxTextBytes.group`: text cap of group and room messages. */
  maxTextBytesGroup: number;
  /** `msg.revokeDeniedKinds`: element kinds that can never be recalled (TIM 10032). */
  revokeDeniedKinds: string[];
  /** `msg.retentionDays`: history older than this is not served (0 = unlimited). */
  msgRetentionDays: number;
  /** `msg.sensitiveWords`: texts containing one of these are refused (`CONTENT_REJECTED`). */
  sensitiveWords: string[];
  /** `msg.beforeSendWebhook`: an app-server URL that may reject a message before it is stored ('' = none). */
  beforeSendWebhook: string;
  /** After-send webhook URL: told of every stored message, asynchronously ('' = none). */
  afterSendWebhook: string;
  /** `conv.listMax`: most conversations `conv.list` returns (0 = unlimited). */
  convListMax: number;
  /** `conv.expiryDays`: conversations idle longer than this are left out of `conv.list` (0 = never). */
  convExpiryDays: number;
  /** `crossApp.enabled`: JMessage cross-app addressing within the organisation. */
  crossAppEnabled: boolean;
  /** `sync.roamingDepth`: entries per conversation a roaming (JMessage `flag=1`) login replays. */
  syncRoamingDepth: number;
  /** `sync.prefetchPerConv`: messages per conversation the core prefetches at login. */
  syncPrefetchPerConv: number;
  /** `sync.emptySyncEvent`: emit the sync event even when nothing was offline (JMessage). */
  syncEmptySyncEvent: boolean;
  /** `offlineReplay`: replay offline messages as live events after login (`events`) or only through sync. */
  offlineReplay: 'sync' | 'events';

  /** `privilege.allowClientKeyAdmin`: MaxLeap client/JavaScript-key sessions may act for others and send system messages. */
  allowClientKeyAdmin: boolean;
  /** `privilege.restRequiresSession`: user-scoped calls may only name the logged-in user. */
  restRequiresSession: boolean;

  /** `friend.defaultAllowType` for users who never set `allowType`. */
  friendDefaultAllowType: 'allowAny' | 'needConfirm' | 'denyAny';
  /** `block.enforceOnSend`: refuse C2C messages from users the recipient blocked. */
  blockEnforceOnSend: boolean;
  /** `chat.friendOnly`: C2C messages only between friends. */
  chatFriendOnly: boolean;
  /** `presence.friendBroadcast`: push presence changes to all friends (MaxLeap), not only subscribers. */
  presenceFriendBroadcast: boolean;

  /** `group.maxMembers.<preset>`: default member limits of the presets (§1.8). `groupMaxMembers` is the `standard` one. */
  groupMaxMembersWork: number;
  groupMaxMembersPublic: number;
  groupMaxMembersMeeting: number;
  groupMaxMembersCommunity: number;
  /** `group.quota.perUser`: groups a user may own or join (0 = unlimited). */
  groupQuotaPerUser: number;
  /** `group.nameMaxBytes` / `introMaxBytes` / `notificationMaxBytes`. */
  groupNameMaxBytes: number;
  groupIntroMaxBytes: number;
  groupNotificationMaxBytes: number;
  /** `group.ownerQuit` for `standard` groups. */
  groupOwnerQuit: 'dissolve' | 'transferToOldestAdmin' | 'forbid';
  /** `group.idFormat`: generated group ids (`tim`: `@TGS#` + base32; `numeric`: the numeric id). */
  groupIdFormat: 'random' | 'tim' | 'numeric';

  /** `room.historyPolicy` of live rooms (H chat rooms, T AVChatRoom): `none`, `text:<days>` or `full:<days>`. */
  roomHistoryLive: string;
  /** `room.historyPolicy` of listed rooms (MaxLeap). */
  roomHistoryListed: string;
  /** `room.evictAfterMs`: how long a disconnected member stays in a room. */
  roomEvictAfterMs: number;
  /** `room.maxUsers`: default capacity (0 = unlimited). */
  roomMaxUsers: number;
  /** `room.countPushIntervalMs`: `room_count` push coalescing. */
  roomCountPushIntervalMs: number;
  /** `room.presencePushIntervalMs`: `room_presence` batching (0 = one push per join or leave). */
  roomPresencePushIntervalMs: number;
  /** `room.tipsEnabled`: join/quit tips in live rooms. */
  roomTipsEnabled: boolean;

  /** `attr.limits`: keys, key bytes, value bytes, total bytes per group or room store. */
  attrMaxKeys: number;
  attrMaxKeyBytes: number;
  attrMaxValueBytes: number;
  attrMaxTotalBytes: number;

  /** `media.maxBytes.{image,audio,video,file}`: upload caps. */
  mediaMaxImageBytes: number;
  mediaMaxAudioBytes: number;
  mediaMaxVideoBytes: number;
  mediaMaxFileBytes: number;
  /** `media.urlTtlSec`: lifetime of signed download URLs (0 = stable URLs that still need a token-free id). */
  mediaUrlTtlSec: number;

  /**
   * `http.corsOrigins`: browser origins (`https://app.example.com`, or `*` for any) that may
   * call this app's media routes from another origin. Empty: same origin only.
   */
  corsOrigins: string[];
  /**
   * `http.adminCorsOrigins`: origins that may call this app's admin API from a browser. Empty
   * (the default): none, since the admin secret belongs on an app server, not in a page.
   */
  adminCorsOrigins: string[];
}

/** Login proofs (§1.2) as sessions record them. */
export type CredentialKind = 'native_token' | 'tim_usersig' | 'openim_token' | 'hummer_token' | 'password' | 'maxleap_user' | 'maxleap_passenger' | 'maxleap_app' | 'anonymous';

export const CREDENTIAL_KINDS: readonly CredentialKind[] = ['native_token', 'tim_usersig', 'openim_token', 'hummer_token', 'password', 'maxleap_user', 'maxleap_passenger', 'maxleap_app', 'anonymous'];

/** One tenant (CAPABILITIES.md §1.1): one user namespace, credentials per vendor, policies. */
export interface AppConfig {
  /** Canonical app id, `[A-Za-z0-9_.-]{1,64}`. */
  id: string;
  name?: string;
  /** Native Parley credentials: the admin REST secret and the native token signing key. */
  native: { apiKey: string; secret: string };
  tim?: { sdkAppId: number; secretKey: string };
  jmessage?: { appkey: string; masterSecret: string };
  openim?: { secret: string };
  hummer?: { appid: number; tokenSecret: string; tokenMode: 'appid' | 'token' | 'tempToken' };
  maxleap?: { appId: string; keys: { client?: string; javascript?: string; rest?: string; master?: string } };
  /** Overrides of the default policies. */
  policy?: Partial<Policy>;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface ServerConfig {
  /** @default '0.0.0.0' */
  host: string;
  /** 0 picks a free port. @default 8080 */
  port: number;
  /** SQLite data and the development tenant file. @default './.parley-data' */
  dataDir: string;
  /**
   * `sqlite` (embedded default), `memory` (nothing persists), or a PostgreSQL URL
   * (`postgres://user@host:5432/db`) shared by every node of a cluster. @default 'sqlite'
   */
  store: string;
  /**
   * How nodes tell each other about pushes, kicks and room changes: `local` (one node), or a
   * Redis (`redis://host:6379`) or NATS (`nats://host:4222`) URL shared by every node.
   * @default 'local'
   */
  bus: string;
  apps: AppConfig[];
  /** Create (or load) the development tenant when no app is configured. @default true */
  devTenant: boolean;
  /**
   * Serve `POST /parley/dev/v1/credentials`, which signs anyone in as any user of the
   * development tenant. Only for a server whose one app is the development tenant (id `dev`):
   * `startServer` refuses to start otherwise. Not a config file key: `parley-server` turns it
   * on when it runs the development tenant because no app is configured. @default false
   */
  devCredentials: boolean;
  /** @default 'info' */
  logLevel: LogLevel;
  /** Client heartbeat interval; the server closes after two silent intervals. @default 30000 */
  heartbeatMs: number;
  /** Time allowed between connect and login/resume. @default 30000 */
  loginTimeoutMs: number;
  /** @default 1048576 */
  maxFrameBytes: number;
  /** The SQLite store's page cache, MiB (a bound; it fills as pages are used). @default 64 */
  sqliteCacheMiB: number;
  /** A connection whose unsent output passes this is dropped (close 4029). @default 4194304 */
  maxBufferedBytes: number;
  /**
   * Requests per second per connection (token bucket refill): the only limit before login, and
   * after it a ceiling that an app's stricter `connRequestsPerSec`/`userRequestsPerSec` policies
   * add to but cannot raise. @default 100
   */
  requestsPerSec: number;
  /** Token bucket size. @default 200 */
  requestBurst: number;
  /**
   * A connection whose unsent output has not drained at all for this long is dropped like one
   * whose buffer is full (0 = only the `maxBufferedBytes` bound). @default 60000
   */
  sendStallMs: number;
  /** How long a graceful shutdown waits for in-flight requests. @default 10000 */
  shutdownGraceMs: number;
  /**
   * 0–31, part of server message ids; unique per node in a cluster. Unset: the lowest id no
   * live node holds (leases in the store). @default unset
   */
  nodeId?: number;
  /** A directory of static files served at `/` (the demo app), or none. */
  staticDir?: string;
  /**
   * The `Content-Security-Policy` of the static files: the built-in one (same-origin scripts,
   * no framing; see `http/headers.ts`) when unset, none when `''`. Set it when the served app
   * loads scripts from elsewhere or is meant to be framed.
   * @default unset (the built-in policy)
   */
  staticCsp?: string;
  /**
   * `Strict-Transport-Security: max-age=<n>` on every response when above 0. Turn it on only
   * when every client reaches the server over HTTPS (TLS terminated in front of it).
   * @default 0
   */
  hstsMaxAgeSec: number;
}
