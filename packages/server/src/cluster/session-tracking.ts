/**
 * Keeps this node's sessions in the cluster directory as they come and go, so other nodes can
 * apply the multi-login policy, count presence and kick them.
 */

import type { Session, SessionEndReason, SessionRegistry } from '../gateway/sessions.js';
import type { Logger } from '../log.js';
import type { Directory } from './directory.js';

/** A running tracker. */
export interface SessionTracker {
  /** Resolves once the directory writes queued for the session so far are done. */
  written(sessionId: string): Promise<void>;
  stop(): void;
}

/** Starts tracking. */
export function trackSessions(registry: SessionRegistry, directory: Directory, log: Logger, now: () => number = Date.now): SessionTracker {
  /** Writes of one session, in event order. */
  const chains = new Map<string, Promise<void>>();
  const run = (sessionId: string, fn: () => Promise<void>): void => {
    const next = (chains.get(sessionId) ?? Promise.resolve()).then(fn).catch((error: unknown) => log.warn('cluster directory write failed', { sessionId, error }));
    chains.set(sessionId, next);
    void next.finally(() => {
      if (chains.get(sessionId) === next) chains.delete(sessionId);
    });
  };
  /** Grace timers of dropped sessions. */
  const graces = new Map<string, NodeJS.Timeout>();
  const up = (session: Session): void => {
    clearTimeout(graces.get(session.id));
    graces.delete(session.id);
    run(session.id, () =>
      directory.sessionUp(session.app.id, {
        sessionId: session.id,
        userId: session.userId,
        platform: session.platform,
        deviceId: session.deviceId,
        createdAt: session.createdAt,
        resumeToken: session.resumeToken,
      }),
    );
  };
  const down = (session: Session, reason: SessionEndReason): void => {
    // The closures below must not capture `session`: through its connection the grace timer
    // would keep the socket and its buffers alive for the whole grace period.
    const { userId, id: sessionId } = session;
    const app = session.app.id;
    const graceMs = session.app.policy.resumeGraceMs;
    if (reason === 'resumedElsewhere' || reason === 'shutdown') return;
    if (reason !== 'disconnected') {
      run(sessionId, () => directory.sessionGone(app, userId, sessionId));
      return;
    }
    run(sessionId, () => directory.sessionAway(app, userId, sessionId, now()));
    clearTimeout(graces.get(sessionId));
    const timer = setTimeout(() => {
      graces.delete(sessionId);
      // Resumed here meanwhile: the registry has it again. Resumed elsewhere: the row names
      // another instance, and sessionGone leaves it alone.
      if (registry.get(sessionId)) return;
      run(sessionId, () => directory.sessionGone(app, userId, sessionId));
    }, graceMs);
    timer.unref();
    graces.set(sessionId, timer);
  };
  const unlisten = registry.listen({ up, down });
  return {
    written: async (sessionId) => chains.get(sessionId),
    stop() {
      unlisten();
      for (const timer of graces.values()) clearTimeout(timer);
      graces.clear();
    },
  };
}
