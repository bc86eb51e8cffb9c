// The real sieve-connect client (Debian package) against a test server's ManageSieve port.
import { spawn, spawnSync } from 'node:child_process';
import type { TestServer } from './server.js';

export const HAVE_SIEVE_CONNECT =
  spawnSync('sh', ['-c', 'command -v sieve-connect'], { encoding: 'utf8' }).status === 0;

/** Runs sieve-connect as the test user (password on fd 0); output is stdout + stderr. */
export function sieveConnect(
  srv: TestServer,
  args: string[],
  user = srv.user,
): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(
      'sieve-connect',
      [
        '--server',
        '127.0.0.1',
        '--port',
        String(srv.ports.managesieve),
        '--user',
        user.address,
        '--passwordfd',
        '0',
        '--notlsverify',
        '--authmech',
        'PLAIN',
        ...args,
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.stdin.end(`${user.password}\n`);
    p.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}
