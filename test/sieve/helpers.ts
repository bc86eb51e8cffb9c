import { compile, type RunOptions, runScript, type SieveMessage } from '../../src/sieve/index.js';

/** A message view over plain text: headers unfolded, body split at the blank line. */
export function textMessage(raw: string, parts?: { type: string; text: string }[]): SieveMessage {
  const norm = raw.replace(/\r?\n/g, '\r\n');
  const split = norm.indexOf('\r\n\r\n');
  const head = split < 0 ? norm : norm.slice(0, split);
  const body = split < 0 ? '' : norm.slice(split + 4);
  const fields: { name: string; value: string }[] = [];
  for (const line of head.split('\r\n')) {
    if (/^[ \t]/.test(line) && fields.length) fields[fields.length - 1]!.value += line;
    else {
      const c = line.indexOf(':');
      if (c > 0) fields.push({ name: line.slice(0, c), value: line.slice(c + 1) });
    }
  }
  const bodyParts = parts ?? [{ type: 'text/plain', text: body }];
  return {
    size: Buffer.byteLength(norm),
    header: (n) => fields.filter((f) => f.name.toLowerCase() === n.toLowerCase()).map((f) => f.value.trim()),
    headerNames: () => fields.map((f) => f.name),
    body: (t) => {
      if (t.kind === 'raw') return [body];
      if (t.kind === 'text') return bodyParts.filter((p) => p.type.startsWith('text/')).map((p) => p.text);
      return bodyParts
        .filter((p) => t.types.some((ty) => ty === '' || p.type === ty || p.type.startsWith(`${ty}/`)))
        .map((p) => p.text);
    },
  };
}

export const SAMPLE = [
  'Return-Path: <alice+lists@example.org>',
  'From: "Alice Example" <Alice+Lists@Example.org>',
  'To: bob@example.com, "Carol" <carol@example.net>',
  'Cc: team@example.com',
  'Subject: [sieve] Hello World',
  'Date: Tue, 1 Jul 2025 14:30:00 +0200',
  'List-Id: Sieve list <sieve.example.org>',
  'X-Spam-Score: 7',
  'X-Spam-Score: 2',
  '',
  'Hello Bob,',
  'this is a MEETING reminder.',
  '',
].join('\n');

export function runOn(script: string, raw = SAMPLE, opts: Partial<RunOptions> = {}) {
  return runScript(compile(script), {
    message: textMessage(raw),
    envelope: { from: 'alice+lists@example.org', to: 'bob+work@example.com' },
    now: new Date('2025-07-01T12:00:00Z'),
    ...opts,
  });
}

/** Mailboxes the script files into, "INBOX" for keep. */
export function targets(r: ReturnType<typeof runOn>): string[] {
  return r.actions.flatMap((a) => (a.type === 'keep' ? ['INBOX'] : a.type === 'fileinto' ? [a.mailbox] : []));
}
