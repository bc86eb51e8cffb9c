// LIST patterns (RFC 9051 §6.3.9): `*` matches anything, `%` anything but the hierarchy
// delimiter. The reference is prefixed to the pattern. INBOX matches in any case
// (RFC 9051 §5.1).

const DELIM = '/';

export function joinReference(reference: string, pattern: string): string {
  if (reference === '' || pattern.startsWith(DELIM)) return pattern;
  if (reference.endsWith(DELIM)) return reference + pattern;
  return `${reference}${DELIM}${pattern}`;
}

/** A matcher for one pattern; `null` when it can never match (empty). */
export function compilePattern(pattern: string): (name: string) => boolean {
  let re = '^';
  for (const ch of pattern) {
    if (ch === '*') re += '.*';
    else if (ch === '%') re += '[^/]*';
    else re += ch.replace(/[\\^$.|?+()[\]{}]/g, '\\$&');
  }
  re += '$';
  const rx = new RegExp(re, 'su');
  // "inbox", "Inbox/x" patterns match INBOX: compare with the first level upper-cased.
  const inboxish = /^inbox(\/|$)/i.test(pattern);
  return (name) => rx.test(name) || (inboxish && rx.test(name.replace(/^INBOX/, pattern.slice(0, 5))));
}

/** The names of every ancestor of `name` ("a/b/c" -> "a", "a/b"). */
export function parentsOf(name: string): string[] {
  const parts = name.split(DELIM);
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join(DELIM));
  return out;
}

/** Sort order of replies: INBOX first, then by name. */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  if (a === 'INBOX') return -1;
  if (b === 'INBOX') return 1;
  return a < b ? -1 : 1;
}
