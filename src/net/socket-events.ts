// Socket plumbing shared by the connections of the line-based session protocols (IMAP,
// POP3): one set of event handlers, moved from the plain socket to the TLS socket after
// STARTTLS/STLS; the wait for 'drain' that gives writes back-pressure; and the grace given
// to a closing socket whose client does not read.

import type { Socket } from 'node:net';
import { SHUTDOWN_GRACE_MS } from './limits.js';

export interface SocketHandlers {
  data(chunk: Buffer): void;
  /** The input is over: 'end' or 'close'. */
  end(): void;
  error(): void;
  timeout(): void;
}

/** Attaches the handlers. The returned function detaches them (before a TLS upgrade),
 *  except the error handler: an error on the raw socket after the upgrade must not crash
 *  the process. */
export function bindSocket(socket: Socket, h: SocketHandlers): () => void {
  socket.on('data', h.data);
  socket.on('end', h.end);
  socket.on('close', h.end);
  socket.on('error', h.error);
  socket.on('timeout', h.timeout);
  return () => {
    socket.off('data', h.data);
    socket.off('end', h.end);
    socket.off('close', h.end);
    socket.off('timeout', h.timeout);
  };
}

/** After a write returned false: true once `out` drains, false if `socket` closes first. */
export function whenDrained(out: NodeJS.EventEmitter, socket: Socket): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const done = (ok: boolean) => {
      out.off('drain', onDrain);
      socket.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    out.on('drain', onDrain);
    socket.on('close', onClose);
  });
}

/** A client that never reads must not keep a closing socket (and its buffers) forever. */
export function destroyAfterGrace(socket: Socket, ms = SHUTDOWN_GRACE_MS): void {
  setTimeout(() => socket.destroy(), ms).unref();
}
