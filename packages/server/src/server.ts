import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parley } from '@parley/protocol';
import { genUserSig, hashPassword, issueToken } from './auth/index.js';
import { createBus, createStore } from './backends.js';
import { appTopic, type Bus, roomTopic, userTopic } from './bus/types.js';
import { Cluster } from './cluster/cluster.js';
import { DEFAULT_SERVER_CONFIG } from './config/defaults.js';
import { DEV_TENANT_ID, type DevTenant, loadOrCreateDevTenant } from './config/dev-tenant.js';
import { ConfigError } from './config/load.js';
import type { AppConfig, ServerConfig } from './config/types.js';
import { ErrorCode, ServerError } from './errors.js';
import { modelContext, type ServerContext } from './gateway/context.js';
import { Gateway } from './gateway/gateway.js';
import { RoomHub } from './gateway/room-hub.js';
import { SessionRegistry } from './gateway/sessions.js';
import { DEV_CREDENTIALS_PATH } from './http/dev-credentials.js';
import { createHttpHandler } from './http/router.js';
import type { AdminTokenRequest, AdminUserInit } from './http/types.js';
import { createLogger, type Logger } from './log.js';
import { FsMediaStore } from './media/fs.js';
import { changeHead } from './model/changes.js';
import type { Deliver } from './model/context.js';
import { SnowflakeIds } from './model/ids.js';
import { Messaging } from './model/messaging.js';
import { PresenceHub } from './model/presence.js';
import { ReadState } from './model/read.js';
import { Sync } from './model/sync.js';
import { transact } from './model/tx.js';
import { createUser } from './model/users.js';
import type { ServerStore } from './store/types.js';
import { Tenants } from './tenants.js';

/** Options of {@link startServer} beyond the configuration. */
export interface StartOptions {
  log?: Logger;
  /** Use this store instead of the configured one (tests, other backends). */
  store?: ServerStore;
  /** Use this bus instead of the in-process one. */
  bus?: Bus;
}

/** A running server. */
export interface RunningServer {
  /** `http://host:port` (loopback when bound to all interfaces). */
  readonly url: string;
  readonly port: number;
  readonly context: ServerContext;
  /** How many WebSocket connections the gateway holds open, logged in or not. */
  connectionCount(): number;
  /**
   * The development tenant, when this call loaded or created it because `devTenant` was on and
   * no app was given (`created` says whether its credentials are new).
   */
  readonly devTenant?: DevTenant;
  /** Graceful shutdown: drains connections, lets in-flight requests finish, closes the store. */
  close(): Promise<void>;
}

/**
 * The development tenant that `devCredentials` opens: it must be the server's only app, so the
 * flag can never expose a configured tenant.
 *
 * @throws ConfigError when the apps are anything but the development tenant alone.
 */
function devCredentialsTenant(apps: readonly AppConfig[]): AppConfig {
  const [app] = apps;
  if (apps.length !== 1 || app?.id !== DEV_TENANT_ID) {
    throw new ConfigError(`devCredentials needs the development tenant ("${DEV_TENANT_ID}") as the only app; it would let anyone sign in as any user`);
  }
  return app;
}

/**
 * Starts `parley-server`: one HTTP server carrying the WebSocket gateway (`/parley/ws`),
 * health checks, the admin REST API, the development sign-in (with `devCredentials`) and
 * (optionally) static files.
 *
 * With `devTenant` on (the default) and no app given, the development tenant is loaded from
 * `<dataDir>/dev-tenant.json` or created there first (see `loadOrCreateDevTenant`).
 *
 * @throws ConfigError when `devCredentials` is on and the apps are not the development tenant
 *   alone, or `dev-tenant.json` is invalid; the store's or the listener's error when they fail.
 */
export async function startServer(partial: Partial<ServerConfig> & Pick<ServerConfig, 'apps'>, options: StartOptions = {}): Promise<RunningServer> {
  const config: ServerConfig = { ...DEFAULT_SERVER_CONFIG, ...partial };
  let devTenant: DevTenant | undefined;
  if (config.devTenant && config.apps.length === 0) {
    devTenant = loadOrCreateDevTenant(config.dataDir);
    config.apps = [devTenant.app];
  }
  const devCredentialsApp = config.devCredentials ? devCredentialsTenant(config.apps) : undefined;
  const log = options.log ?? createLogger({ level: config.logLevel });
  const store = options.store ?? (await createStore(config));
  await store.open();
  const bus = options.bus ?? (await createBus(config, log));
  try {
    await bus.open();
  } catch (error) {
    await store.close();
    throw error;
  }
  // A lone node (in-process bus) can only find leases of its own earlier runs, and takes its
  // id back at once; nodes sharing a bus claim free ids.
  const cluster = await Cluster.join({
    store,
    bus,
    log,
    url: `${config.host}:${config.port}`,
    takeOver: bus.kind === 'local',
    ...(config.nodeId !== undefined && { nodeId: config.nodeId }),
  });
  const tenants = new Tenants(config.apps);
  await tenants.loadOverrides(store, log);

  const deliver: Deliver = {
    toUser(app, userId, push, exceptSessionId) {
      const bytes = parley.v1.Push.encode(push).finish();
      bus.publish(userTopic(app, userId), { kind: 'push', push: bytes, ...(exceptSessionId && { exceptSessionId }) });
    },
    toApp(app, push) {
      bus.publish(appTopic(app), { kind: 'push', push: parley.v1.Push.encode(push).finish() });
    },
    toRoom(app, roomId, push, exceptSessionId) {
      const bytes = parley.v1.Push.encode(push).finish();
      bus.publish(roomTopic(app, roomId), { kind: 'push', push: bytes, ...(exceptSessionId && { exceptSessionId }) });
    },
  };
  const messaging = new Messaging();
  let gateway: Gateway | undefined;
  const sessions = new SessionRegistry(bus, (session, message) => gateway?.deliverToSession(session, message));
  cluster.track(sessions);
  const context: ServerContext = {
    config,
    store,
    tenants,
    bus,
    cluster,
    sessions,
    log,
    ids: new SnowflakeIds(cluster.nodeId),
    deliver,
    messaging,
    read: new ReadState(messaging),
    sync: new Sync(messaging),
    presence: new PresenceHub(sessions, (app) => modelContext(context, app), log, async (app, userId) => {
      const others = await cluster.remoteSessionsOf(app, userId);
      const away = others.filter((s) => s.awaySince > 0).length;
      return { connected: others.length - away, away };
    }),
    rooms: new RoomHub(bus, sessions, deliver, (session, message) => gateway?.deliverToSession(session, message), cluster.directory),
    now: Date.now,
  };
  gateway = new Gateway(context);
  cluster.on({
    usersGone(users) {
      for (const { app, userId } of users) {
        const runtime = tenants.get(app);
        if (runtime) context.presence.recompute(runtime, userId);
      }
    },
    resync: () => void resyncSessions(context),
    // Policies changed through another node's admin API arrive within a heartbeat.
    beat: () => tenants.loadOverrides(store, log),
  });
  let closing = false;

  const requireApp = (appId: string) => {
    const app = tenants.get(appId);
    if (!app) throw new ServerError(ErrorCode.APP_UNKNOWN, 'unknown app');
    return app;
  };
  const http: Server = createServer(
    createHttpHandler({
      log,
      findApp: (appId) => tenants.get(appId)?.config,
      async issueToken(appId: string, req: AdminTokenRequest) {
        const app = requireApp(appId);
        const secret = req.kind === 'native' ? app.config.native.secret : req.kind === 'openim' ? app.config.openim?.secret : app.config.hummer?.tokenSecret;
        if (!secret) throw new ServerError(ErrorCode.NOT_SUPPORTED, `this app has no ${req.kind} credentials`);
        const ttlSec = req.ttlSec ?? (req.kind === 'openim' ? app.policy.openimTokenTtlSec : app.policy.nativeTokenTtlSec);
        const issued = issueToken({ appId, userId: req.userId, kind: req.kind, ttlSec, ...(req.platform !== undefined && { platform: req.platform }) }, secret);
        return { token: issued.token, expiresAt: issued.expiresAt };
      },
      async createUser(appId: string, init: AdminUserInit) {
        requireApp(appId);
        const passwordHash = init.password !== undefined ? await hashPassword(init.password, init.isMd5 ?? false) : undefined;
        const { user } = await createUser(store, appId, {
          userId: init.userId,
          ...(init.nickname !== undefined && { nickname: init.nickname }),
          ...(init.avatar !== undefined && { avatar: init.avatar }),
          ...(init.username !== undefined && { username: init.username }),
          ...(passwordHash !== undefined && { passwordHash }),
        });
        return { userId: user.userId, tinyId: user.tinyId, createdAt: user.createdAt };
      },
      genUserSig(appId, userId, expireSec) {
        const tim = requireApp(appId).config.tim;
        if (!tim) throw new ServerError(ErrorCode.NOT_SUPPORTED, 'this app has no TIM credentials');
        return genUserSig({ sdkAppId: tim.sdkAppId, secretKey: tim.secretKey, userId, expireSec });
      },
      ready: () => (closing ? { ready: false, detail: 'shutting down' } : { ready: true }),
      server: context,
      media: { files: new FsMediaStore(join(config.dataDir, 'media')), store, log, now: () => context.now(), app: (appId) => tenants.get(appId) },
      ...(devCredentialsApp !== undefined && { devCredentials: { app: devCredentialsApp, store, log, now: () => context.now() } }),
      ...(config.staticDir !== undefined && { staticDir: config.staticDir }),
      ...(config.staticCsp !== undefined && { staticCsp: config.staticCsp }),
      hstsMaxAgeSec: config.hstsMaxAgeSec,
    }),
  );
  http.on('upgrade', (req, socket, head) => gateway?.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info('parley-server listening', { url, store: store.kind, bus: bus.kind, nodeId: cluster.nodeId, apps: tenants.all().map((a) => a.id) });
  if (devCredentialsApp !== undefined) {
    log.warn('development sign-in is enabled: anyone who can reach this server can sign in as any user of the development tenant', { path: DEV_CREDENTIALS_PATH });
  }

  return {
    url,
    port,
    context,
    connectionCount: () => gateway?.connectionCount ?? 0,
    ...(devTenant !== undefined && { devTenant }),
    async close() {
      if (closing) return;
      closing = true;
      const httpClosed = new Promise<void>((resolve) => http.close(() => resolve()));
      await gateway?.drain(config.shutdownGraceMs);
      http.closeAllConnections();
      await httpClosed;
      await cluster.leave();
      await bus.close();
      await store.close();
      log.info('parley-server stopped');
    },
  };
}

/**
 * After a bus outage: tells every session of this node the head of its change stream, so a
 * client that missed pushes sees the gap and catches up through sync (`sync.changes`, then the
 * messages of the conversations that changed). A client that missed nothing ignores it.
 */
async function resyncSessions(server: ServerContext): Promise<void> {
  for (const session of [...server.sessions.all()]) {
    try {
      const cursor = await transact(server.store, (tx) => changeHead(tx, session.app.id, session.userId));
      if (server.sessions.get(session.id) === session) session.conn.send({ push: { cursor, resync: {} } });
    } catch (error) {
      server.log.warn('resync push failed', { sessionId: session.id, error });
    }
  }
}
