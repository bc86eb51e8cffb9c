// The Dovecot reference instance (/work/shared/bench/dovecot), measured by the
// same suite and client code as Postroom.
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import type { Endpoint } from '../lib/target.js';
import { seedMaildir } from './maildir-seed.js';
import { type Figures, measureSuite, type SuiteOptions, type SuiteServer } from './suite.js';

export const DOVECOT_REF = {
  host: '127.0.0.1',
  imapPort: 11143,
  pop3Port: 11110,
  pass: 'Secret-1',
  root: '/tmp/dovecot-ref',
  startScript: '/work/shared/bench/dovecot/start.sh',
} as const;

/** Which of the reference's users each figure uses; Postroom's target uses the same. */
export const REFERENCE_USERS: SuiteServer['users'] = {
  big: 'carol@example.test',
  bodies: 'bob@example.test',
  append: 'alice@example.test',
  imaptest: 'user5@example.test',
  pop3: { pattern: 'user{n}@example.test', start: 101, count: 20 },
  idle: { pattern: 'user{n}@example.test', start: 1, count: 200 },
};

export const NOT_RUNNING = `Dovecot reference not running: start it with ${DOVECOT_REF.startScript}`;

/** True when something accepts TCP connections at the endpoint within timeoutMs. */
export function isListening(e: Endpoint, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: e.host, port: e.port });
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      s.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

async function masterPid(): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(`${DOVECOT_REF.root}/run/master.pid`, 'utf8')).trim());
    return Number.isInteger(pid) && pid > 1 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The reference as a SuiteServer. Users (all in its passwd file, password
 * Secret-1): carol = the 100,000-message INBOX (Maildir written directly),
 * bob = realistic bodies, alice = APPEND scratch mailbox, user5 = imaptest,
 * user101..120 = POP3 maildrops, user1..200 = IDLE connections.
 */
export async function dovecotServer(): Promise<SuiteServer> {
  const pid = await masterPid();
  return {
    name: 'Dovecot',
    host: DOVECOT_REF.host,
    imapPort: DOVECOT_REF.imapPort,
    pop3Port: DOVECOT_REF.pop3Port,
    pass: DOVECOT_REF.pass,
    users: REFERENCE_USERS,
    // idle_hold.py's default: the reference's processes only (not another Dovecot on the machine)
    procMatch: String.raw`^(dovecot-ref/|\S*dovecot -c \S*bench/dovecot/dovecot\.conf)`,
    ...(pid !== undefined ? { serverPid: pid } : {}),
    fillBigMailbox: async (count) => {
      await seedMaildir(`${DOVECOT_REF.root}/mail`, 'carol@example.test', count);
    },
  };
}

/** Runs the suite on the reference; null (after saying how to start it) when it is not running. */
export async function measureDovecotReference(o: SuiteOptions): Promise<Figures | null> {
  if (!(await isListening({ host: DOVECOT_REF.host, port: DOVECOT_REF.imapPort }))) {
    console.log(NOT_RUNNING);
    return null;
  }
  return measureSuite(await dovecotServer(), o);
}
