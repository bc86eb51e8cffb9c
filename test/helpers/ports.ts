// A port that was free a moment ago (for tests that must pass a real port number to a
// child process; in-process tests use startTestServer's ephemeral ports instead).
//
// Chosen at random BELOW the kernel's ephemeral range (Linux: 32768-60999), then checked:
// a port the OS handed out as "free" would be the very kind of port the OS hands out
// again to the next listen(0) or outgoing connection of a test running in parallel,
// which made child-process tests fail now and then with EADDRINUSE.
import { once } from 'node:events';
import { createServer } from 'node:net';

const LOW = 20000;
const HIGH = 32000;

async function canBind(port: number, host: string): Promise<boolean> {
  const s = createServer();
  s.listen(port, host);
  try {
    await Promise.race([once(s, 'listening'), once(s, 'error').then(([e]) => Promise.reject(e))]);
  } catch {
    return false;
  }
  await new Promise((resolve) => s.close(resolve));
  return true;
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (await canBind(port, host)) return port;
  }
  throw new Error(`freePort: no free port found in ${LOW}-${HIGH}`);
}
