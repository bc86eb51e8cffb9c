// One human-friendly line per log record, for a terminal:
//   12:00:01.234 INFO  [imap] listening host=127.0.0.1 port=1143 tls=starttls
// Pure: takes the JSON line pino produced, returns the text to print.

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
};

/** Fields shown in their own place (or not at all) rather than as key=value. */
const PLACED = new Set(['level', 'time', 'msg', 'pid', 'subsystem']);

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function clock(time: unknown): string {
  const d = new Date(typeof time === 'number' || typeof time === 'string' ? time : Date.now());
  if (Number.isNaN(d.getTime())) return '--:--:--.---';
  return d.toISOString().slice(11, 23);
}

/** Formats one JSON log line; a line that is not JSON is returned unchanged. */
export function formatPretty(jsonLine: string): string {
  let rec: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(jsonLine);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return jsonLine;
    rec = parsed as Record<string, unknown>;
  } catch {
    return jsonLine;
  }
  const level = typeof rec.level === 'number' ? (LEVEL_NAMES[rec.level] ?? String(rec.level)) : 'INFO ';
  const parts = [clock(rec.time), level];
  if (typeof rec.subsystem === 'string') parts.push(`[${rec.subsystem}]`);
  if (typeof rec.msg === 'string' && rec.msg !== '') parts.push(rec.msg);
  let stack: string | undefined;
  for (const [key, value] of Object.entries(rec)) {
    if (PLACED.has(key) || value === undefined) continue;
    if (key === 'err' && value !== null && typeof value === 'object') {
      const err = value as { message?: unknown; stack?: unknown };
      parts.push(`err=${formatValue(err.message ?? '')}`);
      if (typeof err.stack === 'string') stack = err.stack;
      continue;
    }
    parts.push(`${key}=${formatValue(value)}`);
  }
  const line = parts.join(' ');
  return stack ? `${line}\n    ${stack.split('\n').join('\n    ')}\n` : `${line}\n`;
}
