import { describe, expect, it } from 'vitest';
import { ClientCode } from '../src/codes.js';
import { RequestError } from '../src/errors.js';
import { resolveOptions } from '../src/options.js';
import { beforeLogin } from '../src/prelogin.js';
import { FakeServer } from './fake-server.js';

function options(server: FakeServer, appProof: () => { ticket?: string }) {
  return resolveOptions({ transport: server, codec: server.codec, url: 'ws://fake/parley/ws', app: { appkey: 'k' }, appProof, authTimeoutMs: 200 });
}

describe('beforeLogin', () => {
  it('says hello with the app proof on a link of its own, runs the steps, and closes the link', async () => {
    const server = new FakeServer();
    server.handlers.connHello = () => ({ result: { connHello: { appId: 'a', proofTicket: 'T1' } } });
    const result = await beforeLogin(options(server, () => ({ ticket: 'given' })), async (request, hello) => {
      await request('accountRegister', { username: 'bob', password: 'pw' });
      return hello.proofTicket;
    });
    expect(result).toBe('T1');
    expect(server.requests.map((r) => r.op)).toEqual(['connHello', 'accountRegister']);
    expect(server.requests[0]?.payload).toMatchObject({ app: { appkey: 'k' }, proof: { ticket: 'given' } });
    await Promise.resolve();
    expect(server.open).toBe(false);
  });

  it('rejects with the server refusal and with a timeout when nothing answers, closing the link either way', async () => {
    const server = new FakeServer();
    server.handlers.connHello = () => ({ error: { code: ClientCode.SIGNATURE_INVALID, message: 'bad signature' } });
    const refused = beforeLogin(options(server, () => ({})), async () => 'unreached');
    await expect(refused).rejects.toBeInstanceOf(RequestError);
    await expect(refused).rejects.toMatchObject({ code: ClientCode.SIGNATURE_INVALID });
    server.handlers.connHello = () => 'silent';
    await expect(beforeLogin(options(server, () => ({})), async () => 'unreached')).rejects.toMatchObject({ code: ClientCode.TIMEOUT });
    await Promise.resolve();
    expect(server.open).toBe(false);
  });
});
