// Date header parsing (RFC 5322 §3.3 and the obsolete forms of §4.3).
import { stripComments } from './params.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** RFC 5322 §4.3 obs-zone; military zones are treated as -0000 (unknown), as it advises. */
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  edt: -4 * 60,
  est: -5 * 60,
  cdt: -5 * 60,
  cst: -6 * 60,
  mdt: -6 * 60,
  mst: -7 * 60,
  pdt: -7 * 60,
  pst: -8 * 60,
};

/** A Date: header's instant and the zone it was written in. */
export interface ZonedDate {
  date: Date;
  /** Minutes east of UTC as written (0 for "-0000" and unknown zones). */
  offset: number;
}

/** Parses an RFC 5322 date (or a common broken variant); null when it cannot. */
export function parseMailDate(value: string | null | undefined): Date | null {
  return parseMailDateZoned(value)?.date ?? null;
}

/** Like parseMailDate, keeping the zone offset. */
export function parseMailDateZoned(value: string | null | undefined): ZonedDate | null {
  if (!value) return null;
  const s = stripComments(value).replace(/\s+/g, ' ').trim().toLowerCase();
  // [day-of-week ","] day month year hour ":" minute [":" second] [zone]
  const m =
    /^(?:[a-z]+\s*,?\s*)?(\d{1,2})[\s-]*([a-z]{3})[a-z]*\.?[\s-]*(\d{2,4})\s+(\d{1,2})\s*:\s*(\d{1,2})(?:\s*:\s*(\d{1,2}))?(?:\.\d+)?\s*([+-]\s*\d{1,4}|[a-z]{1,5})?/.exec(
      s,
    );
  if (!m) {
    // ISO 8601 and other machine forms
    if (/^\d{4}-\d{2}-\d{2}/.test(s)) {
      const t = Date.parse(s.toUpperCase());
      if (Number.isNaN(t)) return null;
      const z = /([+-])(\d{2}):?(\d{2})$/.exec(s);
      const offset = z ? (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) : 0;
      return { date: new Date(t), offset };
    }
    return null;
  }
  const day = Number(m[1]);
  const month = MONTHS.indexOf(m[2] as string);
  let year = Number(m[3]);
  if ((m[3] as string).length === 2)
    year += year < 50 ? 2000 : 1900; // RFC 5322 §4.3
  else if ((m[3] as string).length === 3) year += 1900;
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] !== undefined ? Number(m[6]) : 0;
  if (month < 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  let offset = 0;
  const zone = m[7]?.replace(/\s+/g, '');
  if (zone) {
    if (/^[+-]\d+$/.test(zone)) {
      const digits = zone.slice(1).padStart(4, '0');
      const mins = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
      offset = zone[0] === '-' && mins ? -mins : mins;
    } else offset = ZONES[zone] ?? 0;
  }
  const t = Date.UTC(year, month, day, hour, minute, Math.min(second, 59)) - offset * 60_000;
  const d = new Date(t);
  // reject 31 Feb and friends
  if (Number.isNaN(t) || new Date(Date.UTC(year, month, day)).getUTCDate() !== day) return null;
  return { date: d, offset };
}
