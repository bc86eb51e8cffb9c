// An imapflow client for the test server (plain port from loopback, or implicit TLS).
import { ImapFlow } from 'imapflow';
import type { TestServer } from '../../helpers/test-server.js';

export function flowClient(srv: TestServer, opts: { tls?: boolean; starttls?: boolean } = {}): ImapFlow {
  return new ImapFlow({
    host: '127.0.0.1',
    port: opts.tls ? srv.tlsPort : srv.port,
    secure: opts.tls === true,
    doSTARTTLS: opts.starttls === true,
    tls: { rejectUnauthorized: false },
    auth: { user: srv.user, pass: srv.password },
    logger: false,
  });
}
