// Address lists from header values (RFC 5322 §3.4), enough for the address test:
// display names, angle addresses, comments, quoted local parts, groups.

export interface ParsedAddress {
  /** local@domain, or the raw text when it is not an address. */
  all: string;
  localpart: string;
  domain: string;
}

/** Splits a header value into addresses; never throws. */
export function parseAddressList(value: string): ParsedAddress[] {
  const out: ParsedAddress[] = [];
  const text = stripComments(value);
  for (const raw of splitTop(text)) {
    let item = raw.trim();
    if (!item) continue;
    // group "name: a, b;" -> the members were split at the top level; drop "name:" prefix
    const colon = groupColon(item);
    if (colon >= 0) item = item.slice(colon + 1).trim();
    item = item.replace(/;\s*$/, '').trim();
    if (!item) continue;
    const angle = /<([^>]*)>/.exec(item);
    const addr = (angle ? angle[1]! : item).trim();
    out.push(split(addr));
  }
  return out;
}

export function split(addr: string): ParsedAddress {
  const at = addr.lastIndexOf('@');
  if (at < 0) return { all: addr, localpart: addr, domain: '' };
  let local = addr.slice(0, at);
  if (local.startsWith('"') && local.endsWith('"') && local.length >= 2) local = local.slice(1, -1);
  return { all: `${local}@${addr.slice(at + 1)}`, localpart: local, domain: addr.slice(at + 1) };
}

/** RFC 5233: "user+detail" -> user / detail (undefined when there is no separator). */
export function subaddress(local: string): { user: string; detail: string | undefined } {
  const i = local.indexOf('+');
  return i < 0 ? { user: local, detail: undefined } : { user: local.slice(0, i), detail: local.slice(i + 1) };
}

function stripComments(s: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      if (depth === 0) out += c + s[i + 1];
      i++;
    } else if (quoted) {
      out += c;
      if (c === '"') quoted = false;
    } else if (c === '"' && depth === 0) {
      quoted = true;
      out += c;
    } else if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (depth === 0) out += c;
  }
  return out;
}

function splitTop(s: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  let angle = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && quoted) {
      cur += c + (s[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '<') angle = true;
    else if (!quoted && c === '>') angle = false;
    if (!quoted && !angle && (c === ',' || c === ';')) {
      parts.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  parts.push(cur);
  return parts;
}

function groupColon(item: string): number {
  let quoted = false;
  for (let i = 0; i < item.length; i++) {
    const c = item[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '<') return -1;
    else if (!quoted && c === ':') return i;
  }
  return -1;
}
