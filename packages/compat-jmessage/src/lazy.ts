import { LazyArea } from '@parley/shim-kit';

export { CallQueue, LazyArea } from '@parley/shim-kit';

/** The methods a chat page does not need to start (areas/on-demand.ts), loaded on the first call of one. */
export const onDemand = new LazyArea(() => import('./areas/on-demand.js'));

/**
 * Loads now the methods that otherwise load on their first call (profiles, picture and file
 * sends, friends, blacklist, no-disturb, group management). Optional: a page may call it once
 * it is idle, so that no first call waits for the download.
 * @throws {Error} when the module cannot be loaded (the network is gone); a later call tries again.
 */
export async function preload(): Promise<void> {
  await onDemand.load();
}
