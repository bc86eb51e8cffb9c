// Sends one message for RETR or TOP: +OK, the encoded bytes, ".". A small message comes
// whole and goes out in one write; a larger one streams through the BodyEncoder chunk by
// chunk and every write waits for the socket to drain (session Invariant 5).
import type { Pop3Session } from '../session.js';
import { BodyEncoder } from '../wire/body-encoder.js';
import { okLine } from '../wire/response.js';

/** Returns true when the whole message was sent. */
export async function sendMessage(s: Pop3Session, index: number, bodyLines: number | null): Promise<boolean> {
  const md = s.maildrop!;
  const stream = await md.open(index);
  if (stream === null) {
    await s.err('SYS/PERM', `Message ${index + 1} was deleted by another client since you logged in`);
    return false;
  }
  const enc = new BodyEncoder({ bodyLines });
  const status = okLine(bodyLines === null ? `${md.entries[index]!.size} octets` : 'Top of message follows');
  if (Buffer.isBuffer(stream)) {
    // A small message held whole: status, body and terminator in one write.
    return s.conn.write(Buffer.concat([Buffer.from(status), enc.write(stream), enc.end()]));
  }
  try {
    if (!(await s.reply(status))) return false;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const out = enc.write(chunk);
      if (out.length > 0 && !(await s.conn.write(out))) return false;
      if (enc.done) break; // TOP: the rest is not needed; leaving the loop closes the stream
    }
    return await s.conn.write(enc.end());
  } catch (err) {
    // After +OK there is no way to report an error in-band: a terminated response would
    // look complete. Drop the connection so the client retries (nothing is deleted).
    s.deps.log.error({ err, msg: index + 1 }, 'pop3 read failed mid-message');
    s.conn.destroy();
    s.done = true;
    return false;
  } finally {
    stream.destroy();
  }
}
