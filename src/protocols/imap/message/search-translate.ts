// The wire's SEARCH program (RFC 9051 §6.4.4) to the store's SearchKey. Sequence sets
// become UID ranges through the session's view; `$` is the saved result (RFC 5182).
// \Recent is the session's (RFC 3501 §2.3.2): RECENT, NEW (RECENT UNSEEN) and OLD (NOT RECENT)
// use the view's recent UIDs; an IMAP4rev2 session has none, so RECENT matches nothing.

import type { SearchKey as StoreKey, UidRange } from '../../../store/types.js';
import { toRanges } from '../sequence.js';
import type { ImapDate } from '../wire/datetime.js';
import type { SearchKey, SearchProgram } from '../wire/search.js';
import type { SeqMap } from '../wire/seqmap.js';
import type { SequenceSet } from '../wire/sequence-set.js';

/** Charsets SEARCH accepts (RFC 9051 §6.4.4: others are NO [BADCHARSET]). */
export const ACCEPTED_CHARSETS = new Set(['UTF-8', 'UTF8', 'US-ASCII', 'ASCII']);

export interface TranslateView {
  seq: SeqMap;
  savedResult: number[] | null;
  /** UIDs that are \Recent in this session (none when absent). */
  recentRanges?: UidRange[];
}

const NOTHING: StoreKey = { k: 'uid', ranges: [] };

function isoDate(d: ImapDate): string {
  const p = (n: number, w: number) => String(n).padStart(w, '0');
  return `${p(d.year, 4)}-${p(d.month, 2)}-${p(d.day, 2)}`;
}

/** The UID ranges a set names ($, UID ranges as asked, or message numbers' UIDs). */
export function setToRanges(view: TranslateView, set: SequenceSet, uid: boolean): UidRange[] {
  if (set.kind === 'saved') return toRanges((view.savedResult ?? []).filter((u) => view.seq.has(u)));
  if (uid) {
    // UIDs need not exist: keep the ranges as asked ('*' is the highest UID, RFC 9051 §6.4.9).
    const max = view.seq.maxUid;
    return set.ranges.map((r) => {
      const a = r.from === '*' ? max : r.from;
      const b = r.to === '*' ? max : r.to;
      return { start: Math.min(a, b), end: Math.max(a, b) };
    });
  }
  const uids: number[] = [];
  for (const [, u] of view.seq.select(set, false)) uids.push(u);
  return toRanges(uids.sort((a, b) => a - b));
}

function recentKey(view: TranslateView): StoreKey {
  const r = view.recentRanges ?? [];
  return r.length > 0 ? { k: 'uid', ranges: r } : NOTHING;
}

function key(view: TranslateView, k: SearchKey): StoreKey {
  switch (k.type) {
    case 'all':
    case 'savedatesupported':
      return { k: 'all' };
    case 'old':
      return { k: 'not', key: recentKey(view) };
    case 'new':
      return { k: 'and', keys: [recentKey(view), { k: 'flag', flag: '\\Seen', set: false }] };
    case 'recent':
      return k.present ? recentKey(view) : { k: 'not', key: recentKey(view) };
    case 'flag':
      return { k: 'flag', flag: k.flag, set: k.present };
    case 'header':
      return { k: 'header', name: k.field.toLowerCase(), value: k.value };
    case 'address': {
      const name = k.field.toLowerCase() as 'from' | 'to' | 'cc' | 'bcc';
      // An empty string asks whether the header is there (as HEADER does).
      return k.value === ''
        ? { k: 'header', name, value: '' }
        : { k: 'address', field: name, value: k.value };
    }
    case 'body':
      return { k: 'text', where: 'body', value: k.value };
    case 'text':
      return { k: 'text', where: 'text', value: k.value };
    case 'date': {
      const date = isoDate(k.date);
      if (k.field === 'internal') return { k: 'internaldate', op: k.cmp, date };
      if (k.field === 'sent') return { k: 'sentdate', op: k.cmp, date };
      return { k: 'savedate', op: k.cmp, date };
    }
    case 'size':
      return { k: 'size', op: k.cmp, bytes: k.size };
    case 'seq':
      return { k: 'uid', ranges: setToRanges(view, k.set, false) };
    case 'uid':
      return { k: 'uid', ranges: setToRanges(view, k.set, true) };
    case 'not':
      return { k: 'not', key: key(view, k.key) };
    case 'or':
      return { k: 'or', keys: [key(view, k.left), key(view, k.right)] };
    case 'and':
      return { k: 'and', keys: k.keys.map((x) => key(view, x)) };
    case 'modseq':
      // Per-flag entries are not kept: every flag change bumps the message's modseq, so
      // the message modseq is a correct (if coarser) answer (RFC 7162 §3.1.5).
      return { k: 'modseq', min: k.modseq };
    case 'age':
      return { k: 'age', op: k.cmp, seconds: k.seconds };
    case 'emailid':
      return { k: 'emailid', id: k.id };
    case 'threadid':
      return { k: 'threadid', id: k.id };
  }
}

/** The store key for a whole program (all keys must match). */
export function translateSearch(view: TranslateView, program: SearchProgram): StoreKey {
  const keys = program.keys.map((k) => key(view, k));
  return keys.length === 1 ? keys[0]! : { k: 'and', keys };
}

/** True when the program asks about MODSEQ (the reply then carries MODSEQ, RFC 7162 §3.1.5). */
export function usesModseq(program: SearchProgram): boolean {
  const walk = (k: SearchKey): boolean => {
    if (k.type === 'modseq') return true;
    if (k.type === 'not') return walk(k.key);
    if (k.type === 'or') return walk(k.left) || walk(k.right);
    if (k.type === 'and') return k.keys.some(walk);
    return false;
  };
  return program.keys.some(walk);
}
