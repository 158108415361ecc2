/**
 * A tiny element builder. User data only ever reaches the page as text nodes or attribute
 * values (`createTextNode`, `setAttribute`), never as HTML: there is no `innerHTML` in this app.
 */

/** A child: a node, text (becomes a text node), or nothing. */
export type Child = Node | string | null | undefined | false;

/** Attributes: a string sets it, `true` sets it empty, `false`/`undefined` leave it out. */
export type Attrs = Record<string, string | boolean | undefined>;

/** Creates an element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    // Event handler attributes would run their value as code: listeners are added with `on()`.
    if (name.toLowerCase().startsWith('on')) throw new Error(`h(): use on() for ${name}`);
    if (value === true) element.setAttribute(name, '');
    else if (typeof value === 'string') element.setAttribute(name, value);
  }
  append(element, children);
  return element;
}

/** Appends children, turning strings into text nodes. */
export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Adds an event listener and returns the element, for building inline. */
export function on<E extends HTMLElement, T extends keyof HTMLElementEventMap>(element: E, type: T, listener: (event: HTMLElementEventMap[T]) => void): E {
  element.addEventListener(type, listener as EventListener);
  return element;
}

/** A short local time: `14:05` today, `Mon 14:05` this week, else the date. */
export function shortTime(ms: number, now = Date.now()): string {
  if (!ms) return '';
  const date = new Date(ms);
  const today = new Date(now);
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (date.toDateString() === today.toDateString()) return time;
  if (now - ms < 6 * 86_400_000) return `${date.toLocaleDateString(undefined, { weekday: 'short' })} ${time}`;
  return date.toLocaleDateString();
}
