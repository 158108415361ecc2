import { type Client, chatOf, type Message } from '@parley/core';

/** Entries per history page when older offline messages are read back. */
const HISTORY_PAGE = 100;

/** Stored entries of a conversation in `(floor, before)`: offline messages older than the login prefetch reached. */
export async function readBack(client: Client, convId: string, floor: number, before: number): Promise<Message[]> {
  const found: Message[] = [];
  let after = floor;
  while (after + 1 < before) {
    const page = await chatOf(client).history(convId, { direction: 'newer', limit: HISTORY_PAGE, ...(after > 0 ? { anchor: { convId, seq: after } } : {}) });
    const fresh = page.messages.filter((m) => m.seq > after && m.seq < before);
    found.push(...fresh);
    const last = page.messages[page.messages.length - 1]?.seq ?? after;
    if (!page.hasMore || last <= after || last >= before) break;
    after = last;
  }
  return found;
}
