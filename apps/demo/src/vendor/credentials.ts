import { serverUrls } from '../credentials.js';

/** The vendors the development sign-in endpoint hands out credentials for. */
export type Vendor = 'native' | 'tim' | 'jmessage' | 'openim' | 'hummer' | 'maxleap';

/** What the endpoint answers, per vendor (packages/server/README.md, "Development sign-in"). */
export interface VendorCredentials {
  native: { appId: string; userId: string; token: string };
  tim: { SDKAppID: number; userID: string; userSig: string };
  jmessage: { authPayload: Record<string, unknown>; username: string; password: string };
  openim: { userID: string; token: string; platformID: number };
  hummer: { appid: number; uid: string; token: string };
  maxleap: { appId: string; clientId: string };
}

/**
 * Asks this page's server for a fresh credential of `userId` for one vendor API, as an app's
 * backend would hand it out. JMessage payloads are single-use: fetch one per `init`.
 * @throws {Error} with the server's message when it refuses, or when it cannot be reached.
 */
export async function vendorCredential<V extends Vendor>(vendor: V, userId: string): Promise<VendorCredentials[V]> {
  const response = await fetch(`${serverUrls().http}/parley/dev/v1/credentials`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ vendor, userId }),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown> & { message?: string; error?: { message?: string } };
  if (!response.ok) {
    const reason = body.error?.message ?? body.message ?? `HTTP ${response.status}`;
    throw new Error(response.status === 404 ? 'this server does not offer development sign-in' : reason);
  }
  return body as unknown as VendorCredentials[V];
}

/** A short text of anything thrown or rejected (vendor SDKs reject with plain objects). */
export function describeError(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  if (typeof reason === 'object' && reason !== null) return JSON.stringify(reason);
  return String(reason);
}
