// RFC 5256 THREAD algorithms as pure functions over the stored index fields:
// ORDEREDSUBJECT (§3 "ORDEREDSUBJECT") and REFERENCES (§3 "REFERENCES", after
// Jamie Zawinski's algorithm). Input order breaks ties (pass messages in UID order).

import { baseSubject } from '../../../mime/subject.js';
import type { ThreadNode } from '../wire/search-responses.js';

export interface ThreadInput {
  /** The number to report (sequence number or UID). */
  id: number;
  messageId: string | null;
  inReplyTo: string | null;
  references: readonly string[];
  subject: string;
  /** Sent date (Date: header), or the internal date when absent (RFC 5256 §2.2), ms. */
  date: number;
}

interface Container {
  msg: ThreadInput | null;
  order: number;
  parent: Container | null;
  children: Container[];
}

function byDate(a: Container, b: Container): number {
  const da = dateOf(a);
  const db = dateOf(b);
  return da - db || orderOf(a) - orderOf(b);
}
/** RFC 5256 §3 (REFERENCES step 4): an empty container sorts by its first child. */
function dateOf(c: Container): number {
  if (c.msg) return c.msg.date;
  return c.children[0] ? dateOf(c.children[0]) : 0;
}
function orderOf(c: Container): number {
  if (c.msg) return c.order;
  return c.children[0] ? orderOf(c.children[0]) : 0;
}

/** Base subjects compare with i;ascii-casemap (RFC 5256 §2.1, §3). */
function subjectKey(subject: string): string {
  return baseSubject(subject).toLowerCase();
}

function toNode(c: Container): ThreadNode {
  return { id: c.msg ? c.msg.id : null, children: c.children.map(toNode) };
}

/** ORDEREDSUBJECT: group by base subject, each group sorted by date, the first message
 *  the parent of all the others; groups ordered by their first message's date. */
export function orderedSubject(msgs: readonly ThreadInput[]): ThreadNode[] {
  const groups = new Map<string, Container[]>();
  msgs.forEach((m, order) => {
    const key = subjectKey(m.subject);
    const c: Container = { msg: m, order, parent: null, children: [] };
    const g = groups.get(key);
    if (g) g.push(c);
    else groups.set(key, [c]);
  });
  const roots: Container[] = [];
  for (const g of groups.values()) {
    g.sort(byDate);
    const [first, ...rest] = g;
    first!.children = rest;
    roots.push(first!);
  }
  roots.sort(byDate);
  return roots.map(toNode);
}

function isAncestor(a: Container, b: Container): boolean {
  // true when a is b or an ancestor of b
  for (let x: Container | null = b; x; x = x.parent) if (x === a) return true;
  return false;
}

function unlink(c: Container): void {
  if (!c.parent) return;
  const sibs = c.parent.children;
  sibs.splice(sibs.indexOf(c), 1);
  c.parent = null;
}

function link(parent: Container, child: Container): void {
  unlink(child);
  child.parent = parent;
  parent.children.push(child);
}

function isReply(subject: string): boolean {
  return /^\s*(re|fwd?)\s*(\[[^\]]*\]\s*)?:/i.test(subject) || /\(fwd\)\s*$/i.test(subject);
}

/** Step 3: drop empty leaves; splice empty containers' children up (not at the root
 *  when that would put several children at the top). */
function prune(list: Container[], atRoot: boolean): Container[] {
  const out: Container[] = [];
  for (const c of list) {
    c.children = prune(c.children, false);
    for (const k of c.children) k.parent = c;
    if (!c.msg && c.children.length === 0) continue;
    if (!c.msg && (!atRoot || c.children.length === 1)) {
      for (const k of c.children) {
        k.parent = null;
        out.push(k);
      }
      continue;
    }
    out.push(c);
  }
  return out;
}

function sortTree(list: Container[]): void {
  for (const c of list) sortTree(c.children);
  list.sort(byDate);
}

/** REFERENCES (RFC 5256 §3). */
export function threadReferences(msgs: readonly ThreadInput[]): ThreadNode[] {
  const table = new Map<string, Container>();
  const all: Container[] = [];
  const containerFor = (id: string): Container => {
    let c = table.get(id);
    if (!c) {
      c = { msg: null, order: 0, parent: null, children: [] };
      table.set(id, c);
      all.push(c);
    }
    return c;
  };
  msgs.forEach((m, order) => {
    // Step 1A: a message without (or with a duplicate) Message-ID gets a unique one.
    let own: Container;
    const existing = m.messageId ? table.get(m.messageId) : undefined;
    if (m.messageId && !existing?.msg) own = containerFor(m.messageId);
    else {
      own = { msg: null, order, parent: null, children: [] };
      all.push(own);
    }
    own.msg = m;
    own.order = order;
    // Step 1B: link the references in order, never creating a loop, never re-parenting.
    const refs = m.references.length > 0 ? m.references : m.inReplyTo ? [m.inReplyTo] : [];
    let prev: Container | null = null;
    for (const r of refs) {
      const c = containerFor(r);
      if (prev && !c.parent && !isAncestor(c, prev)) link(prev, c);
      prev = c;
    }
    // Step 1C: the message's parent is the last reference (replacing an earlier link).
    unlink(own);
    if (prev && !isAncestor(own, prev)) link(prev, own);
  });
  // Step 2 + 3: the root set, pruned.
  let roots = prune(
    all.filter((c) => !c.parent),
    true,
  );
  // Step 4 is folded into the final sort; step 5: gather roots by base subject.
  const subjectOf = (c: Container): string => (c.msg ?? c.children[0]?.msg)?.subject ?? '';
  const bySubject = new Map<string, Container>();
  for (const c of roots) {
    const s = subjectKey(subjectOf(c));
    if (!s) continue;
    const old = bySubject.get(s);
    if (
      !old ||
      (!c.msg && old.msg) ||
      (old.msg && c.msg && isReply(old.msg.subject) && !isReply(c.msg.subject))
    )
      bySubject.set(s, c);
  }
  const merged: Container[] = [];
  for (const c of roots) {
    const s = subjectKey(subjectOf(c));
    const t = s ? bySubject.get(s) : undefined;
    if (!t || t === c) {
      merged.push(c);
      continue;
    }
    if (!t.msg && !c.msg) {
      for (const k of [...c.children]) link(t, k);
    } else if (!t.msg && c.msg) {
      link(t, c);
    } else if (t.msg && !c.msg) {
      // Make the message a child of the empty container, which takes its place.
      const idx = merged.indexOf(t);
      link(c, t);
      if (idx >= 0) merged[idx] = c;
      else merged.push(c);
      bySubject.set(s, c);
    } else if (t.msg && c.msg && isReply(c.msg.subject) && !isReply(t.msg.subject)) {
      link(t, c);
    } else {
      const dummy: Container = { msg: null, order: 0, parent: null, children: [] };
      const idx = merged.indexOf(t);
      link(dummy, t);
      link(dummy, c);
      if (idx >= 0) merged[idx] = dummy;
      else merged.push(dummy);
      bySubject.set(s, dummy);
    }
  }
  roots = merged;
  // Step 6: sort every level by date.
  sortTree(roots);
  return roots.map(toNode);
}
