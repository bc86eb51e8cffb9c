// Reads a PROXY protocol header from the start of a socket and puts back whatever followed
// it, so the protocol (or the TLS handshake, which reads the socket's buffer first) sees
// the stream exactly as the client sent it.

import type { Socket } from 'node:net';
import { PROXY_HEADER_TIMEOUT_MS } from './limits.js';
import { type ProxyEndpoint, parseProxyHeader } from './proxy-protocol.js';

/** Resolves with the client endpoint (null: the proxy itself), or rejects with a reason. */
export function readProxyHeader(
  socket: Socket,
  timeoutMs = PROXY_HEADER_TIMEOUT_MS,
): Promise<ProxyEndpoint | null> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const finish = (err: Error | null, value: ProxyEndpoint | null = null) => {
      clearTimeout(timer);
      // Removing the 'readable' listener returns the stream to its initial mode, so a later
      // 'data' listener (the protocol) starts it flowing again.
      socket.off('readable', onReadable);
      socket.off('close', onClose);
      if (err) reject(err);
      else resolve(value);
    };
    const onReadable = () => {
      let chunk: Buffer | null;
      while ((chunk = socket.read() as Buffer | null) !== null) {
        buffered = Buffer.concat([buffered, chunk]);
        const r = parseProxyHeader(buffered);
        if (r.type === 'incomplete') continue;
        if (r.type === 'error') return finish(new Error(r.message));
        const rest = buffered.subarray(r.consumed);
        if (rest.length > 0) socket.unshift(rest);
        return finish(null, r.source);
      }
    };
    const onClose = () => finish(new Error('connection closed before the PROXY header'));
    const timer = setTimeout(() => finish(new Error('no PROXY header in time')), timeoutMs);
    timer.unref();
    socket.on('readable', onReadable);
    socket.once('close', onClose);
  });
}
