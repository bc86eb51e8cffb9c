// IMAP dates (RFC 9051 §9 date, date-time) parsed and formatted.

import { fail } from './errors.js';
import type { Reader } from './reader.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A calendar date without time or zone (SEARCH BEFORE/ON/SINCE...). */
export interface ImapDate {
  year: number;
  month: number; // 1-12
  day: number;
}

/** An instant with the zone the client gave (APPEND date-time). */
export interface ImapDateTime {
  /** Milliseconds since the epoch (UTC). */
  time: number;
  /** Zone offset in minutes east of UTC, e.g. +0200 -> 120. */
  offsetMinutes: number;
}

function monthIndex(s: string): number {
  const i = MONTHS.findIndex((m) => m.toLowerCase() === s.toLowerCase());
  if (i < 0) fail(`Invalid month "${s}"`);
  return i + 1;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const DATE_RE = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/;

export function parseDateText(s: string): ImapDate {
  const m = DATE_RE.exec(s);
  if (!m) fail(`Invalid date "${s.slice(0, 30)}" (expected d-Mon-yyyy)`);
  const day = Number(m[1]);
  const month = monthIndex(m[2]!);
  const year = Number(m[3]);
  if (day < 1 || day > daysInMonth(year, month)) fail(`Invalid day in date "${s}"`);
  return { year, month, day };
}

/** RFC 9051 date = date-text / DQUOTE date-text DQUOTE. */
export function readDate(r: Reader): ImapDate {
  if (r.peek() === 0x22) return parseDateText(r.quoted().toString('latin1'));
  return parseDateText(r.atom('date'));
}

const DATETIME_RE = /^([ \d]\d)-([A-Za-z]{3})-(\d{4}) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)$/;

/** Parses the text inside the quotes of a date-time: "dd-Mon-yyyy hh:mm:ss +zzzz". */
export function parseDateTimeText(s: string): ImapDateTime {
  const m = DATETIME_RE.exec(s);
  if (!m) fail(`Invalid date-time "${s.slice(0, 40)}"`);
  const day = Number(m[1]!.trim());
  const month = monthIndex(m[2]!);
  const year = Number(m[3]);
  const [hh, mm, ss] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (day < 1 || day > daysInMonth(year, month) || hh > 23 || mm > 59 || ss > 60)
    fail(`Invalid date-time "${s}"`);
  const zh = Number(m[8]);
  const zm = Number(m[9]);
  if (zm > 59) fail(`Invalid zone in date-time "${s}"`);
  const offsetMinutes = (m[7] === '-' ? -1 : 1) * (zh * 60 + zm);
  const local = Date.UTC(year, month - 1, day, hh, mm, Math.min(ss, 59));
  return { time: local - offsetMinutes * 60_000, offsetMinutes };
}

/** RFC 9051 date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE. */
export function readDateTime(r: Reader): ImapDateTime {
  if (r.peek() !== 0x22) fail(`Expected a quoted date-time ${r.where()}`);
  return parseDateTimeText(r.quoted().toString('latin1'));
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Formats a date-time with the given zone (default UTC), quotes included:
 *  `"05-Mar-2024 14:03:09 +0100"` (date-day-fixed uses a leading space for days < 10). */
export function formatDateTime(time: number, offsetMinutes = 0): string {
  const d = new Date(time + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const off = Math.abs(offsetMinutes);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  return (
    `"${day}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ` +
    `${sign}${pad2(Math.floor(off / 60))}${pad2(off % 60)}"`
  );
}

/** Formats a date as d-Mon-yyyy. */
export function formatDate(d: ImapDate): string {
  return `${d.day}-${MONTHS[d.month - 1]}-${d.year}`;
}
