// A minimal line-based TCP client for protocol smoke tests (POP3, SMTP greetings):
// send a line, wait for the next reply line. No sleeps: every wait is for data or close.
import { createConnection, type Socket } from 'node:net';

export interface LineClient {
  /** The next line from the server (without CRLF). */
  next(): Promise<string>;
  /** Sends `line` + CRLF and returns the next reply line. */
  send(line: string): Promise<string>;
  /** Resolves when the server closes the connection. */
  closed: Promise<void>;
  socket: Socket;
}

export async function connectLines(port: number, host = '127.0.0.1'): Promise<LineClient> {
  const socket = createConnection({ port, host });
  const lines: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  let buf = '';
  let ended = false;
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => {
    buf += d;
    let i: number;
    while ((i = buf.indexOf('\r\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const w = waiters.shift();
      if (w) w(line);
      else lines.push(line);
    }
  });
  socket.on('close', () => {
    ended = true;
    for (const w of waiters.splice(0)) w('');
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const next = () =>
    new Promise<string>((resolve) => {
      const l = lines.shift();
      if (l !== undefined) resolve(l);
      else if (ended) resolve('');
      else waiters.push(resolve);
    });
  return {
    next,
    send(line) {
      socket.write(`${line}\r\n`);
      return next();
    },
    closed,
    socket,
  };
}
