// A lock in shared memory taken around every write transaction by this process's threads
// on one database: the server's event loop ('foreground') and the text indexer's thread
// ('background', ./text-index-worker.ts).
//
// Why: SQLite's own wait for a busy write lock sleeps 1, 2, 5, 10... ms between tries, so
// an APPEND that met an index batch waited milliseconds longer than the batch lasted, with
// the event loop held. Through this gate the foreground is woken the moment the
// background releases, and the background gives way: it does not start while the
// foreground waits, and it ends a batch early when the foreground asks (`contended`).
// Other processes on the data dir still meet SQLite's lock and its busy timeout.
//
// Invariants:
// - Int32 cells: [0] 1 while a thread holds the gate, [1] foreground threads waiting.
// - Re-entrant per thread (a transaction inside a transaction is a savepoint).
// - The foreground never waits longer than one background step (one body's tokenising).

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

/** The shared memory of a new gate, to hand to every thread that writes. */
export function newWriteGateMemory(): SharedArrayBuffer {
  return new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
}

export function openWriteGate(memory: SharedArrayBuffer, role: GateRole): WriteGate {
  const cells = new Int32Array(memory);
  let depth = 0;
  const take = () => Atomics.compareExchange(cells, HELD, 0, 1) === 0;

  const acquireForeground = () => {
    if (take()) return;
    Atomics.add(cells, WANTED, 1);
    try {
      while (!take()) Atomics.wait(cells, HELD, 1, WAIT_SLICE_MS);
    } finally {
      Atomics.sub(cells, WANTED, 1);
    }
  };
  const acquireBackground = () => {
    for (;;) {
      if (Atomics.load(cells, WANTED) === 0 && take()) return;
      Atomics.wait(cells, HELD, Atomics.load(cells, HELD), 1);
    }
  };

  return {
    acquire() {
      if (depth++ > 0) return;
      if (role === 'foreground') acquireForeground();
      else acquireBackground();
    },
    release() {
      if (--depth > 0) return;
      Atomics.store(cells, HELD, 0);
      Atomics.notify(cells, HELD);
    },
    contended: () => Atomics.load(cells, WANTED) > 0,
  };
}
