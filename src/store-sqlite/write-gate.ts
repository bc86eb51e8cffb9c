// A lock in shared memory taken around every write transaction by this process's threads
// on one database: the server's event loop ('foreground') and the store's background
// thread ('background', ./background-worker.ts).
//
// Why: SQLite's own wait for a busy write lock sleeps 1, 2, 5, 10... ms between tries, so
// an APPEND that met an index batch waited milliseconds longer than the batch lasted, with
// the event loop held. Through this gate the foreground is woken the moment the
// background releases, and the background gives way: it does not start while the
// foreground waits, and it ends a batch early when the foreground asks (`contended`).
// Other processes on the data dir still meet SQLite's lock and its busy timeout.
//
// Invariants:
// - Int32 cells: [0] the holder's mark (1 foreground, 2 background) or 0, [1] foreground
//   threads waiting.
// - The gate only shortens waits: SQLite's lock still keeps writers apart. So a
//   foreground thread that waited FOREGROUND_MAX_WAIT_MS goes ahead without it, and a
//   dead background thread's hold is released by the store (releaseIfBackgroundHeld).
// - Re-entrant per thread (a transaction inside a transaction is a savepoint).
// - The foreground waits at most one background step (one body's tokenising), or the
//   limit above if the background holder is gone.

export type GateRole = 'foreground' | 'background';

export interface WriteGate {
  acquire(): void;
  release(): void;
  /** A foreground thread waits for the gate (the holder should finish soon). */
  contended(): boolean;
}

const HELD = 0;
const WANTED = 1;
/** Re-checks while waiting, in case a wake-up is missed (ms; the release wakes waiters). */
const WAIT_SLICE_MS = 100;
/** The foreground waits no longer than SQLite's busy timeout would: past it, the holder is
 *  taken for dead (a thread killed inside a transaction never releases) and the
 *  transaction goes ahead without the gate, SQLite's lock alone keeping writers apart. */
const FOREGROUND_MAX_WAIT_MS = 5000;

/** The holder's mark in the HELD cell. */
const MARK = { foreground: 1, background: 2 } as const;

/** The shared memory of a new gate, to hand to every thread that writes. */
export function newWriteGateMemory(): SharedArrayBuffer {
  return new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
}

/** Frees a gate a dead background thread may have left held (its 'exit' event). */
export function releaseIfBackgroundHeld(memory: SharedArrayBuffer): void {
  const cells = new Int32Array(memory);
  if (Atomics.compareExchange(cells, HELD, MARK.background, 0) === MARK.background)
    Atomics.notify(cells, HELD);
}

export function openWriteGate(memory: SharedArrayBuffer, role: GateRole, now = () => Date.now()): WriteGate {
  const cells = new Int32Array(memory);
  const mark = MARK[role];
  let depth = 0;
  /** Whether this thread's outermost acquire got the gate (else release leaves it alone). */
  let owned = false;
  const take = () => Atomics.compareExchange(cells, HELD, 0, mark) === 0;

  const acquireForeground = (): boolean => {
    if (take()) return true;
    const deadline = now() + FOREGROUND_MAX_WAIT_MS;
    Atomics.add(cells, WANTED, 1);
    try {
      for (;;) {
        const held = Atomics.load(cells, HELD);
        if (held === 0 && take()) return true;
        if (now() >= deadline) return false;
        if (held !== 0) Atomics.wait(cells, HELD, held, WAIT_SLICE_MS);
      }
    } finally {
      Atomics.sub(cells, WANTED, 1);
    }
  };
  const acquireBackground = (): boolean => {
    for (;;) {
      if (Atomics.load(cells, WANTED) === 0 && take()) return true;
      Atomics.wait(cells, HELD, Atomics.load(cells, HELD), 1);
    }
  };

  return {
    acquire() {
      if (depth++ > 0) return;
      owned = role === 'foreground' ? acquireForeground() : acquireBackground();
    },
    release() {
      if (--depth > 0 || !owned) return;
      owned = false;
      Atomics.store(cells, HELD, 0);
      Atomics.notify(cells, HELD);
    },
    contended: () => Atomics.load(cells, WANTED) > 0,
  };
}
