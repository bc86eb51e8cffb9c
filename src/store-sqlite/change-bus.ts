// The in-process change bus of the embedded store: one set of listeners per user.
// A listener that throws is reported to `onError` and never stops the others.
import type { ChangeBus, MailChange, UserId } from '../store/types.js';

export function createLocalChangeBus(onError: (e: unknown) => void = () => {}): ChangeBus {
  const listeners = new Map<UserId, Set<(c: MailChange) => void>>();
  return {
    publish(change) {
      const set = listeners.get(change.userId);
      if (!set) return;
      // Copy: a listener may unsubscribe itself (or others) while we iterate.
      for (const l of [...set]) {
        try {
          l(change);
        } catch (e) {
          onError(e);
        }
      }
    },
    subscribe(userId, listener) {
      let set = listeners.get(userId);
      if (!set) {
        set = new Set();
        listeners.set(userId, set);
      }
      set.add(listener);
      return () => {
        const s = listeners.get(userId);
        if (!s) return;
        s.delete(listener);
        if (s.size === 0) listeners.delete(userId);
      };
    },
  };
}
