// Typed reads from parsed JSON of external tools, with errors naming the field.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function at(root: Json, path: string): Json | undefined {
  let cur: Json | undefined = root;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

export function num(root: Json, path: string): number {
  const v = at(root, path);
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`expected a number at "${path}"`);
  return v;
}

/** A number, or null when the tool wrote null (e.g. no latency samples). */
export function numOrNull(root: Json, path: string): number | null {
  const v = at(root, path);
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`expected a number or null at "${path}"`);
  return v;
}

export function has(root: Json, path: string): boolean {
  const v = at(root, path);
  return v !== undefined && v !== null;
}

export function parseJson(text: string, what: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    throw new Error(`${what}: output is not JSON (${(e as Error).message})`);
  }
}
