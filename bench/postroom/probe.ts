// Messages between the benchmark and its Postroom child (./child.ts) over the IPC
// channel: what the server process alone can tell, its event-loop delay and heap.

/** `eld` answers the event-loop delay since the previous `eld` (and resets the histogram);
 *  `heap` runs a full GC first. */
export type ProbeRequest = { id: number; op: 'eld' } | { id: number; op: 'heap' };

export type ProbeReply =
  | { id: number; maxMs: number; p99Ms: number; meanMs: number; gcMaxMs: number }
  | { id: number; heapUsed: number; arrayBuffers: number; rss: number };

export interface EventLoopDelay {
  readonly maxMs: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  /** Longest garbage-collection pause in the same time. */
  readonly gcMaxMs: number;
}

export interface HeapSample {
  readonly heapUsed: number;
  /** ArrayBuffers' memory (outside the V8 heap: typed arrays). */
  readonly arrayBuffers: number;
  readonly rss: number;
}

/** The benchmark's side: questions to the child, answered over IPC. */
export interface ServerProbe {
  /** Event-loop delay since the previous call (the first call starts the window). */
  eventLoopDelay(): Promise<EventLoopDelay>;
  /** Heap after a full GC. */
  heap(): Promise<HeapSample>;
}
