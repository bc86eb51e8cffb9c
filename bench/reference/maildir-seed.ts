// Fast path to fill a Dovecot reference user's INBOX with N synthetic
// messages: write Maildir files directly instead of N IMAP APPENDs.
//
// Layout used by the reference instance (/work/shared/bench/dovecot/dovecot.conf):
//   home    = /tmp/dovecot-ref/mail/<domain>/<local part>   (userdb static)
//   INBOX   = <home>/Maildir/{cur,new,tmp}                    (mail_location = maildir:~/Maildir)
//   owner   = the system user vmail
// File names follow Dovecot's Maildir convention "<unique>,S=<size>,W=<vsize>:2,"
// where S is the file size (LF line ends) and W the size with CRLF line ends,
// so Dovecot can answer RFC822.SIZE without reading the file. Dovecot builds its
// index and dovecot-uidlist itself on the first SELECT afterwards (that cold
// SELECT is reported apart from the warm ones).
//
// Only for a DEDICATED user nobody else touches: an unfinished earlier fill is
// removed with the whole home directory before writing again.
import { chown, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { markerCount, syntheticMessage } from '../lib/corpus.js';
import { mapLimit } from '../lib/timer.js';

export interface Owner {
  readonly uid: number;
  readonly gid: number;
}

/** uid and gid of `name` from /etc/passwd text; null when absent. */
export function parsePasswdOwner(passwd: string, name: string): Owner | null {
  for (const line of passwd.split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f.length >= 4) {
      const uid = Number(f[2]);
      const gid = Number(f[3]);
      if (Number.isInteger(uid) && Number.isInteger(gid)) return { uid, gid };
    }
  }
  return null;
}

/** Home directory of `user@domain` in the reference instance. */
export function referenceHome(mailRoot: string, address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) throw new Error(`not a full address: ${address}`);
  const local = address.slice(0, at).toLowerCase();
  const domain = address.slice(at + 1).toLowerCase();
  if (/[/\0]|^\.\.?$/.test(local) || /[/\0]|^\.\.?$/.test(domain))
    throw new Error(`unsafe address: ${address}`);
  return join(mailRoot, domain, local);
}

/** Dovecot Maildir file name for message i with the given sizes. */
export function maildirName(i: number, size: number, vsize: number): string {
  return `${1_700_000_000 + i}.M${i}P0Q1.bench,S=${size},W=${vsize}:2,`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

export interface SeedResult {
  readonly written: number;
  readonly ms: number;
  readonly skipped: boolean;
  /** Messages holding MARKER_WORD (the expected SEARCH TEXT answer). */
  readonly markerHits: number;
}

/** Writes messages 0..count-1 of the synthetic corpus into `address`'s INBOX unless already done. */
export async function seedMaildir(mailRoot: string, address: string, count: number): Promise<SeedResult> {
  const home = referenceHome(mailRoot, address);
  const done = join(home, `.bench-seeded-${count}`);
  if (await exists(done)) return { written: 0, ms: 0, skipped: true, markerHits: markerCount(count) };
  const owner = parsePasswdOwner(await readFile('/etc/passwd', 'utf8'), 'vmail');
  if (!owner) throw new Error('no system user "vmail" (start the reference with start.sh first)');
  const t0 = Date.now();
  await rm(home, { recursive: true, force: true });
  const maildir = join(home, 'Maildir');
  for (const d of [home, maildir, join(maildir, 'cur'), join(maildir, 'new'), join(maildir, 'tmp')]) {
    await mkdir(d, { recursive: true });
    await chown(d, owner.uid, owner.gid);
  }
  const indexes = Array.from({ length: count }, (_, i) => i);
  await mapLimit(indexes, 64, async (i) => {
    const body = syntheticMessage(i, '\n');
    let lines = 0;
    for (const b of body) if (b === 0x0a) lines++;
    const path = join(maildir, 'cur', maildirName(i, body.length, body.length + lines));
    await writeFile(path, body);
    await chown(path, owner.uid, owner.gid);
  });
  await writeFile(done, `${count} messages written ${new Date().toISOString()}\n`);
  return { written: count, ms: Date.now() - t0, skipped: false, markerHits: markerCount(count) };
}
