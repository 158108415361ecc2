import { type Client, chatOf, type Message } from '@parley/core';

/** Entries per history page. */
const HISTORY_PAGE = 100;

/**
 * Entries of a conversation in `(floor, before)`, read back from the server: the offline
 * messages the login prefetch (the newest 20) did not reach.
 */
export async function pageBack(client: Client, convId: string, floor: number, before: number): Promise<Message[]> {
  const found: Message[] = [];
  let anchor = before;
  while (anchor > floor + 1) {
    const page = await chatOf(client).history(convId, { anchor: { convId, seq: anchor }, direction: 'older', limit: HISTORY_PAGE });
    const older = page.messages.filter((m) => m.seq > 0 && m.seq < anchor);
    found.unshift(...older.filter((m) => m.seq > floor));
    if (!page.hasMore || older.length === 0) break;
    anchor = Math.min(...older.map((m) => m.seq));
  }
  return found;
}
