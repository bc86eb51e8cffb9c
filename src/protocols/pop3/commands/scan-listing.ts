// Shared by LIST and UIDL: one line for a message, or a multi-line listing of every
// message not marked as deleted (RFC 1939 §5, §7), written in pages so a maildrop of a
// million messages never becomes one huge string.
import type { MaildropEntry } from '../maildrop.js';
import type { Pop3Session } from '../session.js';
import { END_OF_MULTILINE, okLine } from '../wire/response.js';

const PAGE = 1000;

export async function scanListing(
  s: Pop3Session,
  msg: number | null,
  value: (e: MaildropEntry) => string,
): Promise<void> {
  const entries = s.maildrop!.entries;
  if (msg !== null) {
    const i = await s.message(msg);
    if (i !== null) await s.ok(`${msg} ${value(entries[i]!)}`);
    return;
  }
  let out = okLine(`${entries.length - s.deleted.size} messages`);
  for (let i = 0; i < entries.length; i++) {
    if (s.deleted.has(i)) continue;
    out += `${i + 1} ${value(entries[i]!)}\r\n`;
    if ((i + 1) % PAGE === 0) {
      if (!(await s.reply(out))) return;
      out = '';
    }
  }
  await s.reply(out + END_OF_MULTILINE);
}
