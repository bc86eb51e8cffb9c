// Which IMAP commands a server answers, learnt from the server itself (CAPABILITY and
// the tagged reply to one harmless try of each command) rather than assumed, so the
// benchmark prints "n/a (FETCH not implemented)" for figures it cannot measure yet and
// fills them in by itself once the commands exist.
import { BenchImapClient, ImapCommandError } from '../lib/imap-client.js';
import type { Target } from '../lib/target.js';
import type { FigureName } from '../reference/suite.js';

export const PROBED = ['SELECT', 'FETCH', 'SEARCH', 'STORE', 'CREATE', 'APPEND', 'IDLE'] as const;
export type ProbedCommand = (typeof PROBED)[number];

/** Command -> why it cannot be used; absent when it works. */
export type ImapSupport = Partial<Record<ProbedCommand, string>>;

/** What each suite figure sends. */
export const FIGURE_NEEDS: Readonly<Record<FigureName, readonly ProbedCommand[]>> = {
  select: ['SELECT', 'FETCH'],
  search: ['SELECT', 'SEARCH'],
  bodies: ['SELECT', 'FETCH'],
  append: ['CREATE', 'APPEND'],
  pop3: [],
  idle: ['IDLE', 'APPEND'],
  'idle-serial': ['IDLE', 'APPEND'],
  imaptest: ['SELECT', 'FETCH', 'STORE', 'APPEND', 'SEARCH'],
};

/** "n/a (...)" for a figure that needs a missing command; null when all it needs works. */
export function unsupportedReason(figure: FigureName, support: ImapSupport): string | null {
  for (const c of FIGURE_NEEDS[figure]) {
    const why = support[c];
    if (why !== undefined) return `n/a (${why})`;
  }
  return null;
}

/** Reason text from a failed command's tagged reply. */
export function reasonFrom(command: ProbedCommand, status: string, text: string): string {
  // A server without the command answers BAD (unknown command); one that knows its name
  // but has no code for it yet may say NO "... not implemented".
  if (status === 'BAD' || /not (yet )?(implemented|supported)/i.test(text))
    return `${command} not implemented`;
  const brief = text.replace(/^\[[^\]]*\]\s*/, '').slice(0, 60);
  return `${command} refused: ${brief}`;
}

const PROBE_MAILBOX = 'bench-probe';
const PROBE_MESSAGE = Buffer.from('From: probe@example.test\r\nSubject: probe\r\n\r\nprobe\r\n');

/** Tries each command once as `t.user`; a server with no IMAP listener gets every command marked. */
export async function probeImap(t: Target | null): Promise<ImapSupport> {
  const all = (why: string): ImapSupport => Object.fromEntries(PROBED.map((c) => [c, why]));
  if (!t || t.port === 0) return all('no IMAP server');
  let c: BenchImapClient;
  try {
    c = await BenchImapClient.login(t);
  } catch (e) {
    return all(`IMAP login failed: ${(e as Error).message}`);
  }
  const out: ImapSupport = {};
  const attempt = async (name: ProbedCommand, text: string | (() => Promise<unknown>)): Promise<void> => {
    try {
      if (typeof text === 'string') await c.command(text);
      else await text();
    } catch (e) {
      if (e instanceof ImapCommandError) out[name] = reasonFrom(name, e.result.status, e.result.text);
      else throw e;
    }
  };
  try {
    if (!c.hasCapability('IDLE')) out.IDLE = 'IDLE not offered';
    await attempt('SELECT', 'SELECT INBOX');
    if (!out.SELECT) {
      await attempt('FETCH', 'UID FETCH 1:* (FLAGS)');
      await attempt('SEARCH', 'UID SEARCH ALL');
      await attempt('STORE', 'UID STORE 1:* +FLAGS.SILENT (\\Seen)');
    } else {
      for (const n of ['FETCH', 'SEARCH', 'STORE'] as const) out[n] = out.SELECT;
    }
    await c.command(`DELETE ${PROBE_MAILBOX}`).catch(() => undefined);
    await attempt('CREATE', `CREATE ${PROBE_MAILBOX}`);
    if (!out.CREATE) {
      await attempt('APPEND', () => c.append(PROBE_MAILBOX, PROBE_MESSAGE));
      await c.command(`DELETE ${PROBE_MAILBOX}`).catch(() => undefined);
    } else {
      await attempt('APPEND', () => c.append('INBOX', PROBE_MESSAGE));
    }
  } finally {
    await c.logout();
  }
  return out;
}
