// pop3_load.py: concurrent POP3 sessions (USER/PASS, STAT, UIDL, LIST, RETR x n, QUIT).
import { type Json, num, numOrNull, parseJson } from '../json-fields.js';
import type { Endpoint, UserRange } from '../target.js';
import { failure, runPythonScript, userRangeArgs } from './python.js';

export interface Pop3LoadOptions {
  readonly clients: number;
  readonly secs: number;
  /** Messages fetched per session (the script's --retr). */
  readonly retrPerSession: number;
  readonly users: UserRange;
  readonly pass: string;
}

export interface Pop3LoadResult {
  readonly clients: number;
  readonly secs: number;
  readonly sessions: number;
  readonly sessionsPerS: number;
  readonly retr: number;
  readonly retrPerS: number;
  readonly mbPerS: number;
  readonly errors: number;
  readonly loginMs: { readonly median: number | null; readonly p99: number | null };
  readonly retrMs: { readonly median: number | null; readonly p99: number | null };
}

/** Parses the JSON document pop3_load.py prints on stdout. */
export function parsePop3LoadOutput(stdout: string): Pop3LoadResult {
  const j: Json = parseJson(stdout, 'pop3_load.py');
  return {
    clients: num(j, 'clients'),
    secs: num(j, 'secs'),
    sessions: num(j, 'sessions'),
    sessionsPerS: num(j, 'sessions_per_s'),
    retr: num(j, 'retr'),
    retrPerS: num(j, 'retr_per_s'),
    mbPerS: num(j, 'mb_per_s'),
    errors: num(j, 'errors'),
    loginMs: { median: numOrNull(j, 'login_ms.median'), p99: numOrNull(j, 'login_ms.p99') },
    retrMs: { median: numOrNull(j, 'retr_ms.median'), p99: numOrNull(j, 'retr_ms.p99') },
  };
}

export async function runPop3Load(server: Endpoint, o: Pop3LoadOptions): Promise<Pop3LoadResult> {
  const args = [
    ...['--host', server.host, '--port', String(server.port)],
    ...['--clients', String(o.clients), '--secs', String(o.secs), '--retr', String(o.retrPerSession)],
    ...userRangeArgs(o.users),
    ...['--password', o.pass],
  ];
  const r = await runPythonScript('pop3_load.py', args, { timeoutMs: (o.secs + 120) * 1000 });
  // exit 2 = the run finished but some sessions failed: the JSON still tells how many
  if (r.code !== 0 && r.code !== 2) throw failure('pop3_load.py', r);
  return parsePop3LoadOutput(r.stdout);
}
