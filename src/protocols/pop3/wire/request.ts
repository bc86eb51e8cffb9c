// Parses one POP3 command line (terminator already removed) into a typed request.
// Pure: no I/O, no state. RFC 1939 §3: a keyword of 3-4 characters (case-insensitive)
// and arguments separated by a single space. We accept runs of spaces between
// arguments, since clients that send them mean nothing else.
//
// APOP (RFC 1939 §7) is deliberately not parsed: it needs the server to keep the
// password in a plaintext-equivalent form (MD5 of timestamp+secret), which would defeat
// the scrypt hashes every other login path uses. See docs/pop3.md.

export const POP3_VERBS = [
  'USER',
  'PASS',
  'STAT',
  'LIST',
  'UIDL',
  'RETR',
  'DELE',
  'NOOP',
  'RSET',
  'QUIT',
  'TOP',
  'CAPA',
  'STLS',
  'AUTH',
] as const;
export type Pop3Verb = (typeof POP3_VERBS)[number];

export type Pop3Request =
  | { verb: 'USER'; name: string }
  | { verb: 'PASS'; password: string }
  | { verb: 'STAT' }
  | { verb: 'LIST'; msg: number | null }
  | { verb: 'UIDL'; msg: number | null }
  | { verb: 'RETR'; msg: number }
  | { verb: 'DELE'; msg: number }
  | { verb: 'NOOP' }
  | { verb: 'RSET' }
  | { verb: 'QUIT' }
  | { verb: 'TOP'; msg: number; lines: number }
  | { verb: 'CAPA' }
  | { verb: 'STLS' }
  /**
   * mechanism null: "AUTH" alone, which lists the mechanisms (a common extension).
   * initialResponse: the base64 text as sent ("=" for empty), checked by the SASL layer.
   */
  | { verb: 'AUTH'; mechanism: string | null; initialResponse: string | null };

export type RequestOf<V extends Pop3Verb> = Extract<Pop3Request, { verb: V }>;

export type ParseResult =
  | { ok: true; request: Pop3Request }
  | { ok: false; kind: 'unknown' | 'syntax'; verb: string; message: string };

/** RFC 1939 gives no bound; message numbers beyond this cannot exist in a snapshot. */
const MAX_MSG_NUMBER = 2 ** 31 - 1;

const verbs: ReadonlySet<string> = new Set(POP3_VERBS);
const decoder = new TextDecoder('utf-8', { fatal: true });

function syntax(verb: string, message: string): ParseResult {
  return { ok: false, kind: 'syntax', verb, message };
}

/** Decodes a line as UTF-8 and refuses control characters (NUL, bare CR, ...). */
export function decodeLine(line: Uint8Array): string | null {
  let text: string;
  try {
    text = decoder.decode(line);
  } catch {
    return null;
  }
  // TAB is tolerated inside passwords; every other C0 control or DEL is refused.
  return /[\x00-\x08\x0a-\x1f\x7f]/.test(text) ? null : text;
}

/** RFC 1939 §3: a message number is a positive decimal integer. */
export function parseMsgNumber(s: string): number | null {
  if (!/^[0-9]{1,10}$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 && n <= MAX_MSG_NUMBER ? n : null;
}

/** TOP's line count: a non-negative decimal integer; huge values mean "all". */
function parseLineCount(s: string): number | null {
  if (!/^[0-9]{1,20}$/.test(s)) return null;
  return Math.min(Number(s), Number.MAX_SAFE_INTEGER);
}

export function parseRequest(raw: Uint8Array): ParseResult {
  const text = decodeLine(raw);
  if (text === null) return syntax('', 'Command line is not valid UTF-8 text');
  const sp = text.indexOf(' ');
  const keyword = (sp === -1 ? text : text.slice(0, sp)).toUpperCase();
  const rest = sp === -1 ? '' : text.slice(sp + 1);
  if (keyword === '') return syntax('', 'Empty command');
  if (!verbs.has(keyword)) {
    const shown = keyword.length > 16 ? `${keyword.slice(0, 16)}...` : keyword;
    return { ok: false, kind: 'unknown', verb: keyword, message: `Unknown command: ${shown}` };
  }
  const verb = keyword as Pop3Verb;
  const args = rest.split(' ').filter((a) => a !== '');
  const noArgs = (r: Pop3Request): ParseResult =>
    args.length === 0 ? { ok: true, request: r } : syntax(verb, `${verb} takes no argument`);
  const optionalMsg = (v: 'LIST' | 'UIDL'): ParseResult => {
    if (args.length === 0) return { ok: true, request: { verb: v, msg: null } };
    if (args.length > 1) return syntax(verb, `${verb} takes at most one message number`);
    const msg = parseMsgNumber(args[0]!);
    return msg === null ? syntax(verb, 'Invalid message number') : { ok: true, request: { verb: v, msg } };
  };
  const requiredMsg = (v: 'RETR' | 'DELE'): ParseResult => {
    if (args.length !== 1) return syntax(verb, `${verb} needs one message number`);
    const msg = parseMsgNumber(args[0]!);
    return msg === null ? syntax(verb, 'Invalid message number') : { ok: true, request: { verb: v, msg } };
  };

  switch (verb) {
    case 'USER':
      if (args.length !== 1) return syntax(verb, 'USER needs one name');
      return { ok: true, request: { verb, name: args[0]! } };
    case 'PASS':
      // RFC 1939 §7: the password is the rest of the line and may contain spaces.
      if (rest === '') return syntax(verb, 'PASS needs a password');
      return { ok: true, request: { verb, password: rest } };
    case 'STAT':
    case 'NOOP':
    case 'RSET':
    case 'QUIT':
    case 'CAPA':
    case 'STLS':
      return noArgs({ verb });
    case 'LIST':
    case 'UIDL':
      return optionalMsg(verb);
    case 'RETR':
    case 'DELE':
      return requiredMsg(verb);
    case 'TOP': {
      if (args.length !== 2) return syntax(verb, 'TOP needs a message number and a line count');
      const msg = parseMsgNumber(args[0]!);
      if (msg === null) return syntax(verb, 'Invalid message number');
      const lines = parseLineCount(args[1]!);
      if (lines === null) return syntax(verb, 'Invalid line count');
      return { ok: true, request: { verb, msg, lines } };
    }
    case 'AUTH': {
      // RFC 5034 §4: AUTH mechanism [initial-response]
      if (args.length === 0) return { ok: true, request: { verb, mechanism: null, initialResponse: null } };
      if (args.length > 2) return syntax(verb, 'AUTH takes a mechanism and an optional initial response');
      const mechanism = args[0]!.toUpperCase();
      if (!/^[A-Z0-9_-]{1,20}$/.test(mechanism)) return syntax(verb, 'Invalid SASL mechanism name');
      if (args.length === 1) return { ok: true, request: { verb, mechanism, initialResponse: null } };
      // RFC 5034 §4: "=" is an empty initial response; the SASL layer decodes and checks.
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(args[1]!) || args[1] === '')
        return syntax(verb, 'Initial response is not base64');
      return { ok: true, request: { verb, mechanism, initialResponse: args[1]! } };
    }
  }
}
