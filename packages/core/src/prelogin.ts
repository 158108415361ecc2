import type { OpName, OpRequest, OpResult, parley } from '@parley/protocol';
import { ClientCode } from './codes.js';
import { ConnectionError, TimeoutError } from './errors.js';
import { Link } from './link.js';
import type { ResolvedOptions } from './options.js';

/** A request on a pre-login link: one answer or one error, within the auth timeout. */
export type PreLoginRequest = <N extends OpName>(op: N, payload: OpRequest<N>) => Promise<OpResult<N>>;

/**
 * Opens a link of its own, says `conn.hello` (with the app proof), runs `steps` on it and closes
 * it. For what a vendor API does before any login: J `init` checks its signature, J `register`
 * creates an account. The client's session is not involved.
 *
 * @throws {RequestError} the server's refusal of the hello or of a step.
 * @throws {TransportError} when no link can be opened; {@link TimeoutError}; {@link ConnectionError}.
 */
export async function beforeLogin<T>(options: ResolvedOptions, steps: (request: PreLoginRequest, hello: parley.v1.HelloResult) => Promise<T>): Promise<T> {
  const env = options.env;
  const link = await Link.open(
    options.transport,
    options.codec,
    options.url,
    {
      push: () => {},
      closed: (_info, orphans) => {
        for (const orphan of orphans) orphan.settle(new ConnectionError(ClientCode.NOT_CONNECTED, 'the connection closed'));
      },
    },
    env.now,
  );
  const request: PreLoginRequest = (op, payload) =>
    new Promise((resolve, reject) => {
      let id = 0;
      const timer = env.setTimeout(() => {
        link.forget(id);
        reject(new TimeoutError(op, false, options.authTimeoutMs));
      }, options.authTimeoutMs);
      const settle = (error: Error | undefined, result?: unknown) => {
        env.clearTimeout(timer);
        if (error) reject(error);
        else resolve(result as OpResult<typeof op>);
      };
      try {
        id = link.send(op, payload, {}, { op, ack: () => {}, settle });
      } catch (error) {
        settle(error as Error);
      }
    });
  try {
    const proof = typeof options.appProof === 'function' ? await options.appProof() : options.appProof;
    const hello = (await request('connHello', { app: options.app, client: options.clientInfo, ...(proof && { proof }) })) as parley.v1.HelloResult;
    return await steps(request, hello);
  } finally {
    link.close(1000, 'done');
  }
}
