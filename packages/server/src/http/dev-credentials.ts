import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hmacSha256 } from '../auth/digest.js';
import { genUserSig, hashPassword, issueToken, jmessageSignature } from '../auth/index.js';
import type { AppConfig } from '../config/types.js';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import type { Logger } from '../log.js';
import { createUser, setPasswordLogin } from '../model/users.js';
import type { ServerStore } from '../store/types.js';
import { bodyObject, requiredString } from './admin-input.js';
import { readJsonBody } from './body.js';
import { sendJson } from './respond.js';

/**
 * Development sign-in (`POST /parley/dev/v1/credentials`): hands anyone who asks a working
 * credential of any vendor for any user of the development tenant, so the demo app needs no
 * secrets and no app server. The server mounts it only for the development tenant, when
 * `devCredentials` is on; it must never face a production tenant.
 */

/** The path of the development sign-in endpoint. */
export const DEV_CREDENTIALS_PATH = '/parley/dev/v1/credentials';

/** The vendors the endpoint issues credentials for. */
export const DEV_CREDENTIAL_VENDORS = ['native', 'tim', 'jmessage', 'openim', 'hummer', 'maxleap'] as const;

/** One of {@link DEV_CREDENTIAL_VENDORS}. */
export type DevCredentialVendor = (typeof DEV_CREDENTIAL_VENDORS)[number];

/** Lifetime of every credential the endpoint issues (tokens, UserSigs). */
const DEV_CREDENTIAL_TTL_SEC = 86_400;
/** OpenIM `platformID` of a web browser. */
const OPENIM_PLATFORM_WEB = 5;
/**
 * Narrower than a user id in general: the ids a demo user types, safe in every vendor's SDK
 * (TIM and OpenIM user ids, JMessage usernames) and in URLs.
 */
const DEV_USER_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** What the endpoint needs from the server. */
export interface DevCredentialsDeps {
  /** The development tenant; credentials are only ever issued for it. */
  app: AppConfig;
  store: ServerStore;
  log: Logger;
  now(): number;
}

/**
 * The password of a development user's JMessage account: derived from the tenant's native
 * secret, so it is stable across calls and restarts and unknown to anyone without the secret
 * (or this endpoint).
 */
function devPassword(app: AppConfig, userId: string): string {
  return hmacSha256(app.native.secret, `parley-dev-password:${userId}`).toString('hex');
}

function unsupported(vendor: string): ServerError {
  return new ServerError(ErrorCode.NOT_SUPPORTED, `the development tenant has no ${vendor} credentials`, { detail: 'vendor' });
}

/** Parses `{vendor, userId}`. @throws ServerError `INVALID_PARAM` naming the field. */
function parseRequest(body: unknown): { vendor: DevCredentialVendor; userId: string } {
  const input = bodyObject(body, ['vendor', 'userId']);
  const vendor = requiredString(input, 'vendor');
  if (!(DEV_CREDENTIAL_VENDORS as readonly string[]).includes(vendor)) {
    throw invalidParam('vendor', `must be one of ${DEV_CREDENTIAL_VENDORS.join(', ')}`);
  }
  const userId = requiredString(input, 'userId');
  if (!DEV_USER_ID.test(userId)) throw invalidParam('userId', 'must be 1-32 characters of A-Z, a-z, 0-9, _ and -');
  return { vendor: vendor as DevCredentialVendor, userId };
}

/**
 * Issues the answer for one vendor. The user is created first when new, so credentials whose
 * login needs a registered user (native, OpenIM, passwords) work at once.
 *
 * @throws ServerError `NOT_SUPPORTED` when the tenant lacks the vendor's credentials;
 *   `USER_NOT_FOUND` (a deleted user) or `ALREADY_EXISTS` (another user holds the login name)
 *   for JMessage accounts.
 */
export async function issueDevCredentials(deps: DevCredentialsDeps, vendor: DevCredentialVendor, userId: string): Promise<unknown> {
  const { app, store } = deps;
  const nowMs = deps.now();
  await createUser(store, app.id, { userId }, { ifMissing: true, now: nowMs });
  const ttlSec = DEV_CREDENTIAL_TTL_SEC;
  switch (vendor) {
    case 'native':
      return { appId: app.id, userId, token: issueToken({ appId: app.id, userId, kind: 'native', ttlSec, nowMs }, app.native.secret).token };
    case 'tim': {
      if (!app.tim) throw unsupported('tim');
      const userSig = genUserSig({ sdkAppId: app.tim.sdkAppId, secretKey: app.tim.secretKey, userId, expireSec: ttlSec, nowMs });
      return { SDKAppID: app.tim.sdkAppId, userID: userId, userSig };
    }
    case 'jmessage': {
      const jm = app.jmessage;
      if (!jm) throw unsupported('jmessage');
      const password = devPassword(app, userId);
      await setPasswordLogin(store, app.id, userId, userId, await hashPassword(password, false));
      // 32 characters: inside the 20–36 the vendor documents, whatever the app's policy.
      const randomStr = randomBytes(16).toString('hex');
      const signature = jmessageSignature(jm.appkey, nowMs, randomStr, jm.masterSecret);
      return { authPayload: { appkey: jm.appkey, random_str: randomStr, timestamp: nowMs, signature }, username: userId, password };
    }
    case 'openim': {
      if (!app.openim) throw unsupported('openim');
      const { token } = issueToken({ appId: app.id, userId, kind: 'openim', ttlSec, platform: OPENIM_PLATFORM_WEB, nowMs }, app.openim.secret);
      return { userID: userId, token, platformID: OPENIM_PLATFORM_WEB };
    }
    case 'hummer': {
      if (!app.hummer) throw unsupported('hummer');
      const { token } = issueToken({ appId: app.id, userId, kind: 'hummer', ttlSec, nowMs }, app.hummer.tokenSecret);
      return { appid: app.hummer.appid, uid: userId, token };
    }
    case 'maxleap': {
      // Mode 1 (`ML.im({appId, clientId, userId})`) signs with this key and creates the user.
      const clientId = app.maxleap?.keys.javascript;
      if (!app.maxleap || clientId === undefined) throw unsupported('maxleap');
      return { appId: app.maxleap.appId, clientId };
    }
  }
}

/**
 * Handles `POST /parley/dev/v1/credentials` with `{vendor, userId}`: answers 200 with the
 * vendor's credential (see {@link issueDevCredentials}).
 *
 * @throws ServerError `INVALID_PARAM` for a body that is not `{vendor, userId}` with a known
 *   vendor and a user id of `[A-Za-z0-9_-]{1,32}`, and whatever {@link issueDevCredentials} throws.
 */
export async function handleDevCredentials(deps: DevCredentialsDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { vendor, userId } = parseRequest(await readJsonBody(req));
  const answer = await issueDevCredentials(deps, vendor, userId);
  deps.log.info('development credentials issued', { vendor, userId });
  sendJson(res, 200, answer);
}
