import type { LogLevel } from './config/types.js';

/** Structured fields of a log line. Keys that look secret are redacted by the logger. */
export type LogFields = Record<string, unknown>;

/** JSON-lines logger. `child` adds fields (connection id, request id) to every line. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
  readonly level: LogLevel;
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Lines below this level are dropped; `silent` drops everything. */
  level: LogLevel;
  /**
   * Receives each line, JSON plus a trailing `\n`, so a stream's `write` fits directly.
   * @default process.stdout.write
   */
  write?: (line: string) => void;
  /** Fields added to every line (for example `{ node: 0 }`). @default {} */
  base?: LogFields;
  /** Clock for the `t` field, in epoch milliseconds. @default Date.now */
  now?: () => number;
}

const SEVERITY: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/**
 * Keys whose values are secrets. `sig` also covers `userSig`, `signature`, `jm_signature`;
 * `key$` covers `apiKey`, `secretKey`, `masterKey`. Matching on the key is a safety net: a
 * secret logged under an innocent key still leaks, so callers must not log credentials at all.
 */
const SECRET_KEY = /token|secret|password|passwd|sig|signature|credential|authorization|cookie|key$/i;

/**
 * Keys that match {@link SECRET_KEY} but name public facts. Exact, case-sensitive matches:
 * `tokenKind`/`tokenType` say which kind of token, not its value; `idempotencyKey` is a
 * client-chosen dedupe key; `signal` (`SIGTERM`) appears in shutdown lines. `keyType` (which
 * MaxLeap key signed) needs no entry: it does not match the pattern.
 */
const PUBLIC_KEYS: ReadonlySet<string> = new Set(['tokenKind', 'tokenType', 'idempotencyKey', 'signal']);

/** Objects nested deeper than this are replaced, so a secret below the limit cannot escape redaction. */
const MAX_DEPTH = 4;
/** The key names of the line itself; fields with these names are written with a `_` prefix. */
const RESERVED = new Set(['t', 'level', 'msg']);

const REDACTED = '[redacted]';

/**
 * Secrets inside text rather than under a key, for values and error messages that quote a URL
 * or a header: the password of a URL (`postgres://user:pw@host`), the value of a query
 * parameter whose name looks secret (`?sig=…`, `&token=…`, `access_token=…`), and the
 * credential after an HTTP auth scheme (`Bearer …`). A second safety net: callers still must
 * not log credentials.
 */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)[^\s/@]+@/gi;
const SECRET_PARAM = /((?:^|[?&;\s])[a-z0-9_.-]*(?:token|secret|password|passwd|sig|credential|key)[a-z0-9_.-]*=)[^&#\s"']+/gi;
// Eight characters at least, so prose such as "a bearer token" stays readable.
const AUTH_SCHEME = /\b(Bearer|Basic|Digest)(\s+)[A-Za-z0-9._~+/=-]{8,}/gi;
/** Text without any of these markers needs no pattern run (most log text). */
const MAYBE_SECRET = /[=@]|bearer|basic|digest/i;

function redactText(text: string): string {
  if (!MAYBE_SECRET.test(text)) return text;
  return text.replace(URL_PASSWORD, `$1${REDACTED}@`).replace(SECRET_PARAM, `$1${REDACTED}`).replace(AUTH_SCHEME, `$1$2${REDACTED}`);
}

function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) && !PUBLIC_KEYS.has(key);
}

/** Turns a field value into plain JSON data, redacting secret keys and bounding depth. */
function sanitize(value: unknown, depth: number, withStack: boolean, seen: WeakSet<object>): unknown {
  switch (typeof value) {
    case 'string':
      return redactText(value);
    case 'boolean':
    case 'undefined':
      return value;
    case 'number':
      // JSON has no NaN or Infinity; a string keeps the information.
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
    case 'symbol':
      return value.toString();
    case 'function':
      return undefined;
  }
  if (value === null) return null;
  const object = value as object;
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
  if (object instanceof Error) return serializeError(object, withStack);
  // Byte contents are opaque and may be key material; their size is what helps debugging.
  if (ArrayBuffer.isView(object)) return `[${object.byteLength} bytes]`;
  if (object instanceof ArrayBuffer) return `[${object.byteLength} bytes]`;
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (seen.has(object)) return '[circular]';
  seen.add(object);
  try {
    if (Array.isArray(object) || object instanceof Set) {
      return Array.from(object as Iterable<unknown>, (item) => sanitize(item, depth + 1, withStack, seen) ?? null);
    }
    const entries: Iterable<[unknown, unknown]> = object instanceof Map ? object : Object.entries(object);
    const out: Record<string, unknown> = {};
    for (const [rawKey, item] of entries) {
      const key = String(rawKey);
      out[key] = isSecretKey(key) ? REDACTED : sanitize(item, depth + 1, withStack, seen);
    }
    return out;
  } finally {
    seen.delete(object);
  }
}

/**
 * `{name, message, code?}`; the stack only at `debug`, because stacks are noise in production
 * logs and can carry file paths of the deployment.
 */
function serializeError(error: Error, withStack: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { name: error.name, message: redactText(error.message) };
  const code: unknown = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  if (withStack && error.stack !== undefined) out.stack = redactText(error.stack);
  return out;
}

function defaultWrite(line: string): void {
  process.stdout.write(line);
}

/**
 * Creates a JSON-lines logger: one object per line, `{"t": ISO time, "level", "msg", ...fields}`.
 *
 * Fields are made safe before writing: values under keys that look secret (`token`, `secret`,
 * `password`, `sig`, `authorization`, `cookie`, `…key`, …) become `"[redacted]"` at any depth;
 * in text (messages, string values, error messages) URL passwords, secret-looking query
 * parameters and `Bearer`/`Basic` credentials become `[redacted]`;
 * objects deeper than 4 levels become `"[truncated]"`, cycles `"[circular]"`, byte arrays their
 * size, `Error`s `{name, message, code?}` (plus `stack` when the level is `debug`). A field named
 * `t`, `level` or `msg` is written as `_t`, `_level`, `_msg`.
 *
 * @param opts - Level, sink, base fields and clock.
 * @returns A logger; its `child` loggers share the level, sink and clock.
 * @throws Never: logging must not break the caller, so a failing sink is ignored.
 */
export function createLogger(opts: LoggerOptions): Logger {
  const withStack = opts.level === 'debug';
  const sink: Sink = { level: opts.level, threshold: SEVERITY[opts.level], write: opts.write ?? defaultWrite, now: opts.now ?? Date.now, withStack };
  return new JsonLogger(sink, { ...opts.base });
}

/** What every logger of one {@link createLogger} tree shares. */
interface Sink {
  level: LogLevel;
  threshold: number;
  write: (line: string) => void;
  now: () => number;
  withStack: boolean;
}

/**
 * One logger of a tree: the shared sink and its own fields. A class, not an object of closures:
 * a server makes a child per connection and per HTTP request, and methods on the prototype keep
 * each child to two fields (closures cost about 1.5 kB per logger, which idle connections add up).
 */
class JsonLogger implements Logger {
  constructor(
    private readonly sink: Sink,
    private readonly base: LogFields,
  ) {}

  get level(): LogLevel {
    return this.sink.level;
  }

  debug(msg: string, fields?: LogFields): void {
    this.emit('debug', msg, fields);
  }

  info(msg: string, fields?: LogFields): void {
    this.emit('info', msg, fields);
  }

  warn(msg: string, fields?: LogFields): void {
    this.emit('warn', msg, fields);
  }

  error(msg: string, fields?: LogFields): void {
    this.emit('error', msg, fields);
  }

  child(fields: LogFields): Logger {
    return new JsonLogger(this.sink, { ...this.base, ...fields });
  }

  private emit(level: Exclude<LogLevel, 'silent'>, msg: string, fields: LogFields | undefined): void {
    const sink = this.sink;
    if (SEVERITY[level] < sink.threshold) return;
    const line: Record<string, unknown> = { t: new Date(sink.now()).toISOString(), level, msg: redactText(msg) };
    const seen = new WeakSet<object>();
    for (const source of fields === undefined ? [this.base] : [this.base, fields]) {
      for (const [key, value] of Object.entries(source)) {
        const name = RESERVED.has(key) ? `_${key}` : key;
        line[name] = isSecretKey(key) ? REDACTED : sanitize(value, 1, sink.withStack, seen);
      }
    }
    try {
      sink.write(`${JSON.stringify(line)}\n`);
    } catch {
      // A closed stdout (EPIPE) must not turn a log call into a crash of the request.
    }
  }
}

const noop = (): void => {};

/** A logger that drops every line (tests, embedding without logs). Its children are itself. */
export const nullLogger: Logger = {
  level: 'silent',
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  child: () => nullLogger,
};
