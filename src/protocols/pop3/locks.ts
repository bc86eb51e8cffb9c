// Per-maildrop exclusive locks for one server process (RFC 1939 §8: "the POP3 server
// acquires an exclusive-access lock on the maildrop"). One instance per server, passed
// in, never global. Several server processes on one store (PostgreSQL, later) will need
// the lock in the store instead: see docs/pop3.md.

export class MaildropLocks {
  private readonly held = new Set<string>();

  /** Takes the lock; returns its release function, or null when already held. */
  acquire(key: string): (() => void) | null {
    if (this.held.has(key)) return null;
    this.held.add(key);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held.delete(key);
    };
  }

  isHeld(key: string): boolean {
    return this.held.has(key);
  }
}
