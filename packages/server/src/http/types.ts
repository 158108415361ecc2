import type { AppConfig } from '../config/types.js';
import type { ServerContext } from '../gateway/context.js';
import type { Logger } from '../log.js';
import type { DevCredentialsDeps } from './dev-credentials.js';
import type { MediaRoutesDeps } from './media.js';

/** The body of `POST /admin/v1/apps/:appId/users`: a user to create (an account import). */
export interface AdminUserInit {
  userId: string;
  nickname?: string;
  avatar?: string;
  /** A login name for password credentials (JMessage, MaxLeap accounts). */
  username?: string;
  password?: string;
  /** `password` is already an MD5 hex digest (JMessage imports). */
  isMd5?: boolean;
}

/** The kinds of token the admin API issues. */
export type AdminTokenKind = 'native' | 'openim' | 'hummer';

/** The body of `POST /admin/v1/apps/:appId/tokens`, after defaults. */
export interface AdminTokenRequest {
  userId: string;
  kind: AdminTokenKind;
  /** Lifetime; the app's policy default when absent. */
  ttlSec?: number;
  /** Platform the token is bound to (OpenIM `platformID`), if any. */
  platform?: number;
}

/**
 * What the HTTP handler needs from the rest of the server. Functions may throw a
 * `ServerError`, which becomes an HTTP status and a JSON error; anything else is answered
 * 500 `INTERNAL` without its message.
 */
export interface HttpDeps {
  log: Logger;
  /** Finds a tenant by canonical id. */
  findApp(appId: string): AppConfig | undefined;
  issueToken(appId: string, req: AdminTokenRequest): Promise<{ token: string; expiresAt: number }>;
  createUser(appId: string, init: AdminUserInit): Promise<{ userId: string; tinyId: number; createdAt: number }>;
  /** TIM UserSig for development (never ship the secret key to browsers). */
  genUserSig(appId: string, userId: string, expireSec: number): string;
  /** Whether the server accepts traffic (`/readyz`); `detail` says why not. */
  ready(): { ready: boolean; detail?: string };
  /**
   * The running server, for the admin endpoints that run ops, change accounts, kick sessions
   * and change policies. Without it only `tokens`, `users` and `usersig` exist (unit tests).
   */
  server?: ServerContext;
  /** Stores behind the media upload and download routes (`/parley/media/`); without it they answer 404. */
  media?: MediaRoutesDeps;
  /**
   * The development tenant behind `POST /parley/dev/v1/credentials`; without it that path is a
   * 404 like any unknown API path. Only for a server that runs the development tenant alone.
   */
  devCredentials?: DevCredentialsDeps;
  /** Optional directory of static files served for GET requests that match no route. */
  staticDir?: string;
  /** The static files' `Content-Security-Policy`; `''` sends none. @default DEFAULT_STATIC_CSP (`headers.ts`) */
  staticCsp?: string;
  /** `Strict-Transport-Security` max-age on every response; 0 sends none. @default 0 */
  hstsMaxAgeSec?: number;
}
