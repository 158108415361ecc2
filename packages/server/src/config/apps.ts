import {
  expectEnum,
  expectInteger,
  expectObject,
  expectString,
  type JsonObject,
  rejectUnknownKeys,
  UINT32_MAX,
} from './check.js';
import { resolvePolicy } from './policy.js';
import type { AppConfig, Policy } from './types.js';

/** Canonical app ids: safe in URLs, file names and log lines without escaping. */
const APP_ID = /^[A-Za-z0-9_.-]{1,64}$/;
/**
 * The native secret authenticates the admin API and signs native tokens, so it must not be
 * guessable; 16 characters is the floor, not a recommendation (the dev tenant uses 43).
 */
const MIN_NATIVE_SECRET = 16;

const APP_KEYS = ['id', 'name', 'native', 'tim', 'jmessage', 'openim', 'hummer', 'maxleap', 'policy'];
const MAXLEAP_KEY_TYPES = ['client', 'javascript', 'rest', 'master'] as const;

function section(app: JsonObject, key: string, where: string, allowed: readonly string[]): JsonObject | undefined {
  const value = app[key];
  if (value === undefined) return undefined;
  const object = expectObject(value, `${where}.${key}`);
  rejectUnknownKeys(object, allowed, `${where}.${key}`);
  return object;
}

/**
 * Checks one tenant and returns a copy holding only known keys. The `policy` overrides are
 * checked with {@link resolvePolicy} but kept as given: the server resolves them itself.
 *
 * @param value - One element of `apps` (parsed JSON).
 * @param where - Its path for error messages, for example `apps[0]`.
 * @throws TypeError or RangeError naming the offending key.
 */
export function validateAppConfig(value: unknown, where: string): AppConfig {
  const input = expectObject(value, where);
  rejectUnknownKeys(input, APP_KEYS, where);

  const id = expectString(input.id, `${where}.id`);
  if (!APP_ID.test(id)) throw new RangeError(`${where}.id: must match [A-Za-z0-9_.-]{1,64}, got '${id}'`);
  // The id names the app's media directory: `.` and `..` would name another one.
  if (id === '.' || id === '..') throw new RangeError(`${where}.id: must not be '.' or '..'`);

  const nativeIn = section(input, 'native', where, ['apiKey', 'secret']);
  if (nativeIn === undefined) throw new TypeError(`${where}.native: required (an object with apiKey and secret)`);
  const app: AppConfig = {
    id,
    native: {
      apiKey: expectString(nativeIn.apiKey, `${where}.native.apiKey`, MIN_NATIVE_SECRET),
      secret: expectString(nativeIn.secret, `${where}.native.secret`, MIN_NATIVE_SECRET),
    },
  };
  if (input.name !== undefined) app.name = expectString(input.name, `${where}.name`);

  // Vendor secrets are taken at any non-empty length: apps bring keys their vendor issued.
  const tim = section(input, 'tim', where, ['sdkAppId', 'secretKey']);
  if (tim !== undefined) {
    app.tim = {
      sdkAppId: expectInteger(tim.sdkAppId, `${where}.tim.sdkAppId`, 1, UINT32_MAX),
      secretKey: expectString(tim.secretKey, `${where}.tim.secretKey`),
    };
  }
  const jmessage = section(input, 'jmessage', where, ['appkey', 'masterSecret']);
  if (jmessage !== undefined) {
    app.jmessage = {
      appkey: expectString(jmessage.appkey, `${where}.jmessage.appkey`),
      masterSecret: expectString(jmessage.masterSecret, `${where}.jmessage.masterSecret`),
    };
  }
  const openim = section(input, 'openim', where, ['secret']);
  if (openim !== undefined) app.openim = { secret: expectString(openim.secret, `${where}.openim.secret`) };
  const hummer = section(input, 'hummer', where, ['appid', 'tokenSecret', 'tokenMode']);
  if (hummer !== undefined) {
    app.hummer = {
      appid: expectInteger(hummer.appid, `${where}.hummer.appid`, 1, UINT32_MAX),
      tokenSecret: expectString(hummer.tokenSecret, `${where}.hummer.tokenSecret`),
      tokenMode: expectEnum(hummer.tokenMode, `${where}.hummer.tokenMode`, ['appid', 'token', 'tempToken'] as const),
    };
  }
  const maxleap = section(input, 'maxleap', where, ['appId', 'keys']);
  if (maxleap !== undefined) {
    const keysIn = section(maxleap, 'keys', `${where}.maxleap`, MAXLEAP_KEY_TYPES);
    if (keysIn === undefined) throw new TypeError(`${where}.maxleap.keys: required (client, javascript, rest, master)`);
    const keys: NonNullable<AppConfig['maxleap']>['keys'] = {};
    for (const type of MAXLEAP_KEY_TYPES) {
      if (keysIn[type] !== undefined) keys[type] = expectString(keysIn[type], `${where}.maxleap.keys.${type}`);
    }
    // Every MaxLeap request is signed with one of these keys; with none the app is unreachable.
    if (Object.keys(keys).length === 0) throw new RangeError(`${where}.maxleap.keys: needs at least one key`);
    app.maxleap = { appId: expectString(maxleap.appId, `${where}.maxleap.appId`), keys };
  }
  if (input.policy !== undefined) {
    resolvePolicy(input.policy as Partial<Policy>, `${where}.policy`);
    app.policy = { ...(input.policy as Partial<Policy>) };
  }
  return app;
}

/**
 * Checks a list of tenants: each with {@link validateAppConfig}, then that no two share an id
 * or a vendor lookup key (native apiKey, TIM SDKAppID, JMessage appkey, Hummer appid, MaxLeap
 * appId), since a login names its app by that key and must find exactly one.
 *
 * @param value - The parsed `apps` value.
 * @param where - Its path for error messages. @default 'apps'
 * @throws TypeError or RangeError naming the offending element and key.
 */
export function validateApps(value: unknown, where = 'apps'): AppConfig[] {
  if (!Array.isArray(value)) throw new TypeError(`${where}: expected an array of apps`);
  const apps = value.map((item, i) => validateAppConfig(item, `${where}[${i}]`));
  const seen = new Map<string, number>();
  apps.forEach((app, i) => {
    const lookups: [string, string | number | undefined][] = [
      ['id', app.id],
      ['native.apiKey', app.native.apiKey],
      ['tim.sdkAppId', app.tim?.sdkAppId],
      ['jmessage.appkey', app.jmessage?.appkey],
      ['hummer.appid', app.hummer?.appid],
      ['maxleap.appId', app.maxleap?.appId],
    ];
    for (const [key, lookup] of lookups) {
      if (lookup === undefined) continue;
      const slot = `${key}\u0000${lookup}`;
      const first = seen.get(slot);
      if (first !== undefined) {
        // The apiKey is a credential: name the clash without printing it.
        const shown = key === 'native.apiKey' ? '' : ` '${lookup}'`;
        throw new RangeError(`${where}[${i}].${key}: duplicate of ${where}[${first}].${key}${shown}`);
      }
      seen.set(slot, i);
    }
  });
  return apps;
}
