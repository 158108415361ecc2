import { describe, expect, it } from 'vitest';
import { ClientCode, type ConnectionState } from '../src/codes.js';
import { Connection, type ConnectionHooks } from '../src/connection.js';
import { TimeoutError } from '../src/errors.js';
import { type ClientOptions, resolveOptions } from '../src/options.js';
import { FakeServer } from './fake-server.js';

const credential = { nativeToken: { userId: 'u1', token: 't' } };

function setup(overrides: Partial<ClientOptions> = {}, server = new FakeServer()) {
  const states: ConnectionState[] = [];
  const delays: number[] = [];
  const kicks: number[] = [];
  const asked: string[] = [];
  let online = true;
  let onlineListener: ((online: boolean) => void) | undefined;
  const options = resolveOptions({
    transport: server,
    codec: server.codec,
    url: 'ws://fake/parley/ws',
    app: { appId: 'test' },
    reconnectBaseMs: 100,
    reconnectMaxMs: 1000,
    ...overrides,
    environment: {
      random: () => 0.5,
      // Reconnect sleeps are recorded and then shortened to nothing: the logic, not the clock, is under test.
      setTimeout: (fn: () => void, ms: number) => {
        if (ms <= 1000) delays.push(ms);
        return setTimeout(fn, ms <= 1000 ? 0 : ms);
      },
      clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout),
      online: () => online,
      onOnlineChange: (listener) => {
        onlineListener = listener;
        return () => {};
      },
      ...overrides.environment,
    },
  });
  const hooks: ConnectionHooks = {
    authenticated: async () => {},
    push: () => {},
    state: (state) => states.push(state),
    kicked: (reason) => kicks.push(reason),
    credentialRequired: (reason) => asked.push(reason),
    hello: () => {},
  };
  const connection = new Connection(options, hooks);
  const setOnline = (value: boolean) => {
    online = value;
    onlineListener?.(value);
  };
  return { connection, server, states, delays, kicks, asked, setOnline };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe('Connection', () => {
  it('goes idle → connecting → authenticating → syncing → ready on login', async () => {
    const { connection, states } = setup();
    const result = await connection.login(credential, () => 0);
    expect(result.userId).toBe('u1');
    expect(states).toEqual(['connecting', 'authenticating', 'syncing', 'ready']);
  });

  it('retries refused connections with full-jitter exponential backoff', async () => {
    const server = new FakeServer();
    server.refuseConnects = 4;
    const { connection, delays } = setup({}, server);
    await connection.login(credential, () => 0);
    expect(server.connects).toBe(5);
    // random() = 0.5: half of min(max, base × 2^attempt) for attempts 0, 1, 2, 3.
    expect(delays).toEqual([50, 100, 200, 400]);
  });

  it('a refused credential rejects login with the server code and returns to idle', async () => {
    const server = new FakeServer();
    server.handlers.authLogin = () => ({ error: { code: ClientCode.SIGNATURE_INVALID } });
    const { connection } = setup({}, server);
    await expect(connection.login(credential, () => 0)).rejects.toMatchObject({ name: 'RequestError', code: ClientCode.SIGNATURE_INVALID });
    expect(connection.state).toBe('idle');
    expect(server.connects).toBe(1);
  });

  it('resends a request interrupted by a drop with the same idempotency key, after resuming', async () => {
    const server = new FakeServer();
    const { connection } = setup({}, server);
    await connection.login(credential, () => 0);
    let first = true;
    server.handlers.userGetProfiles = () => {
      if (first) {
        first = false;
        queueMicrotask(() => server.drop());
        return 'silent';
      }
      return { result: { userGetProfiles: { profiles: [{ userId: 'x' }] } } };
    };
    const result = await connection.request('userGetProfiles', { users: [{ userId: 'x' }] }, { idempotencyKey: 'k-1' });
    expect(result?.profiles?.[0]?.userId).toBe('x');
    const tries = server.requests.filter((r) => r.op === 'userGetProfiles');
    expect(tries.map((r) => r.idempotencyKey)).toEqual(['k-1', 'k-1']);
    expect(server.requests.filter((r) => r.op === 'authResume').length).toBe(1);
    expect(connection.state).toBe('ready');
  });

  it('tells a request with no acknowledgement from one acknowledged without a result', async () => {
    const server = new FakeServer();
    const { connection } = setup({}, server);
    await connection.login(credential, () => 0);
    server.handlers.friendList = () => 'silent';
    server.handlers.msgSend = () => {
      return 'silent';
    };
    const noAck = connection.request('friendList', {}, { timeoutMs: 30 });
    await expect(noAck).rejects.toBeInstanceOf(TimeoutError);
    await expect(noAck).rejects.toMatchObject({ acked: false, code: ClientCode.TIMEOUT });
  });

  it('a kick ends in `kicked`: pending requests fail and nothing reconnects', async () => {
    const server = new FakeServer();
    const { connection, kicks, states } = setup({}, server);
    await connection.login(credential, () => 0);
    server.handlers.friendList = () => 'silent';
    const pending = connection.request('friendList', {});
    server.push({ kicked: { reason: 1, detail: 'another login' } });
    server.drop(4003);
    await expect(pending).rejects.toMatchObject({ name: 'ConnectionError', code: ClientCode.KICKED });
    expect(connection.state).toBe('kicked');
    expect(kicks).toEqual([1]);
    await new Promise((r) => setTimeout(r, 30));
    expect(server.connects).toBe(1);
    expect(states.at(-1)).toBe('kicked');
  });

  it('does not try to connect while offline and reconnects at once when back online', async () => {
    const server = new FakeServer();
    const { connection, setOnline } = setup({}, server);
    await connection.login(credential, () => 0);
    setOnline(false);
    await until(() => connection.state === 'reconnecting');
    await new Promise((r) => setTimeout(r, 30));
    expect(server.connects).toBe(1);
    setOnline(true);
    await until(() => connection.state === 'ready');
    expect(server.connects).toBe(2);
  });

  it('abandons a silent link after two heartbeat intervals and resumes', async () => {
    const server = new FakeServer();
    const { connection } = setup({ heartbeatMs: 20 }, server);
    await connection.login(credential, () => 0);
    server.handlers.connPing = () => 'silent';
    await until(() => server.connects === 2 && connection.state === 'ready');
    expect(server.requests.some((r) => r.op === 'authResume')).toBe(true);
  });

  it('a resume refused for an expired credential asks the app, and a fresh one continues', async () => {
    const server = new FakeServer();
    const { connection, asked } = setup({}, server);
    await connection.login(credential, () => 0);
    server.handlers.authResume = () => ({ error: { code: ClientCode.CREDENTIAL_EXPIRED } });
    server.drop();
    await until(() => connection.state === 'kicked');
    expect(asked).toEqual(['expired']);
    delete server.handlers.authResume;
    await connection.refreshCredential({ nativeToken: { userId: 'u1', token: 'fresh' } });
    expect(connection.state).toBe('ready');
    expect(server.requests.filter((r) => r.op === 'authLogin').at(-1)?.payload).toMatchObject({ credential: { nativeToken: { token: 'fresh' } } });
  });

  it('requests fail fast when not logged in', async () => {
    const { connection } = setup();
    await expect(connection.request('friendList', {})).rejects.toMatchObject({ code: ClientCode.NOT_CONNECTED });
    connection.close();
    await expect(connection.request('friendList', {})).rejects.toMatchObject({ code: ClientCode.CLIENT_CLOSED });
  });
});

