import { describe, expect, it } from 'vitest';
import { JmHandle } from '../src/handle.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('JmHandle (the onSuccess/onFail/onTimeout/onAck chain)', () => {
  it('chains, runs callbacks only after the call returned, and delivers one outcome once', async () => {
    const handle = new JmHandle();
    const calls: unknown[] = [];
    expect(handle.onSuccess((data, msg) => calls.push(['success', data, msg])).onFail((d) => calls.push(['fail', d])).onTimeout((d) => calls.push(['timeout', d]))).toBe(handle);
    handle.succeed({ code: 0 }, { content: 1 });
    handle.fail({ code: 880001, message: 'x' });
    handle.timeout({ code: 882005, message: 'y', response_timeout: false });
    expect(calls).toEqual([]);
    await tick();
    expect(calls).toEqual([['success', { code: 0 }, { content: 1 }]]);
  });

  it('a handler attached after the outcome still runs; handlers of other outcomes never do', async () => {
    const handle = new JmHandle();
    handle.fail({ code: 880002, message: 'invalid parameter' });
    await tick();
    const calls: string[] = [];
    handle.onFail(() => calls.push('fail')).onSuccess(() => calls.push('success'));
    await tick();
    expect(calls).toEqual(['fail']);
  });

  it('onAck runs at most once and never after the outcome', async () => {
    const handle = new JmHandle();
    const acks: unknown[] = [];
    handle.onAck((d) => acks.push(d));
    handle.ack({ code: 0 });
    handle.ack({ code: 0 });
    handle.succeed({});
    handle.ack({ code: 0 });
    await tick();
    expect(acks).toHaveLength(1);
    const late = new JmHandle();
    late.succeed({});
    late.ack({});
    late.onAck((d) => acks.push(d));
    await tick();
    expect(acks).toHaveLength(1);
  });

  it('is not a thenable; promise() is the opt-in adapter', async () => {
    const handle = new JmHandle();
    expect('then' in handle).toBe(false);
    const p = handle.promise();
    handle.succeed({ code: 0, message: 'success' });
    await expect(p).resolves.toEqual({ code: 0, message: 'success' });
    const failed = new JmHandle();
    const q = failed.promise();
    failed.timeout({ code: 882005, message: 'response time out，try again later', response_timeout: true });
    await expect(q).rejects.toMatchObject({ response_timeout: true });
  });

  it('ignores non-function handlers', async () => {
    const handle = new JmHandle();
    expect(handle.onSuccess(undefined as never).onFail(null as never)).toBe(handle);
    handle.succeed({});
    await tick();
  });
});
