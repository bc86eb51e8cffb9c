// SORT criteria (RFC 5256 §3, RFC 5957 DISPLAYFROM/DISPLAYTO).

import { fail } from './errors.js';
import type { Reader } from './reader.js';

export type SortKey =
  | 'ARRIVAL'
  | 'CC'
  | 'DATE'
  | 'FROM'
  | 'SIZE'
  | 'SUBJECT'
  | 'TO'
  | 'DISPLAYFROM'
  | 'DISPLAYTO';
export interface SortCriterion {
  key: SortKey;
  reverse: boolean;
}
const SORT_KEYS = new Set([
  'ARRIVAL',
  'CC',
  'DATE',
  'FROM',
  'SIZE',
  'SUBJECT',
  'TO',
  'DISPLAYFROM',
  'DISPLAYTO',
]);

/** RFC 5256 sort-criteria = "(" sort-criterion *(SP sort-criterion) ")". */
export function readSortCriteria(r: Reader): SortCriterion[] {
  return r.list(
    () => {
      let reverse = false;
      let w = r.keyword('sort key');
      if (w === 'REVERSE') {
        reverse = true;
        r.sp();
        w = r.keyword('sort key');
      }
      if (!SORT_KEYS.has(w)) fail(`Unknown sort key "${w}"`);
      return { key: w as SortKey, reverse };
    },
    false,
    'sort criteria',
  );
}
