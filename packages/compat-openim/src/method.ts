import type { OpenImCore, Wiring } from './core.js';
import type { Kind } from './dialect.js';

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
  run(core: OpenImCore, data: unknown, operationID: string): unknown;
}

/** Methods by their name on the SDK object. */
export type MethodTable = Record<string, MethodSpec>;

/** What an area contributes: its methods and its event translation. */
export interface Area {
  methods: MethodTable;
  wirings: readonly Wiring[];
}

/** The callable the facade installs for a spec: `(data?, operationID?)` or `(operationID?)`. */
export function bind(core: OpenImCore, spec: MethodSpec): (...args: unknown[]) => Promise<unknown> {
  return (...args: unknown[]) => {
    const data = spec.noData ? undefined : args[0];
    const op = core.operationId(spec.noData ? args[0] : args[1]);
    return core.call(spec.event, op, () => spec.run(core, data, op), spec.kind ?? 'raw', {
      ...(spec.send ? { send: true } : {}),
      ...(spec.ungated ? { ungated: true } : {}),
    });
  };
}
