import { describe, expect, it } from 'vitest';
import { tipEvent } from './events.js';

describe('tipEvent (jmessage.md §3.4, §6.12)', () => {
  it('maps created, added, joined, removed and profile tips to events 8, 10, 10, 11 and 12', () => {
    expect(tipEvent({ tip: 12, operatorId: 'ann', userIds: ['ann'] }, 'ann', undefined)).toEqual({ type: 8, from: 'ann', to: ['ann'] });
    expect(tipEvent({ tip: 13, operatorId: 'ann', userIds: ['bo', 'cy'] }, 'bo', undefined)).toEqual({ type: 10, from: 'ann', to: ['bo', 'cy'] });
    expect(tipEvent({ tip: 1, operatorId: 'cy', userIds: ['cy'] }, 'ann', undefined)).toEqual({ type: 10, from: 'cy', to: ['cy'] });
    expect(tipEvent({ tip: 3, operatorId: 'ann', userIds: ['bo'] }, 'bo', undefined)).toEqual({ type: 11, from: 'ann', to: ['bo'] });
    expect(tipEvent({ tip: 6, operatorId: 'ann', profileChanges: { name: '"x"' } }, 'bo', undefined)).toEqual({ type: 12, from: 'ann', to: ['ann'] });
  });

  it('a member who leaves sees event 9 only when they were the owner; a dismissal is the owner leaving', () => {
    const quit = { tip: 2, operatorId: 'bo', userIds: ['bo'] };
    expect(tipEvent(quit, 'ann', undefined)).toEqual({ type: 9, from: 'bo', to: ['bo'] });
    expect(tipEvent(quit, 'bo', undefined)).toBeUndefined();
    expect(tipEvent(quit, 'bo', 'bo')).toEqual({ type: 9, from: 'bo', to: ['bo'] });
    expect(tipEvent(quit, 'bo', 'ann')).toBeUndefined();
    expect(tipEvent({ tip: 15, operatorId: 'ann' }, 'ann', undefined)).toEqual({ type: 9, from: 'ann', to: ['ann'] });
  });

  it('owner transfers, admin changes, mutes and unknown tips make no event', () => {
    for (const tip of [14, 4, 5, 7, 10, 0, 99]) expect(tipEvent({ tip, operatorId: 'ann', userIds: ['bo'] }, 'bo', undefined)).toBeUndefined();
  });
});
