import { DEFAULT_SERVER_CONFIG as D } from './defaults.js';

/**
 * What `parley-server --help` prints: every flag and environment variable, the config file
 * format with an example, the defaults and the data directory layout. Defaults are read from
 * {@link D} so the text cannot drift from the code.
 */
export const HELP_TEXT = `Usage: parley-server [options]

Starts the Parley IM server: the WebSocket gateway, the admin REST API and, optionally, a
directory of static files (the web app) on the same port.

Options (they override the environment, which overrides the config file):
  -c, --config <path>     JSON config file (see below). Env: PARLEY_CONFIG
      --host <address>    Address to listen on. Env: PARLEY_HOST. Default: ${D.host}
  -p, --port <n>          TCP port, 0-65535 (0 picks a free one). Env: PARLEY_PORT. Default: ${D.port}
  -d, --data-dir <path>   Data directory (see below). Env: PARLEY_DATA_DIR. Default: ${D.dataDir}
      --store <kind>      sqlite (embedded, persistent), memory (nothing persists), or a
                          PostgreSQL URL shared by several nodes (postgres://user@host/db).
                          Env: PARLEY_STORE. Default: ${D.store}
      --bus <kind>        local (one node), or a Redis or NATS URL shared by several nodes
                          (redis://host:6379, nats://host:4222). Env: PARLEY_BUS. Default: ${D.bus}
      --node-id <n>       0-31, this node's part of server message ids. Env: PARLEY_NODE_ID.
                          Default: the lowest id no live node holds
      --log-level <level> debug, info, warn, error or silent. Env: PARLEY_LOG_LEVEL. Default: ${D.logLevel}
      --static-dir <path> Serve this directory's files for GET requests that match no API route,
                          with index.html for unknown paths (single-page apps).
                          Env: PARLEY_STATIC_DIR. Default: none
      --no-dev-tenant     Do not create the development tenant when no app is configured.
  -h, --help              Print this text and exit.
      --version           Print the version and exit.

Other environment variables:
  PARLEY_HEARTBEAT_MS     Client heartbeat interval in ms. Default: ${D.heartbeatMs}
  PARLEY_APPS             A JSON array of apps (same format as "apps" below); it replaces the
                          config file's apps.
  An empty variable counts as unset.

Config file: a JSON object whose keys are all optional:
  host, port, dataDir, store, bus, nodeId, logLevel, staticDir   as the options above
  devTenant (boolean, default ${D.devTenant})
  heartbeatMs (${D.heartbeatMs})           loginTimeoutMs (${D.loginTimeoutMs})    shutdownGraceMs (${D.shutdownGraceMs})
  maxFrameBytes (${D.maxFrameBytes})       maxBufferedBytes (${D.maxBufferedBytes})
  sqliteCacheMiB (${D.sqliteCacheMiB})            the SQLite store's page cache (a bound, filled as pages are used)
  requestsPerSec (${D.requestsPerSec})          requestBurst (${D.requestBurst})        per connection; before login the only
                          limit, after it a ceiling: apps add stricter ones in their policy
                          (connRequestsPerSec, userRequestsPerSec, sendRatePerSec, bursts)
  sendStallMs (${D.sendStallMs})     drop a client whose unsent output has not drained for this
                          long (0 = off; maxBufferedBytes drops it when the output is too big)
  hstsMaxAgeSec (${D.hstsMaxAgeSec}, off)   Strict-Transport-Security max-age on every response; set it
                          only when every client comes over HTTPS (TLS terminated in front)
  staticCsp (built-in)    Content-Security-Policy of the static files; "" sends none
  apps: the tenants, an array of
    { "id": "[A-Za-z0-9_.-]{1,64}", "name"?: string,
      "native":   { "apiKey": string (16+ chars), "secret": string (16+ chars) },   required
      "tim"?:     { "sdkAppId": uint32, "secretKey": string },
      "jmessage"?:{ "appkey": string, "masterSecret": string },
      "openim"?:  { "secret": string },
      "hummer"?:  { "appid": uint32, "tokenSecret": string, "tokenMode": "appid" | "token" | "tempToken" },
      "maxleap"?: { "appId": string, "keys": { "client"?, "javascript"?, "rest"?, "master"? } },
      "policy"?:  { per-app policy overrides, for example "revokeWindowSec": 300 } }
  Ids and vendor lookup keys (apiKey, sdkAppId, appkey, appid, MaxLeap appId) must be unique.
  Unknown keys are errors. Relative paths in the file are relative to the file's directory;
  relative paths in options and variables are relative to the working directory.

  Example:
    {
      "port": 8080,
      "dataDir": "/var/lib/parley",
      "apps": [{
        "id": "acme",
        "native": { "apiKey": "acme-0123456789ab", "secret": "a-long-random-admin-secret" },
        "tim": { "sdkAppId": 1400123456, "secretKey": "<your TIM secret key>" },
        "policy": { "webInstances": 1 }
      }]
    }

Development tenant: when no app is configured (and --no-dev-tenant is absent), the server
loads or creates an app "dev" with random credentials for every vendor and prints them at start.
It also turns on development sign-in, which the demo app uses:
  POST /parley/dev/v1/credentials  {"vendor": "native"|"tim"|"jmessage"|"openim"|"hummer"|"maxleap",
                                    "userId": "[A-Za-z0-9_-]{1,32}"}
answers a working credential of that vendor for that user (created if new). Anyone who can
reach the server can then sign in as any user of "dev": bind to 127.0.0.1 (--host) on shared
networks, and configure an app for anything else. Configured apps never get this endpoint.

Data directory:
  dev-tenant.json         The development tenant's credentials (mode 0600). Delete it to get
                          new ones.
  parley.sqlite           The store's data when --store is sqlite (with -wal/-shm journals).

Admin API: POST /admin/v1/apps/<appId>/{tokens,users,usersig} with
"Authorization: Bearer <native.secret>". Health: GET /healthz, GET /readyz.

Exit status: 0 after a clean shutdown (SIGINT/SIGTERM; a second signal exits 1 at once),
1 when the server fails, 2 for a bad option or config.
`;
