import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateAppConfig } from './apps.js';
import { ConfigError } from './load.js';
import type { AppConfig } from './types.js';

/** The id of the development tenant. */
export const DEV_TENANT_ID = 'dev';

/** The file, inside the data directory, that keeps the development tenant across restarts. */
export const DEV_TENANT_FILE = 'dev-tenant.json';

/**
 * A fixed SDKAppID, so a developer can hard-code it in a TIM app. It lies in the range TIM
 * issues (14xxxxxxxx) and fits a uint32.
 */
const DEV_TIM_SDK_APP_ID = 1_400_000_001;
const DEV_HUMMER_APPID = 1_000_001;

/** The result of {@link loadOrCreateDevTenant}. */
export interface DevTenant {
  app: AppConfig;
  /** Whether the file was created by this call (its credentials are new). */
  created: boolean;
}

function generate(randomBytes: (n: number) => Buffer): AppConfig {
  const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
  return {
    id: DEV_TENANT_ID,
    name: 'Development tenant',
    native: { apiKey: `dev-${hex(8)}`, secret: randomBytes(32).toString('base64url') },
    tim: { sdkAppId: DEV_TIM_SDK_APP_ID, secretKey: hex(32) },
    jmessage: { appkey: hex(12), masterSecret: hex(12) },
    openim: { secret: hex(16) },
    hummer: { appid: DEV_HUMMER_APPID, tokenSecret: hex(16), tokenMode: 'token' },
    maxleap: { appId: hex(12), keys: { client: hex(16), javascript: hex(16), rest: hex(16), master: hex(16) } },
    // A developer opens many tabs and devices as the same user; the default limits would kick them.
    policy: { webInstances: 10, maxPerPlatform: 10 },
  };
}

/**
 * Loads the development tenant from `<dataDir>/dev-tenant.json`, or creates it with random
 * credentials for every vendor. The file is created (with its directory, like `mkdir -p`)
 * with mode 0600, because it holds secrets, and written to a temporary file renamed into place,
 * so a crash never leaves a half-written file that would fail the next start.
 *
 * @param dataDir - The server's data directory.
 * @param randomBytes - Source of randomness. @default crypto.randomBytes
 * @returns The tenant (id `dev`) and whether it was created now.
 * @throws ConfigError when the file exists but is not a valid tenant (the message says to
 *   delete it); a Node.js `ErrnoException` when the directory or file cannot be read or written.
 */
export function loadOrCreateDevTenant(
  dataDir: string,
  randomBytes: (n: number) => Buffer = cryptoRandomBytes,
): DevTenant {
  const path = join(dataDir, DEV_TENANT_FILE);
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== undefined) {
    try {
      return { app: validateAppConfig(JSON.parse(text), 'tenant'), created: false };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConfigError(
        `${path} is not a valid development tenant (${reason}); delete it to create new credentials`,
        { cause: error },
      );
    }
  }

  const app = generate(randomBytes);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    // `wx`: never follow or reuse a file someone else placed at the temporary name.
    writeFileSync(temp, `${JSON.stringify(app, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return { app, created: true };
}

/**
 * A block of text for the terminal listing the server URL and every credential of `app`. It is
 * printed with `console.log` at start, never through the logger: the logger redacts secrets,
 * and showing them is the point here (development credentials only).
 *
 * @param app - The development tenant.
 * @param url - The server's base URL, for example `http://localhost:8080`.
 * @returns Lines joined by `\n`, without a trailing newline.
 */
export function formatDevTenantBanner(app: AppConfig, url: string): string {
  const base = url.replace(/\/+$/, '');
  const ws = base.replace(/^http/, 'ws');
  const rows: [string, string][] = [
    ['Server', base],
    ['WebSocket', `${ws}/parley/ws`],
    ['App id', app.id],
    ['Native apiKey', app.native.apiKey],
    ['Native secret', `${app.native.secret}   (admin API bearer token)`],
  ];
  if (app.tim) rows.push(['TIM SDKAppID', String(app.tim.sdkAppId)], ['TIM secretKey', app.tim.secretKey]);
  if (app.jmessage) {
    rows.push(['JMessage appkey', app.jmessage.appkey], ['JMessage masterSecret', app.jmessage.masterSecret]);
  }
  if (app.openim) rows.push(['OpenIM secret', app.openim.secret]);
  if (app.hummer) {
    rows.push(
      ['Hummer appid', String(app.hummer.appid)],
      ['Hummer tokenSecret', app.hummer.tokenSecret],
      ['Hummer tokenMode', app.hummer.tokenMode],
    );
  }
  if (app.maxleap) {
    rows.push(['MaxLeap appId', app.maxleap.appId]);
    for (const [type, key] of Object.entries(app.maxleap.keys)) {
      if (key !== undefined) rows.push([`MaxLeap ${type} key`, key]);
    }
  }
  if (app.policy !== undefined && Object.keys(app.policy).length > 0) rows.push(['Policy', JSON.stringify(app.policy)]);

  const width = Math.max(...rows.map(([label]) => label.length));
  const rule = '-'.repeat(72);
  const example =
    `curl -X POST ${base}/admin/v1/apps/${encodeURIComponent(app.id)}/tokens ` +
    `-H 'authorization: Bearer ${app.native.secret}' -H 'content-type: application/json' -d '{"userId":"alice"}'`;
  return [
    rule,
    `Parley development tenant "${app.id}": for development only; configure apps for production.`,
    '',
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    '',
    'Get a native token for user alice:',
    `  ${example}`,
    rule,
  ].join('\n');
}
