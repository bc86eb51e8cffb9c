// RFC 5229 variables: "${name}" / "${1}" expansion and the "set" modifiers.
import type { Argument } from './ast.js';
import { quoteRegex, quoteWildcard } from './match.js';

const REF = /\$\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*|[0-9]+)\}/g;

/** Replaces variable references; unknown namespaces stay as written (RFC 5229 §3). */
export function expandVariables(s: string, get: (name: string) => string | undefined, max: number): string {
  if (!s.includes('${')) return s;
  const out = s.replace(REF, (whole, name: string) => get(name) ?? whole);
  return out.length > max ? out.slice(0, max) : out;
}

/** RFC 5229 §4.1: modifiers apply from highest precedence (40) to lowest (10). */
export function applyModifiers(value: string, tags: Map<string, Argument | true>): string {
  let v = value;
  if (tags.has('lower')) v = v.toLowerCase();
  if (tags.has('upper')) v = v.toUpperCase();
  if (tags.has('lowerfirst')) v = v.charAt(0).toLowerCase() + v.slice(1);
  if (tags.has('upperfirst')) v = v.charAt(0).toUpperCase() + v.slice(1);
  if (tags.has('quotewildcard')) v = quoteWildcard(v);
  if (tags.has('quoteregex')) v = quoteRegex(v);
  if (tags.has('length')) v = String(Array.from(v).length);
  return v;
}
