import { isValidUserId, USER_ID_PATTERN } from './credentials.js';
import { h, on } from './dom.js';

/**
 * The sign-in form: a name is all it takes on the development tenant. `submit` signs in and
 * rejects with a message to show.
 */
export function signInView(submit: (name: string) => Promise<void>, initialError = ''): HTMLElement {
  const input = h('input', {
    id: 'signin-name',
    name: 'name',
    'data-testid': 'signin-name',
    autocomplete: 'username',
    required: true,
    pattern: USER_ID_PATTERN,
    maxlength: '32',
    autofocus: true,
    'aria-describedby': 'signin-hint',
  });
  const button = h('button', { type: 'submit', 'data-testid': 'signin-submit' }, 'Sign in');
  const error = h('p', { class: 'error', role: 'alert', 'data-testid': 'signin-error' }, initialError);
  const form = h(
    'form',
    { class: 'signin', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'Parley demo'),
    h('label', { for: 'signin-name' }, 'Your name'),
    input,
    h('p', { id: 'signin-hint', class: 'hint' }, 'Letters, digits, _ and -, up to 32. Open a second tab with another name to chat.'),
    button,
    error,
    h('p', { class: 'hint' }, h('a', { href: './vendor/index.html', 'data-testid': 'vendor-apps-link' }, 'Vendor apps'), ': the same chat through the TIM, JMessage, OpenIM, Hummer and MaxLeap APIs.'),
  );
  on(form, 'submit', (event) => {
    event.preventDefault();
    const name = input.value.trim();
    if (!isValidUserId(name)) {
      error.textContent = 'Use 1–32 letters, digits, _ or -.';
      return;
    }
    button.disabled = true;
    error.textContent = '';
    submit(name).catch((reason: unknown) => {
      button.disabled = false;
      error.textContent = `Could not sign in: ${reason instanceof Error ? reason.message : String(reason)}`;
    });
  });
  queueMicrotask(() => input.focus());
  return h('main', { class: 'signin-page' }, form);
}
