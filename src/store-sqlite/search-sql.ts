// SearchKey -> SQL condition over `messages m` (and `blobs b` when needed).
// TEXT/BODY/HEADER substrings use the FTS5 trigram index when the pattern has at least
// three characters (trigrams need three), and a LIKE scan otherwise.
import { MailError } from '../core/errors.js';
import { normalizeRanges } from '../core/uid-ranges.js';
import type { DateOp, SearchKey, SortCriterion } from '../store/types.js';
import { systemBit } from './flags.js';

export interface CompiledSearch {
  where: string;
  params: unknown[];
  /** The condition reads columns of `blobs b`. */
  needsBlob: boolean;
  /** The condition runs an FTS query (best run once over the mailbox, not per window). */
  usesFts: boolean;
}

const DAY = 86_400_000;

const ADDRESS_COLUMNS = { from: 'from_text', to: 'to_text', cc: 'cc_text', bcc: 'bcc_text' } as const;

/**
 * Characters of header and body text fed to the trigram index per blob. Indexing cost
 * grows with distinct trigrams (about 20 ms per 100 KB of prose, 300 ms for random
 * base64 text), so long texts are indexed in part and their tail scanned with LIKE.
 */
export const FTS_MAX_CHARS = 32 * 1024;

/**
 * A substring in `cols` through the trigram index, or by scanning the text of bodies the
 * index does not hold whole (text_truncated != 0: not indexed yet, or a long text's tail).
 * The scan folds case as the index does (pr_contains: Unicode, not LIKE's ASCII only), so
 * the answer does not depend on whether the indexer has run.
 */
const ftsOrTail = (cols: string[], c: CompiledSearch, rowwise: boolean) => {
  const scans = cols.map((col) => `pr_contains(${rowwise ? 'b.' : ''}${col}, ?)`).join(' OR ');
  if (!rowwise) {
    c.usesFts = true;
    return `(m.blob_rid IN (SELECT rowid FROM blob_text WHERE blob_text MATCH ?) OR m.blob_rid IN (SELECT rid FROM blobs WHERE text_truncated != 0 AND (${scans})))`;
  }
  // Each row looked up in the index (rowid + MATCH): about a millisecond a row, where the
  // IN form reads every match of the pattern once (400 ms for a word in every message).
  c.needsBlob = true;
  return `(EXISTS (SELECT 1 FROM blob_text WHERE blob_text MATCH ? AND blob_text.rowid = m.blob_rid) OR (b.text_truncated != 0 AND (${scans})))`;
};

function dayStart(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new MailError('Invalid', `bad date ${date}`);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(t)) throw new MailError('Invalid', `bad date ${date}`);
  return t;
}

function dateCond(col: string, op: DateOp, date: string, params: unknown[]): string {
  const start = dayStart(date);
  switch (op) {
    case 'before':
      params.push(start);
      return `${col} < ?`;
    case 'since':
      params.push(start);
      return `${col} >= ?`;
    case 'on':
      params.push(start, start + DAY);
      return `(${col} >= ? AND ${col} < ?)`;
  }
}

/** An FTS5 phrase: double quotes around, inner quotes doubled. */
export function ftsPhrase(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

const likePattern = (value: string) => `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const chars = (s: string) => [...s].length;

/**
 * `rowwise`: TEXT/BODY/HEADER test each row against the trigram index instead of reading
 * the pattern's matches once (`usesFts` stays false): for searches over a few UIDs only.
 */
export function compileSearch(key: SearchKey, now: number, rowwise = false): CompiledSearch {
  const out: CompiledSearch = { where: '', params: [], needsBlob: false, usesFts: false };
  out.where = walk(key, out, now, rowwise);
  return out;
}

function walk(key: SearchKey, c: CompiledSearch, now: number, rowwise: boolean): string {
  const p = c.params;
  switch (key.k) {
    case 'all':
      return '1';
    case 'uid': {
      const rs = normalizeRanges(key.ranges);
      if (rs.length === 0) return '0';
      return `(${rs
        .map((r) => {
          p.push(r.start, r.end);
          return 'm.uid BETWEEN ? AND ?';
        })
        .join(' OR ')})`;
    }
    case 'flag': {
      const bit = systemBit(key.flag);
      if (bit) return `(m.sflags & ${bit}) ${key.set ? '!=' : '='} 0`;
      // \Recent is never stored by this server; other backslash names never match.
      if (key.flag.startsWith('\\')) return key.set ? '0' : '1';
      p.push(` ${key.flag.toLowerCase()} `);
      return `instr(' ' || lower(m.keywords) || ' ', ?) ${key.set ? '>' : '='} 0`;
    }
    case 'internaldate':
      return dateCond('m.internal_date', key.op, key.date, p);
    case 'savedate':
      return dateCond('m.save_date', key.op, key.date, p);
    case 'sentdate':
      // RFC 3501 §6.4.4: the Date: header's day as written, "disregarding time and timezone".
      c.needsBlob = true;
      return `(b.sent_date IS NOT NULL AND ${dateCond('(b.sent_date + COALESCE(b.sent_offset, 0) * 60000)', key.op, key.date, p)})`;
    case 'address':
      // Not in the trigram index (it holds the raw header): a scan of the short column.
      c.needsBlob = true;
      p.push(key.value.toLowerCase());
      return `pr_contains(b.${ADDRESS_COLUMNS[key.field]}, ?)`;
    case 'age':
      // RFC 5032: OLDER n = internal date at least n seconds ago; YOUNGER n = less than.
      p.push(now - key.seconds * 1000);
      return key.op === 'older' ? 'm.internal_date <= ?' : 'm.internal_date > ?';
    case 'size':
      p.push(key.bytes);
      return key.op === 'larger' ? 'm.size > ?' : 'm.size < ?';
    case 'header': {
      c.needsBlob = true;
      const parts: string[] = [];
      if (chars(key.value) >= 3) {
        p.push(`header_text : ${ftsPhrase(key.value)}`, key.value.toLowerCase());
        parts.push(ftsOrTail(['header_text'], c, rowwise));
      }
      p.push(key.name, key.value);
      parts.push('pr_header_has(b.header_text, ?, ?)');
      return `(${parts.join(' AND ')})`;
    }
    case 'text': {
      if (key.value === '') return '1';
      if (chars(key.value) >= 3) {
        const cols = key.where === 'body' ? ['body_text'] : ['header_text', 'body_text'];
        const needle = key.value.toLowerCase();
        p.push(
          `${cols.length === 1 ? cols[0] : `{${cols.join(' ')}}`} : ${ftsPhrase(key.value)}`,
          ...cols.map(() => needle),
        );
        return ftsOrTail(cols, c, rowwise);
      }
      c.needsBlob = true;
      const pat = likePattern(key.value);
      if (key.where === 'body') {
        p.push(pat);
        return "b.body_text LIKE ? ESCAPE '\\'";
      }
      p.push(pat, pat);
      return "(b.header_text LIKE ? ESCAPE '\\' OR b.body_text LIKE ? ESCAPE '\\')";
    }
    case 'modseq':
      p.push(key.min);
      return 'm.modseq >= ?'; // RFC 7162 §3.1.5
    case 'emailid':
      p.push(key.id);
      return 'm.email_id = ?';
    case 'threadid':
      p.push(key.id);
      return 'm.thread_id = ?';
    case 'and':
      return key.keys.length === 0 ? '1' : `(${key.keys.map((k) => walk(k, c, now, rowwise)).join(' AND ')})`;
    case 'or':
      return key.keys.length === 0 ? '0' : `(${key.keys.map((k) => walk(k, c, now, rowwise)).join(' OR ')})`;
    case 'not':
      return `NOT (${walk(key.key, c, now, rowwise)})`;
  }
}

/** RFC 5256 §3 / RFC 5957 sort keys as SQL; ties fall back to UID (mailbox order).
 *  Strings compare with i;ascii-casemap (RFC 5256 §3: a-z folded to A-Z, then octets),
 *  which SQLite's ASCII-only upper() gives exactly. */
export function compileSort(criteria: SortCriterion[]): { orderBy: string; needsBlob: boolean } {
  let needsBlob = false;
  const parts = criteria.map((c) => {
    let expr: string;
    switch (c.key) {
      case 'arrival':
        expr = 'm.internal_date';
        break;
      case 'size':
        expr = 'm.size';
        break;
      case 'date':
        // RFC 5256: the Date: header, or the internal date when it is missing or invalid.
        expr = 'COALESCE(b.sent_date, m.internal_date)';
        break;
      case 'subject':
        expr = 'upper(b.base_subject)';
        break;
      case 'from':
        expr = 'upper(b.from_addr)';
        break;
      case 'to':
        expr = 'upper(b.to_addr)';
        break;
      case 'cc':
        expr = 'upper(b.cc_addr)';
        break;
      case 'displayfrom':
        expr = 'upper(b.from_display)';
        break;
      case 'displayto':
        expr = 'upper(b.to_display)';
        break;
    }
    if (expr.includes('b.')) needsBlob = true;
    return `${expr}${c.reverse ? ' DESC' : ''}`;
  });
  parts.push('m.uid');
  return { orderBy: parts.join(', '), needsBlob };
}

/** The SQL function pr_contains(text, lowerCaseNeedle): a case-insensitive substring test. */
export function contains(text: string, lowerNeedle: string): number {
  return text.toLowerCase().includes(lowerNeedle) ? 1 : 0;
}

/** The SQL function pr_header_has(headerText, name, value): RFC 9051 HEADER search. */
export function headerHas(headerText: string, name: string, value: string): number {
  const want = `${name.toLowerCase()}:`;
  const needle = value.toLowerCase();
  for (const line of headerText.split(/\r?\n/)) {
    if (!line.toLowerCase().startsWith(want)) continue;
    if (needle === '' || line.slice(want.length).toLowerCase().includes(needle)) return 1;
  }
  return 0;
}
