import { LazyArea } from '@parley/shim-kit';

export { CallQueue, LazyArea } from '@parley/shim-kit';

/** The calls a live-room page does not need to start (on-demand.ts), loaded on the first call of one. */
export const onDemand = new LazyArea(() => import('./on-demand.js'));

/**
 * Loads now the calls that otherwise load on their first call (room creation and moderation,
 * attribute writes, presence, P2P sends). Optional: a page may call it once it is idle, so
 * that no first call waits for the download.
 * @throws {Error} when the module cannot be loaded (the network is gone); a later call tries again.
 */
export async function preload(): Promise<void> {
  await onDemand.load();
}
