// TLS on the wire: implicit-TLS servers (993, 995, 465) and STARTTLS/STLS upgrades of an
// already open plain connection (143, 110, 587, 4190).
//
// STARTTLS rule (RFC 3207 §4.2, RFC 2595 §3.1, CVE-2011-0411): after the server answers
// STARTTLS, every plaintext byte the client already sent must be thrown away, and the
// session forgets everything learned before TLS (capabilities, an earlier EHLO). The
// protocol must stop reading from the plain socket and drop its input buffer before it
// calls upgradeToTls; this helper then reads nothing but the TLS handshake.

import type { Socket } from 'node:net';
import { createServer, type Server, TLSSocket } from 'node:tls';
import { TLS_HANDSHAKE_TIMEOUT_MS } from '../net/limits.js';
import type { TlsContextProvider } from './context.js';

/** An implicit-TLS server using (and following reloads of) the provider's context. */
export function createImplicitTlsServer(
  provider: TlsContextProvider,
  onSecureConnection: (socket: TLSSocket) => void,
  options: { handshakeTimeoutMs?: number } = {},
): Server {
  const server = createServer(
    { ...provider.serverOptions(), handshakeTimeout: options.handshakeTimeoutMs ?? TLS_HANDSHAKE_TIMEOUT_MS },
    onSecureConnection,
  );
  const detach = provider.attach(server);
  server.once('close', detach);
  return server;
}

/** Upgrades an open plain connection after STARTTLS/STLS: what a protocol's connection
 *  calls once it has stopped reading the plain socket. */
export type TlsUpgrader = (socket: Socket) => Promise<TLSSocket>;

/** The STARTTLS/STLS upgrader for a provider; null when there is no certificate (the
 *  protocol then does not offer STARTTLS). */
export function startTlsUpgrader(provider: TlsContextProvider | null): TlsUpgrader | null {
  return provider ? (socket) => upgradeToTls(socket, provider) : null;
}

/**
 * Runs the server side of a TLS handshake on `socket` and resolves with the secure socket.
 * Rejects (and destroys the connection) on handshake failure, close or timeout.
 * The plain socket's idle timeout is switched off (its handler would write plaintext into
 * a TLS stream); the session sets its own timeout on the secure socket.
 */
export function upgradeToTls(
  socket: Socket,
  provider: TlsContextProvider,
  options: { handshakeTimeoutMs?: number } = {},
): Promise<TLSSocket> {
  socket.setTimeout(0);
  return new Promise((resolve, reject) => {
    const secure = new TLSSocket(socket, {
      isServer: true,
      secureContext: provider.context,
      SNICallback: provider.serverOptions().SNICallback,
    });
    const done = (err: Error | null) => {
      clearTimeout(timer);
      secure.off('secure', onSecure);
      secure.off('error', onError);
      secure.off('close', onClose);
      if (err) {
        secure.destroy();
        reject(err);
      } else resolve(secure);
    };
    // The minimum version (TLS_MIN_VERSION) is part of the provider's context.
    const onSecure = () => done(null);
    const onError = (e: Error) => done(e);
    const onClose = () => done(new Error('connection closed during TLS handshake'));
    const timer = setTimeout(
      () => done(new Error('TLS handshake timed out')),
      options.handshakeTimeoutMs ?? TLS_HANDSHAKE_TIMEOUT_MS,
    );
    timer.unref();
    secure.once('secure', onSecure);
    secure.once('error', onError);
    secure.once('close', onClose);
  });
}
