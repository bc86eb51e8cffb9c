// Which log fields are secrets. pino replaces them with '[redacted]' before a line is
// written, at the top level and up to three objects deep, so `log.info({ auth: { password } })`
// is safe too. A secret inside a free-text message cannot be found: never put one there.

/** Field names whose values never reach a log line (compared exactly; list the spellings). */
export const SECRET_KEYS = [
  'password',
  'pass',
  'passwd',
  'newPassword',
  'relayPassword',
  'authorization',
  'Authorization',
  'token',
  'accessToken',
  'secret',
  'cookie',
] as const;

export const REDACTED = '[redacted]';

/** Redaction paths for pino: each key at depth 0 to 3. */
export function redactPaths(keys: readonly string[] = SECRET_KEYS): string[] {
  const paths: string[] = [];
  for (const key of keys) {
    const quoted = `["${key}"]`;
    paths.push(key, `*${quoted}`, `*.*${quoted}`, `*.*.*${quoted}`);
  }
  return paths;
}
