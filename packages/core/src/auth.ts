import type { OpName, OpRequest, OpResult, parley } from '@parley/protocol';
import { ClientCode } from './codes.js';
import { ConnectionError, RequestError } from './errors.js';
import type { Credential, ResolvedOptions } from './options.js';

/** Refusals of `auth.login` that no retry can fix: the app must act. */
export const FATAL_AUTH = new Set<number>([
  ClientCode.APP_UNKNOWN,
  ClientCode.SIGNATURE_INVALID,
  ClientCode.CREDENTIAL_EXPIRED,
  ClientCode.CREDENTIAL_REPLAYED,
  ClientCode.USER_NOT_FOUND,
  ClientCode.BAD_PASSWORD,
  ClientCode.USER_DISABLED,
  ClientCode.ALREADY_LOGGED_IN,
  ClientCode.INVALID_PARAM,
  ClientCode.PERMISSION_DENIED,
  ClientCode.NOT_SUPPORTED,
  ClientCode.UNSUPPORTED_PROTOCOL,
]);

/** What one session setup needs. */
export interface AuthContext {
  options: ResolvedOptions;
  request<N extends OpName>(op: N, payload: OpRequest<N>): Promise<OpResult<N>>;
  /** The previous session's resume token ('' for a fresh login). */
  resumeToken: string;
  cursor: number;
  credential: Credential | undefined;
  hello(result: parley.v1.HelloResult): void;
}

/**
 * Sets up a session on a fresh link: `conn.hello`, then `auth.resume` when there is a session
 * to resume (falling back to a plain login once the server's grace has passed), else
 * `auth.login`. A resume refused for an expired credential is reported as a refused login.
 * @throws {RequestError} the server's refusal.
 */
export async function authenticate(ctx: AuthContext): Promise<parley.v1.LoginResult> {
  const o = ctx.options;
  const proof = typeof o.appProof === 'function' ? await o.appProof() : o.appProof;
  const hello = (await ctx.request('connHello', { app: o.app, client: o.clientInfo, ...(proof && { proof }) })) as parley.v1.HelloResult;
  ctx.hello(hello);
  if (ctx.resumeToken) {
    try {
      return (await ctx.request('authResume', { resumeToken: ctx.resumeToken, changeCursor: ctx.cursor })) as parley.v1.LoginResult;
    } catch (error) {
      if (!(error instanceof RequestError)) throw error;
      if (error.code === ClientCode.CREDENTIAL_EXPIRED) throw new RequestError('authLogin', error.code, error.message, error.detail);
      // The resume grace has passed: a plain login starts a new session.
    }
  }
  const credential = ctx.credential;
  if (!credential) throw new ConnectionError(ClientCode.INVALID_STATE, 'no credential');
  const platform = o.clientInfo.platform ?? 0;
  return (await ctx.request('authLogin', { credential, platform, ...(o.clientInfo.deviceId && { deviceId: o.clientInfo.deviceId }) })) as parley.v1.LoginResult;
}
