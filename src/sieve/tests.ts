// The Sieve tests (RFC 5228 §5 and extensions), evaluated against a TestHost.
import { parseAddressList, split, subaddress } from './address.js';
import type { Argument, CommandNode, TestNode } from './ast.js';
import { datePart, parseRfc5322Date, parseZone, type ZonedDate } from './date.js';
import type { HeaderView } from './header-view.js';
import type { RunOptions } from './interpreter.js';
import { type Comparator, Matcher, type MatchType } from './match.js';
import type { SieveMessage } from './message.js';

export interface TestHost {
  readonly opts: RunOptions;
  readonly message: SieveMessage;
  readonly headers: HeaderView;
  flags: string[];
  str(a: Argument | true | undefined): string;
  list(a: Argument | true | undefined): string[];
  getVar(name: string): string | undefined;
  setMatch(groups: string[] | undefined): void;
  charge(n: number, pos?: { line: number; column: number }): void;
}

export function makeMatcher(node: CommandNode | TestNode, str: (a: Argument | true) => string): Matcher {
  const cmpTag = node.tags.get('comparator');
  const comparator = (cmpTag ? str(cmpTag).toLowerCase() : 'i;ascii-casemap') as Comparator;
  let type: MatchType = { kind: 'is' };
  for (const k of ['contains', 'matches', 'regex'] as const) if (node.tags.has(k)) type = { kind: k };
  for (const k of ['count', 'value'] as const) {
    const r = node.tags.get(k);
    if (r) type = { kind: k, relation: str(r).toLowerCase() };
  }
  return new Matcher(comparator, type);
}

function run(host: TestHost, node: TestNode, values: string[], keys: string[]): boolean {
  host.charge(values.length * Math.max(1, keys.length), node.pos);
  const r = makeMatcher(node, (a) => host.str(a)).test(values, keys);
  if (r.matched) host.setMatch(r.groups);
  return r.matched;
}

// RFC 5260 §6: :index N picks the Nth field (from the end with :last).
function pick<T>(node: TestNode, items: T[]): T[] {
  const idx = node.tags.get('index');
  if (!idx || idx === true || idx.kind !== 'number') return items;
  const at = node.tags.has('last') ? items.length - idx.value : idx.value - 1;
  return at >= 0 && at < items.length ? [items[at]!] : [];
}

function addressPart(node: TestNode, a: { all: string; localpart: string; domain: string }): string | null {
  if (node.tags.has('localpart')) return a.localpart;
  if (node.tags.has('domain')) return a.domain;
  if (node.tags.has('user')) return subaddress(a.localpart).user;
  if (node.tags.has('detail')) return subaddress(a.localpart).detail ?? null;
  return a.all;
}

function headerValues(host: TestHost, node: TestNode, names: string[]): string[] {
  const fields = names.flatMap((n) => host.headers.get(n));
  return pick(node, fields);
}

function zonedNow(host: TestHost, node: TestNode): ZonedDate {
  const now = host.opts.now ?? new Date();
  const z = node.tags.get('zone');
  const offset = z ? parseZone(host.str(z)) : -now.getTimezoneOffset();
  return { utcMs: now.getTime(), offset: offset ?? 0 };
}

export function evaluateTest(host: TestHost, t: TestNode, sub: (t: TestNode) => boolean): boolean {
  const p = t.positional;
  switch (t.name) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'not':
      return !sub(t.tests[0]!);
    case 'allof':
      return t.tests.every(sub);
    case 'anyof':
      return t.tests.some(sub);
    case 'exists':
      return host.list(p[0]).every((n) => host.headers.get(n).length > 0);
    case 'size': {
      const n = p[0]!.kind === 'number' ? p[0]!.value : 0;
      return t.tags.has('over') ? host.message.size > n : host.message.size < n;
    }
    case 'header':
      return run(host, t, headerValues(host, t, host.list(p[0])), host.list(p[1]));
    case 'address': {
      const addrs = headerValues(host, t, host.list(p[0])).flatMap((v) => parseAddressList(v));
      const parts = addrs.map((a) => addressPart(t, a)).filter((x): x is string => x !== null);
      return run(host, t, parts, host.list(p[1]));
    }
    case 'envelope': {
      const env = host.opts.envelope;
      const parts: string[] = [];
      for (const name of host.list(p[0]).map((s) => s.toLowerCase())) {
        const raw =
          name === 'from' ? env.from : name === 'to' ? env.to : name === 'auth' ? env.auth : undefined;
        if (raw === undefined) continue;
        // RFC 5228 §5.4: the null reverse-path is the empty string for every part.
        const part = raw === '' ? '' : addressPart(t, split(raw));
        if (part !== null) parts.push(part);
      }
      return run(host, t, parts, host.list(p[1]));
    }
    case 'body': {
      const transform = t.tags.has('raw')
        ? ({ kind: 'raw' } as const)
        : t.tags.has('content')
          ? ({ kind: 'content', types: host.list(t.tags.get('content')) } as const)
          : ({ kind: 'text' } as const);
      return run(host, t, host.message.body(transform), host.list(p[0]));
    }
    case 'string': {
      let values = host.list(p[0]);
      // RFC 5229 §5: with :count, empty strings are not counted.
      if (t.tags.has('count')) values = values.filter((v) => v !== '');
      return run(host, t, values, host.list(p[1]));
    }
    case 'hasflag': {
      const flags =
        p.length === 2
          ? host.list(p[0]).flatMap((v) => (host.getVar(v) ?? '').split(/\s+/).filter(Boolean))
          : host.flags;
      return run(host, t, flags, host.list(p[p.length - 1]));
    }
    case 'date': {
      const dates = headerValues(host, t, [host.str(p[0])])
        .map(parseRfc5322Date)
        .filter((d): d is ZonedDate => d !== null);
      const z = t.tags.get('zone');
      const shown = dates.map((d) => {
        if (t.tags.has('originalzone')) return d;
        const off = z ? parseZone(host.str(z)) : -(host.opts.now ?? new Date()).getTimezoneOffset();
        return { utcMs: d.utcMs, offset: off ?? 0 };
      });
      const part = host.str(p[1]);
      return run(
        host,
        t,
        shown.map((d) => datePart(d, part)),
        host.list(p[2]),
      );
    }
    case 'currentdate':
      return run(host, t, [datePart(zonedNow(host, t), host.str(p[0]))], host.list(p[1]));
    case 'mailboxexists': {
      const exists = host.opts.mailboxExists;
      return exists ? host.list(p[0]).every((m) => exists(m)) : false;
    }
    case 'environment': {
      const v = host.opts.environment?.[host.str(p[0]).toLowerCase()];
      return v === undefined ? false : run(host, t, [v], host.list(p[1]));
    }
    default:
      return false;
  }
}
