import type { Client } from '../client.js';

/**
 * Turns an API area class into an accessor: `chatOf(client)` makes the area on first use and
 * returns the same instance afterwards. Areas are separate imports, not properties of the
 * client, so an app bundles only the areas it calls (the client alone stays small).
 */
export function area<T>(make: (client: Client) => T): (client: Client) => T {
  const made = new WeakMap<Client, T>();
  return (client) => {
    let value = made.get(client);
    if (value === undefined) {
      value = make(client);
      made.set(client, value);
    }
    return value;
  };
}
