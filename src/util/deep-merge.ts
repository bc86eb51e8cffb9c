// Merges plain objects left to right: later values win, nested plain objects merge,
// `undefined` never overwrites. Arrays and other values are replaced whole. Inputs are
// not modified.

export type PlainObject = Record<string, unknown>;

export function isPlainObject(v: unknown): v is PlainObject {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

export function deepMerge(...layers: PlainObject[]): PlainObject {
  const out: PlainObject = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      const prev = out[key];
      out[key] =
        isPlainObject(value) && isPlainObject(prev)
          ? deepMerge(prev, value)
          : isPlainObject(value)
            ? deepMerge(value)
            : value;
    }
  }
  return out;
}
