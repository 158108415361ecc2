/**
 * The API areas that load on their first call behave as if they had been there all along:
 * the vendor's synchronous argument checks happen before anything loads, local refusals reject,
 * and nothing loads until a method needs it. Runs without a server: `joinGroup`, `quitGroup` and
 * `getGroupOnlineMemberCount` are callable before login, as in tim-js-sdk.
 */
import { describe, expect, it } from 'vitest';
import { conversationsLater, groupsArea, messagesLater, relationsArea, uploads } from '../src/areas/lazy-areas.js';
import TIM, { TimError } from '../src/index.js';

const BAD = 'Params validate failed.';

describe('areas that load on first use', () => {
  it('are not loaded by creating an instance', () => {
    TIM.create({ SDKAppID: 1400000101 });
    for (const area of [messagesLater, conversationsLater, groupsArea, relationsArea, uploads]) expect(area.value).toBeUndefined();
  });

  it('check arguments synchronously before their area has loaded, as the vendor facade does', () => {
    const tim = TIM.create({ SDKAppID: 1400000102 });
    expect(() => tim.joinGroup(undefined as never)).toThrow(BAD);
    expect(() => tim.joinGroup({} as never)).toThrow(BAD);
    expect(() => tim.quitGroup('')).toThrow(BAD);
    expect(() => tim.getGroupOnlineMemberCount(42 as never)).toThrow(BAD);
    expect(groupsArea.value).toBeUndefined();
  });

  it('reject at once for the refusals tim-js-sdk decides locally', async () => {
    const tim = TIM.create({ SDKAppID: 1400000103 });
    const refused = tim.joinGroup({ groupID: 'work', type: TIM.TYPES.GRP_WORK });
    await expect(refused).rejects.toBeInstanceOf(TimError);
    await expect(refused).rejects.toMatchObject({ code: 2601 });
  });

  it('load on the first call that needs them and answer calls in order', async () => {
    const tim = TIM.create({ SDKAppID: 1400000104 });
    const settled: string[] = [];
    // Logged out: both reach the area and reject with 2024, in the order they were made.
    const first = tim.quitGroup('g1').catch((error: TimError) => settled.push(`first ${error.code}`));
    const second = tim.getGroupOnlineMemberCount('g2').catch((error: TimError) => settled.push(`second ${error.code}`));
    await Promise.all([first, second]);
    expect(settled).toEqual(['first 2024', 'second 2024']);
    expect(groupsArea.value).toBeDefined();
    // Loaded: a bad argument still throws synchronously, as it does before the load.
    expect(() => tim.quitGroup('')).toThrow(BAD);
  });

  it('gated methods of a lazy area still reject before SDK_READY without loading it', async () => {
    const tim = TIM.create({ SDKAppID: 1400000105 });
    await expect(tim.getUserProfile({ userIDList: ['a'] })).rejects.toMatchObject({ code: 2024 });
    // The gate answers first, so even a bad argument only rejects, as in tim-js-sdk.
    await expect(tim.getUserProfile(undefined as never)).rejects.toMatchObject({ code: 2024 });
    expect(relationsArea.value).toBeUndefined();
  });
});
