// FETCH of many whole bodies in one command: small bodies go out inside the response
// batch, bodies over 256 KiB are streamed, and one batch may be in flight while the next
// is read. Checked byte for byte, in order, against a client that stops reading for a
// while (the server must wait for the socket, not drop or reorder anything).
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { message, startTestServer, type TestServer } from '../../helpers/test-server.js';

let srv: TestServer;
/** Whole-message sizes around the thresholds: 2 KiB (a literal kept apart from the text
 *  around it), 16 KiB, 256 KiB (inline up to here, streamed above). */
const sizes = [
  300, 1_000, 2_047, 2_048, 2_049, 16_383, 16_384, 65_536, 200_000, 262_143, 262_144, 262_145, 700_000,
];
const messages: Buffer[] = [];

/** A message of exactly `n` bytes whose lines say where they are (a shifted byte shows). */
function messageOf(i: number, n: number): Buffer {
  const head = message(`message ${i}, ${n} bytes`, '');
  const lines: string[] = [];
  let len = head.length;
  for (let k = 0; len + 40 < n; k++) {
    const line = `m${i} l${k} ${'abcdefghij'.repeat((k % 7) + 1)}`.slice(0, n - len - 40) + '\r\n';
    lines.push(line);
    len += line.length;
  }
  lines.push(`${'z'.repeat(n - len - 2)}\r\n`);
  const raw = Buffer.from(head + lines.join(''));
  assert.equal(raw.length, n);
  return raw;
}

before(async () => {
  srv = await startTestServer();
  // Three rounds of every size: 39 messages, about 4.5 MB, more than a socket buffers.
  for (let round = 0; round < 3; round++) {
    for (const n of sizes) {
      const raw = messageOf(messages.length, n);
      messages.push(raw);
      await srv.deliver(raw);
    }
  }
});
after(async () => {
  await srv.stop();
});

/** Reads a whole FETCH reply from a socket, with a reader that can stop and go on. */
class Reader {
  private buf = Buffer.alloc(0);
  private wake: (() => void) | null = null;
  constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.wake?.();
    });
  }
  async until(pred: (b: Buffer) => boolean): Promise<Buffer> {
    while (!pred(this.buf)) {
      await new Promise<void>((r) => {
        this.wake = r;
      });
    }
    const b = this.buf;
    this.buf = Buffer.alloc(0);
    return b;
  }
}

async function login(): Promise<Reader> {
  const socket = connect({ port: srv.port, host: '127.0.0.1' });
  const r = new Reader(socket);
  await r.until((b) => b.includes('\r\n'));
  socket.write(`a LOGIN ${srv.user} ${srv.password}\r\nb SELECT INBOX\r\n`);
  await r.until((b) => /\r\nb OK/.test(b.toString('latin1')));
  return r;
}

/** `* n FETCH (UID u BODY[] {len}\r\n...)` responses, in order, then the tagged OK. */
function parseFetches(b: Buffer, tag: string): { seq: number; uid: number; body: Buffer }[] {
  const out: { seq: number; uid: number; body: Buffer }[] = [];
  let at = 0;
  const head = /^\* (\d+) FETCH \(UID (\d+) BODY\[\] \{(\d+)\}\r\n/;
  for (;;) {
    const rest = b.subarray(at, at + 200).toString('latin1');
    if (rest.startsWith(`${tag} OK`)) return out;
    const m = head.exec(rest);
    assert.ok(m, `a FETCH response at byte ${at}: ${JSON.stringify(rest.slice(0, 80))}`);
    const start = at + m[0].length;
    const len = Number(m[3]);
    out.push({ seq: Number(m[1]), uid: Number(m[2]), body: b.subarray(start, start + len) });
    assert.equal(b.subarray(start + len, start + len + 3).toString('latin1'), ')\r\n');
    at = start + len + 3;
  }
}

test('UID FETCH 1:* BODY.PEEK[]: every body byte-exact and in order, to a client that stops reading', async () => {
  const r = await login();
  r.socket.write('f UID FETCH 1:* (UID BODY.PEEK[])\r\n');
  // Stop reading until the server has had to wait for the socket, then read it all.
  r.socket.pause();
  await new Promise((res) => setTimeout(res, 300));
  r.socket.resume();
  const reply = await r.until((b) =>
    /\r\nf (OK|NO|BAD)[^\r\n]*\r\n$/.test(b.subarray(-200).toString('latin1')),
  );
  const got = parseFetches(reply, 'f');
  assert.equal(got.length, messages.length);
  got.forEach((g, i) => {
    assert.equal(g.seq, i + 1);
    assert.equal(g.uid, i + 1);
    assert.ok(g.body.equals(messages[i]!), `UID ${i + 1} (${messages[i]!.length} bytes) differs`);
  });
  r.socket.destroy();
});

test('partial BODY[]<o.n> across the inline/stream threshold is the stored slice', async () => {
  const r = await login();
  // The 262,145-byte message is streamed whole; 262,144 bytes of it go out inline.
  const uid = sizes.indexOf(262_145) + 1;
  const whole = messages[uid - 1]!;
  for (const [o, n] of [
    [0, 262_144],
    [1, 262_144],
    [262_000, 100_000],
    [whole.length - 1, 10],
    [whole.length + 5, 10],
  ] as const) {
    r.socket.write(`p UID FETCH ${uid} (BODY.PEEK[]<${o}.${n}>)\r\n`);
    const reply = await r.until((b) => /\r\np OK[^\r\n]*\r\n$/.test(b.subarray(-200).toString('latin1')));
    const m = /BODY\[\]<(\d+)> \{(\d+)\}\r\n/.exec(reply.subarray(0, 200).toString('latin1'));
    assert.ok(m, reply.subarray(0, 200).toString('latin1'));
    const start = reply.indexOf('}\r\n') + 3;
    const data = reply.subarray(start, start + Number(m[2]));
    assert.ok(data.equals(whole.subarray(o, o + n)), `<${o}.${n}>`);
  }
  r.socket.destroy();
});
