import { LoginStatus, type OpenImCore, type Wiring } from './core.js';
import type { Kind } from './dialect.js';
import { OpenImCode, OpenImError } from './errors.js';
import type { Lazy } from './lazy.js';

/** One SDK method, as an area implements it; the facades frame it as a WsResponse. */
export interface MethodSpec {
  /** `WsResponse.event`: the RequestFunc value (the PascalCase method name). */
  event: string;
  /** What the result is, for the dialect (default `raw`: a string passed as it is). */
  kind?: Kind;
  /** The method takes no data argument: its first argument is the operationID. */
  noData?: boolean;
  /** Callable while logged out. */
  ungated?: boolean;
  /** A send: delivery failures are 302. */
  send?: boolean;
  /**
   * Code this call needs that loads on first use (a {@link Lazy}'s `load()`), or undefined when
   * it needs none or it is loaded: `run` starts once it is, in call order ({@link start}).
   */
  load?(core: OpenImCore, data: unknown): Promise<unknown> | undefined;
  run(core: OpenImCore, data: unknown, operationID: string): unknown;
}

/** Methods by their name on the SDK object. */
export type MethodTable = Record<string, MethodSpec>;

/** What an area contributes: its methods and its event translation. */
export interface Area {
  methods: MethodTable;
  wirings: readonly Wiring[];
}

/** Runs a spec in call order: once what it needs has loaded and the calls made before it have started. */
export function start(core: OpenImCore, spec: MethodSpec, data: unknown, operationID: string): unknown {
  const load = spec.load?.(core, data);
  const run = () => spec.run(core, data, operationID);
  return load ? core.order.after(load, run) : core.order.run(run);
}

/** `data` and the operationID of a call's arguments: `(data?, operationID?)` or `(operationID?)`. */
function argsOf(core: OpenImCore, noData: boolean | undefined, args: unknown[]): [data: unknown, operationID: string] {
  return [noData ? undefined : args[0], core.operationId(noData ? args[0] : args[1])];
}

function call(core: OpenImCore, spec: MethodSpec, data: unknown, op: string, run = () => start(core, spec, data, op)): Promise<unknown> {
  return core.call(spec.event, op, run, spec.kind ?? 'raw', {
    ...(spec.send ? { send: true } : {}),
    ...(spec.ungated ? { ungated: true } : {}),
  });
}

/** The callable the facade installs for a spec: `(data?, operationID?)` or `(operationID?)`. */
export function bind(core: OpenImCore, spec: MethodSpec): (...args: unknown[]) => Promise<unknown> {
  return (...args: unknown[]) => call(core, spec, ...argsOf(core, spec.noData, args));
}

/**
 * The callable for a method whose spec is in a part loaded on first use (`area`, by `name`).
 * Its first call fetches the part: the result is as if it had been there all along, since the
 * login check is made at the call and the call keeps its place in the SDK object's call order.
 */
export function bindLazy(core: OpenImCore, name: string, noData: boolean, area: Lazy<MethodTable>): (...args: unknown[]) => Promise<unknown> {
  return (...args: unknown[]) => {
    const [data, op] = argsOf(core, noData, args);
    const loaded = area.get()?.[name];
    if (loaded) return call(core, loaded, data, op);
    const loggedIn = core.status === LoginStatus.LOGGED_IN;
    const noLogin = () => new OpenImError(OpenImCode.NO_LOGIN, 'No Login, first Login');
    return core.order.after(
      area.load(),
      (table) => {
        const spec = table[name] as MethodSpec;
        return call(core, { ...spec, ungated: true }, data, op, () => {
          if (!loggedIn && !spec.ungated) throw noLogin();
          return start(core, spec, data, op);
        });
      },
      // The part could not be fetched (offline): the call fails as any failed method does (804),
      // its event named after the method since its spec is not there.
      (error) => core.call(name.charAt(0).toUpperCase() + name.slice(1), op, () => Promise.reject(loggedIn ? error : noLogin()), 'raw', { ungated: true }),
    );
  };
}
