// The Parley demo app: sign in with a name, then chat. Everything user-supplied is rendered as
// text (see dom.ts); the client keeps its cache in IndexedDB, so a reload shows the last state
// before the network answers.
import type { Client } from '@parley/core';
import { ChatApp } from './app.js';
import { rememberedName, rememberName } from './credentials.js';
import { createSession, signIn } from './session.js';
import { signInView } from './signin.js';

const root = document.getElementById('app') as HTMLElement;
let current: { client: Client; app: ChatApp } | undefined;

function showSignIn(error = ''): void {
  document.title = 'Parley demo: sign in';
  root.replaceChildren(signInView(start, error));
}

/**
 * Starts the client of `name` and shows the app at once: the cached conversations appear on
 * `hydrated`, the banner says how the connection goes. Resolves when the client is ready.
 * @throws {Error} when the server refuses the sign-in (the form shows it).
 */
async function start(name: string): Promise<void> {
  const client = createSession(name);
  const app = new ChatApp(client, name, () => {
    current = undefined;
    showSignIn();
  });
  current = { client, app };
  rememberName(name);
  document.title = `Parley demo: ${name}`;
  root.replaceChildren(app.element);
  try {
    await signIn(client, name);
  } catch (error) {
    app.close();
    await client.close().catch(() => {});
    current = undefined;
    showSignIn(`Could not sign in as ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const remembered = rememberedName();
if (remembered) void start(remembered);
else showSignIn();

// Tests and curious developers: the client of this tab.
(window as unknown as { parleyDemo: () => Client | undefined }).parleyDemo = () => current?.client;
