import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { validateApps } from './apps.js';
import {
  expectBoolean,
  expectEnum,
  expectInteger,
  expectNumber,
  expectObject,
  expectString,
  rejectUnknownKeys,
  TIMER_MAX_MS,
} from './check.js';
import { DEFAULT_SERVER_CONFIG } from './defaults.js';
import type { LogLevel, ServerConfig } from './types.js';

export { HELP_TEXT } from './help.js';

/** A bad flag, environment variable or config file. The message says which and why. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** What {@link parseCliArgs} found on the command line. */
export interface CliArgs {
  /** `--help` / `-h`. */
  help: boolean;
  /** `--version`. */
  version: boolean;
  /** `--config` / `-c` as given (relative to the working directory). */
  configPath?: string;
  /** Settings from flags; `dataDir` and `staticDir` are as given, not yet resolved. */
  overrides: Partial<ServerConfig>;
}

/** Where {@link loadConfig} reads from; passed in so that tests need no real process state. */
export interface LoadConfigInput {
  /** The arguments after the script name (`process.argv.slice(2)`). */
  argv: string[];
  env: NodeJS.ProcessEnv;
  /** Base of relative paths from flags and environment variables. */
  cwd: string;
}

const STORES = ['sqlite', 'memory'] as const;

/** `sqlite`, `memory` or a PostgreSQL URL. */
function expectStore(value: unknown, where: string): string {
  if (typeof value === 'string' && /^postgres(ql)?:\/\/./.test(value)) return value;
  return expectEnum(value, where, STORES);
}

/** `local`, or a Redis or NATS URL. */
function expectBus(value: unknown, where: string): string {
  if (typeof value === 'string' && (value === 'local' || /^(rediss?|nats):\/\/./.test(value))) return value;
  throw new TypeError(`${where}: expected local, redis://… or nats://…, got ${JSON.stringify(value)}`);
}
const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];
const MAX_BYTES = 1024 * 1024 * 1024;

type FieldCheck<K extends keyof ServerConfig> = (value: unknown, where: string) => Exclude<ServerConfig[K], undefined>;

/**
 * The settings a config file, the environment or a flag may give. `devCredentials` is not one:
 * the CLI derives it from running the development tenant, so no file can open sign-in for a
 * configured app.
 */
type ConfigKey = Exclude<keyof ServerConfig, 'devCredentials'>;

/** One check per config key; the config file, the environment and the flags all go through these. */
const FIELDS: { [K in ConfigKey]-?: FieldCheck<K> } = {
  host: (v, w) => expectString(v, w),
  port: (v, w) => expectInteger(v, w, 0, 65_535),
  dataDir: (v, w) => expectString(v, w),
  store: (v, w) => expectStore(v, w),
  bus: (v, w) => expectBus(v, w),
  apps: (v, w) => validateApps(v, w),
  devTenant: expectBoolean,
  logLevel: (v, w) => expectEnum(v, w, LOG_LEVELS),
  // Two silent intervals close a connection, and that doubled delay must still fit a timer.
  heartbeatMs: (v, w) => expectInteger(v, w, 1, Math.floor(TIMER_MAX_MS / 2)),
  loginTimeoutMs: (v, w) => expectInteger(v, w, 1, TIMER_MAX_MS),
  maxFrameBytes: (v, w) => expectInteger(v, w, 1, MAX_BYTES),
  maxBufferedBytes: (v, w) => expectInteger(v, w, 1, MAX_BYTES),
  sqliteCacheMiB: (v, w) => expectInteger(v, w, 1, 1_048_576),
  // A fractional refill rate is meaningful (one request every two seconds).
  requestsPerSec: (v, w) => expectNumber(v, w, Number.MIN_VALUE, 1_000_000),
  requestBurst: (v, w) => expectInteger(v, w, 1, 1_000_000),
  sendStallMs: (v, w) => expectInteger(v, w, 0, TIMER_MAX_MS),
  shutdownGraceMs: (v, w) => expectInteger(v, w, 0, TIMER_MAX_MS),
  // Five bits of every server message id.
  nodeId: (v, w) => expectInteger(v, w, 0, 31),
  staticDir: (v, w) => expectString(v, w),
  staticCsp: (v, w) => expectHeaderValue(v, w),
  // Two years is what the HSTS preload list asks for; ten is past any sensible plan.
  hstsMaxAgeSec: (v, w) => expectInteger(v, w, 0, 315_360_000),
};

/** A string that can go into a header as it is: no line breaks or other control characters. */
function expectHeaderValue(value: unknown, where: string): string {
  const text = expectString(value, where);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(text)) throw new TypeError(`${where}: must not contain control characters`);
  return text;
}

const CONFIG_KEYS = Object.keys(FIELDS);

/** Runs a check and turns its TypeError/RangeError into a ConfigError prefixed by the source. */
function check<T>(source: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) {
      throw new ConfigError(source === '' ? error.message : `${source}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/** Decimal digits only: `Number()` would also take `0x10`, `1e3` and `' 80 '`. */
function integerText(text: string, where: string): number {
  if (!/^[0-9]+$/.test(text)) throw new ConfigError(`${where}: expected an integer, got '${text}'`);
  return Number(text);
}

const FLAG_OPTIONS = {
  config: { type: 'string', short: 'c' },
  host: { type: 'string' },
  port: { type: 'string', short: 'p' },
  'data-dir': { type: 'string', short: 'd' },
  store: { type: 'string' },
  bus: { type: 'string' },
  'node-id': { type: 'string' },
  'log-level': { type: 'string' },
  'static-dir': { type: 'string' },
  'no-dev-tenant': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

function parseFlags(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: FLAG_OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // parseArgs throws TypeErrors with codes ERR_PARSE_ARGS_*; their messages name the flag.
    throw new ConfigError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/**
 * Parses the command line. Values are checked here (a bad `--port` fails before anything
 * starts) but paths are left as given, since resolving them needs the working directory.
 *
 * @param argv - The arguments after the script name.
 * @throws ConfigError for an unknown flag, a missing or bad value, or a positional argument.
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const values = parseFlags(argv);
  const overrides: Partial<ServerConfig> = {};
  if (values.host !== undefined) overrides.host = check('', () => FIELDS.host(values.host, '--host'));
  if (values.port !== undefined) {
    const port = integerText(values.port, '--port');
    overrides.port = check('', () => FIELDS.port(port, '--port'));
  }
  if (values['data-dir'] !== undefined) overrides.dataDir = check('', () => FIELDS.dataDir(values['data-dir'], '--data-dir'));
  if (values.store !== undefined) overrides.store = check('', () => FIELDS.store(values.store, '--store'));
  if (values.bus !== undefined) overrides.bus = check('', () => FIELDS.bus(values.bus, '--bus'));
  if (values['node-id'] !== undefined) {
    const nodeId = integerText(values['node-id'], '--node-id');
    overrides.nodeId = check('', () => FIELDS.nodeId(nodeId, '--node-id'));
  }
  if (values['log-level'] !== undefined) {
    overrides.logLevel = check('', () => FIELDS.logLevel(values['log-level'], '--log-level'));
  }
  if (values['static-dir'] !== undefined) {
    overrides.staticDir = check('', () => FIELDS.staticDir(values['static-dir'], '--static-dir'));
  }
  if (values['no-dev-tenant'] === true) overrides.devTenant = false;

  const args: CliArgs = { help: values.help === true, version: values.version === true, overrides };
  if (values.config !== undefined) args.configPath = check('', () => expectString(values.config, '--config'));
  return args;
}

/** Reads and checks the JSON config file; relative paths in it become absolute against its directory. */
function readConfigFile(path: string): Partial<ServerConfig> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`config file ${path}: cannot read it (${code ?? String(error)})`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`config file ${path}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  return check(`config file ${path}`, () => {
    const input = expectObject(parsed, 'config');
    rejectUnknownKeys(input, CONFIG_KEYS, 'config');
    const out: Partial<ServerConfig> = {};
    const target = out as Record<string, unknown>;
    for (const key of CONFIG_KEYS as ConfigKey[]) {
      if (input[key] !== undefined) target[key] = FIELDS[key](input[key], key);
    }
    const base = dirname(path);
    if (out.dataDir !== undefined) out.dataDir = resolve(base, out.dataDir);
    if (out.staticDir !== undefined) out.staticDir = resolve(base, out.staticDir);
    return out;
  });
}

/** The environment layer. An empty variable counts as unset, as in most shells' `${VAR:-}` idiom. */
function readEnv(env: NodeJS.ProcessEnv, cwd: string): Partial<ServerConfig> {
  const get = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value === '' ? undefined : value;
  };
  const out: Partial<ServerConfig> = {};
  const host = get('PARLEY_HOST');
  if (host !== undefined) out.host = host;
  const port = get('PARLEY_PORT');
  if (port !== undefined) out.port = check('', () => FIELDS.port(integerText(port, 'PARLEY_PORT'), 'PARLEY_PORT'));
  const dataDir = get('PARLEY_DATA_DIR');
  if (dataDir !== undefined) out.dataDir = resolve(cwd, dataDir);
  const store = get('PARLEY_STORE');
  if (store !== undefined) out.store = check('', () => FIELDS.store(store, 'PARLEY_STORE'));
  const bus = get('PARLEY_BUS');
  if (bus !== undefined) out.bus = check('', () => FIELDS.bus(bus, 'PARLEY_BUS'));
  const logLevel = get('PARLEY_LOG_LEVEL');
  if (logLevel !== undefined) out.logLevel = check('', () => FIELDS.logLevel(logLevel, 'PARLEY_LOG_LEVEL'));
  const heartbeat = get('PARLEY_HEARTBEAT_MS');
  if (heartbeat !== undefined) {
    const ms = integerText(heartbeat, 'PARLEY_HEARTBEAT_MS');
    out.heartbeatMs = check('', () => FIELDS.heartbeatMs(ms, 'PARLEY_HEARTBEAT_MS'));
  }
  const nodeId = get('PARLEY_NODE_ID');
  if (nodeId !== undefined) {
    out.nodeId = check('', () => FIELDS.nodeId(integerText(nodeId, 'PARLEY_NODE_ID'), 'PARLEY_NODE_ID'));
  }
  const staticDir = get('PARLEY_STATIC_DIR');
  if (staticDir !== undefined) out.staticDir = resolve(cwd, staticDir);
  const apps = get('PARLEY_APPS');
  if (apps !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(apps);
    } catch (error) {
      throw new ConfigError(`PARLEY_APPS: not valid JSON (${(error as Error).message})`, { cause: error });
    }
    out.apps = check('PARLEY_APPS', () => validateApps(parsed, 'apps'));
  }
  return out;
}

/**
 * Builds the server configuration from, in increasing precedence: {@link DEFAULT_SERVER_CONFIG},
 * the JSON config file (`--config`, else `PARLEY_CONFIG`), the environment (`PARLEY_*`), the
 * flags. Every value is checked, including each app (`validateApps`: ids, credentials, vendor
 * lookup keys unique, policy overrides valid); policies stay as overrides for the server to
 * resolve. `dataDir` and `staticDir` come back absolute. `--help` and `--version` do not
 * affect the result: the caller checks {@link parseCliArgs} first.
 *
 * @param input - Arguments, environment and working directory.
 * @returns A complete configuration; `apps` is a new array.
 * @throws ConfigError naming the flag, variable or file key at fault, or an unreadable or
 *   invalid config file, or a `staticDir` that is not a directory.
 */
export function loadConfig(input: LoadConfigInput): ServerConfig {
  const cli = parseCliArgs(input.argv);
  const configPath = cli.configPath ?? (input.env.PARLEY_CONFIG === '' ? undefined : input.env.PARLEY_CONFIG);
  const fromFile = configPath === undefined ? {} : readConfigFile(resolve(input.cwd, configPath));
  const fromFlags: Partial<ServerConfig> = { ...cli.overrides };
  if (fromFlags.dataDir !== undefined) fromFlags.dataDir = resolve(input.cwd, fromFlags.dataDir);
  if (fromFlags.staticDir !== undefined) fromFlags.staticDir = resolve(input.cwd, fromFlags.staticDir);

  const config: ServerConfig = {
    ...DEFAULT_SERVER_CONFIG,
    dataDir: resolve(input.cwd, DEFAULT_SERVER_CONFIG.dataDir),
    ...fromFile,
    ...readEnv(input.env, input.cwd),
    ...fromFlags,
  };
  config.apps = [...config.apps];

  if (config.staticDir !== undefined) {
    let isDirectory = false;
    try {
      isDirectory = statSync(config.staticDir).isDirectory();
    } catch {
      // Reported below together with the not-a-directory case.
    }
    if (!isDirectory) throw new ConfigError(`staticDir: ${config.staticDir} is not a directory`);
  }
  return config;
}
