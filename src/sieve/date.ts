// RFC 5260 date parts, zones and RFC 5322 date parsing for the date/currentdate tests.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const ZONES: Record<string, number> = {
  ut: 0,
  gmt: 0,
  z: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
};

/** A moment and the zone offset (minutes east of UTC) it is shown in. */
export interface ZonedDate {
  utcMs: number;
  offset: number;
}

/** "+0100" -> 60; null when malformed (RFC 5260 §4.1). */
export function parseZone(z: string): number | null {
  const m = /^([+-])(\d\d)(\d\d)$/.exec(z.trim());
  if (!m) return null;
  const mins = Number(m[2]) * 60 + Number(m[3]);
  if (Number(m[3]) > 59) return null;
  return m[1] === '-' ? -mins : mins;
}

export function formatZone(offset: number): string {
  const sign = offset < 0 ? '-' : '+';
  const a = Math.abs(offset);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}${String(a % 60).padStart(2, '0')}`;
}

/** Parses an RFC 5322 date-time (lenient about the weekday and seconds); null when unusable. */
export function parseRfc5322Date(value: string): ZonedDate | null {
  const s = value
    .replace(/\([^)]*\)/g, ' ')
    .trim()
    .toLowerCase();
  const m =
    /^(?:[a-z]{3},\s*)?(\d{1,2})\s+([a-z]{3})\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[a-z]{1,3})?/.exec(
      s,
    );
  if (!m) return null;
  const month = MONTHS.indexOf(m[2]!);
  if (month < 0) return null;
  let year = Number(m[3]);
  if (m[3]!.length === 2)
    year += year < 50 ? 2000 : 1900; // RFC 5322 §4.3
  else if (m[3]!.length === 3) year += 1900;
  const zoneText = m[7] ?? '+0000';
  const offset =
    zoneText.startsWith('+') || zoneText.startsWith('-') ? parseZone(zoneText) : (ZONES[zoneText] ?? 0);
  if (offset === null) return null;
  const local = Date.UTC(year, month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  if (Number.isNaN(local)) return null;
  return { utcMs: local - offset * 60_000, offset };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The value of one RFC 5260 §4.2 date part. */
export function datePart(d: ZonedDate, part: string): string {
  const t = new Date(d.utcMs + d.offset * 60_000); // read with getUTC* = local wall clock
  const Y = pad(t.getUTCFullYear(), 4);
  const M = pad(t.getUTCMonth() + 1);
  const D = pad(t.getUTCDate());
  const h = pad(t.getUTCHours());
  const m = pad(t.getUTCMinutes());
  const s = pad(t.getUTCSeconds());
  switch (part.toLowerCase()) {
    case 'year':
      return Y;
    case 'month':
      return M;
    case 'day':
      return D;
    case 'date':
      return `${Y}-${M}-${D}`;
    case 'julian':
      // Modified Julian Day: days since 1858-11-17.
      return String(
        Math.floor(
          (Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate()) - Date.UTC(1858, 10, 17)) /
            86_400_000,
        ),
      );
    case 'hour':
      return h;
    case 'minute':
      return m;
    case 'second':
      return s;
    case 'time':
      return `${h}:${m}:${s}`;
    case 'iso8601': {
      const z = formatZone(d.offset);
      return `${Y}-${M}-${D}T${h}:${m}:${s}${z.slice(0, 3)}:${z.slice(3)}`;
    }
    case 'std11': {
      const wd = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][t.getUTCDay()];
      const mon = MONTHS[t.getUTCMonth()]!;
      return `${wd}, ${D} ${mon[0]!.toUpperCase()}${mon.slice(1)} ${Y} ${h}:${m}:${s} ${formatZone(d.offset)}`;
    }
    case 'zone':
      return formatZone(d.offset);
    case 'weekday':
      return String(t.getUTCDay());
    default:
      return '';
  }
}
