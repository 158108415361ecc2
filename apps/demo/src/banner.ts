import type { ConnectionState } from '@parley/core';
import { h, on } from './dom.js';

/** What the banner says, by situation; `undefined` hides it. */
function textOf(state: ConnectionState, online: boolean): { kind: string; text: string } | undefined {
  if (state === 'kicked') return { kind: 'kicked', text: 'You signed in somewhere else. This tab is no longer connected.' };
  if (state === 'closed' || state === 'idle') return undefined;
  if (!online) return { kind: 'offline', text: 'You are offline. Messages will be sent when the network is back.' };
  if (state === 'reconnecting') return { kind: 'reconnecting', text: 'Connection lost. Reconnecting…' };
  if (state === 'connecting' || state === 'authenticating') return { kind: 'connecting', text: 'Connecting…' };
  if (state === 'syncing') return { kind: 'syncing', text: 'Syncing…' };
  return undefined;
}

/**
 * The connection banner: connecting, reconnecting, offline, signed in elsewhere. It announces
 * itself politely to screen readers, and offers "use here" after a kick.
 */
export class Banner {
  readonly element: HTMLElement;
  readonly #text: HTMLElement;
  readonly #action: HTMLButtonElement;

  constructor(reclaim: () => void) {
    this.#text = h('span', { class: 'banner-text' });
    this.#action = on(h('button', { type: 'button', 'data-testid': 'banner-reclaim', hidden: true }, 'Use here'), 'click', reclaim);
    this.element = h('div', { class: 'banner', role: 'status', 'aria-live': 'polite', 'data-testid': 'banner', hidden: true }, this.#text, this.#action);
  }

  update(state: ConnectionState, online: boolean): void {
    const shown = textOf(state, online);
    this.element.hidden = shown === undefined;
    this.element.dataset.state = shown?.kind ?? 'ready';
    this.#text.textContent = shown?.text ?? '';
    this.#action.hidden = shown?.kind !== 'kicked';
  }
}
