// fsync on libuv's thread pool, everything around it synchronous. Opening, writing and
// closing a small file in the page cache takes microseconds, while each round trip
// through the pool costs 0.1-0.2 ms on a loaded or virtualised machine: an APPEND made
// ten of them in a row. Only the fsync itself, which waits for the disk, leaves the
// event loop.
import { closeSync, fsync, openSync } from 'node:fs';

/** fsync(2) of an open descriptor, off the event loop. */
export function fsyncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));
}

/** Makes a directory's entries (a rename into it, a new file) durable. */
export function fsyncDir(dir: string): Promise<void> {
  return fsyncPath(dir);
}

/** fsync(2) of the file (or directory) at `path`. */
export async function fsyncPath(path: string): Promise<void> {
  const fd = openSync(path, 'r');
  try {
    await fsyncFd(fd);
  } finally {
    closeSync(fd);
  }
}
