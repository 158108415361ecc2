import { afterEach, describe, expect, it } from 'vitest';
import { configure, resetShimConfig, serverUrl } from './config.js';

const g = globalThis as Record<string, unknown>;

afterEach(() => {
  resetShimConfig();
  delete g.PARLEY_SERVER_URL;
  delete g.document;
  delete g.location;
});

describe('serverUrl', () => {
  it('prefers configure(), then the global, then the meta tag, then the origin', () => {
    g.location = { protocol: 'https:', host: 'chat.example.com' };
    expect(serverUrl()).toBe('wss://chat.example.com/parley/ws');
    g.document = { querySelector: (s: string) => (s === 'meta[name="parley-server"]' ? { getAttribute: () => 'wss://meta.example/parley/ws' } : null) };
    expect(serverUrl()).toBe('wss://meta.example/parley/ws');
    g.PARLEY_SERVER_URL = 'ws://global.example:8080/parley/ws';
    expect(serverUrl()).toBe('ws://global.example:8080/parley/ws');
    configure({ url: 'wss://configured.example/parley/ws' });
    expect(serverUrl()).toBe('wss://configured.example/parley/ws');
    expect(serverUrl('ws://explicit.example/x')).toBe('ws://explicit.example/x');
  });

  it('turns http addresses and bare origins into the WebSocket endpoint', () => {
    expect(serverUrl('http://127.0.0.1:8080')).toBe('ws://127.0.0.1:8080/parley/ws');
    expect(serverUrl('https://chat.example.com/')).toBe('wss://chat.example.com/parley/ws');
    g.location = { protocol: 'http:', host: 'page.example:3000' };
    expect(serverUrl('/custom/ws')).toBe('ws://page.example:3000/custom/ws');
  });

  it('says how to fix a missing address', () => {
    expect(() => serverUrl()).toThrow(/configure\(\{ url \}\)/);
  });
});
