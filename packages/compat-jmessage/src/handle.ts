import type { JmFailure } from './errors.js';

/** `onTimeout`'s payload: `response_timeout` tells "acknowledged, no answer" from "no acknowledgement". */
export interface JmTimeout extends JmFailure {
  response_timeout: boolean;
}

type Outcome = { kind: 'success'; args: [unknown, unknown?] } | { kind: 'fail'; data: JmFailure } | { kind: 'timeout'; data: JmTimeout };

type Handler = (...args: never[]) => unknown;

/**
 * What every request method returns (jmessage.md §1.3): a chain of `onSuccess`, `onFail`,
 * `onTimeout` and `onAck`, each returning the same handle. Callbacks always run asynchronously,
 * after the call has returned; exactly one of success, fail and timeout runs, once, and `onAck`
 * at most once before it. A handler attached after the outcome still gets it. Not a thenable:
 * {@link JmHandle.promise} adapts it on request.
 */
export class JmHandle<S = Record<string, unknown>, M = unknown> {
  #outcome: Outcome | undefined;
  #acked: unknown;
  #success: Array<(data: S, msg?: M) => unknown> = [];
  #fail: Array<(data: JmFailure) => unknown> = [];
  #timeout: Array<(data: JmTimeout) => unknown> = [];
  #ack: Array<(data: unknown) => unknown> = [];

  onSuccess(fn: (data: S, msg?: M) => unknown): this {
    return this.#add(this.#success, fn, 'success');
  }

  onFail(fn: (data: JmFailure) => unknown): this {
    return this.#add(this.#fail, fn, 'fail');
  }

  onTimeout(fn: (data: JmTimeout) => unknown): this {
    return this.#add(this.#timeout, fn, 'timeout');
  }

  onAck(fn: (data: unknown) => unknown): this {
    if (typeof fn !== 'function') return this;
    this.#ack.push(fn);
    if (this.#acked !== undefined) later(() => fn(this.#acked));
    return this;
  }

  /** An opt-in Promise: resolves with the success payload, rejects with the fail or timeout payload. */
  promise(): Promise<S> {
    return new Promise<S>((resolve, reject) => {
      this.onSuccess((data) => resolve(data)).onFail(reject).onTimeout(reject);
    });
  }

  // ——— settlement (the shim's side) ———

  /** The server acknowledged the request (§4.3 early ack). Ignored after the outcome or a first ack. */
  ack(data: unknown): void {
    if (this.#outcome || this.#acked !== undefined) return;
    this.#acked = data;
    for (const fn of this.#ack) later(() => fn(data));
  }

  succeed(data: S, msg?: M): void {
    this.#settle({ kind: 'success', args: msg === undefined ? [data] : [data, msg] });
  }

  fail(data: JmFailure): void {
    this.#settle({ kind: 'fail', data });
  }

  timeout(data: JmTimeout): void {
    this.#settle({ kind: 'timeout', data });
  }

  get settled(): boolean {
    return this.#outcome !== undefined;
  }

  #settle(outcome: Outcome): void {
    if (this.#outcome) return;
    this.#outcome = outcome;
    for (const fn of this.#listFor(outcome.kind)) later(() => this.#call(fn, outcome));
  }

  #listFor(kind: Outcome['kind']): Handler[] {
    return (kind === 'success' ? this.#success : kind === 'fail' ? this.#fail : this.#timeout) as Handler[];
  }

  #add(list: Handler[], fn: Handler, kind: Outcome['kind']): this {
    if (typeof fn !== 'function') return this;
    list.push(fn);
    const outcome = this.#outcome;
    if (outcome?.kind === kind) later(() => this.#call(fn, outcome));
    return this;
  }

  #call(fn: Handler, outcome: Outcome): void {
    const call = fn as (...args: unknown[]) => unknown;
    if (outcome.kind === 'success') call(...outcome.args);
    else call(outcome.data);
  }
}

/** Runs after the current task: app handlers attached right after the call are in place by then. */
function later(fn: () => unknown): void {
  setTimeout(() => {
    fn();
  }, 0);
}
