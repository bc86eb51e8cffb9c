// RFC 5256 §2.1: the base subject used by SORT (SUBJECT) and THREAD (ORDEREDSUBJECT, REFERENCES).
import { decodeWords } from './encoded-word.js';

const BLOB = String.raw`\[[^\[\]]*\]\s*`; // subj-blob
const REFWD = String.raw`(?:re|fwd?)\s*(?:${BLOB})?:`; // subj-refwd
const LEADER = new RegExp(String.raw`^(?:(?:${BLOB})*${REFWD}|\s+)`, 'i');
const BLOB_ONLY = new RegExp(`^${BLOB}`, 'i');
const TRAILER = /(?:\(fwd\)|\s)+$/i; // subj-trailer

/** The base subject of a (raw or decoded) Subject value. */
export function baseSubject(subject: string): string {
  // (1) decode encoded words, turn folding/tabs into single spaces
  let s = decodeWords(subject).replace(/\s+/g, ' ');
  for (;;) {
    // (2) remove all trailing subj-trailer
    s = s.replace(TRAILER, '');
    // (3)+(4) remove subj-leader and a subj-blob that leaves a non-empty subject, until none
    for (;;) {
      const before = s;
      s = s.replace(LEADER, '');
      const m = BLOB_ONLY.exec(s);
      if (m && s.length > m[0].length) s = s.slice(m[0].length);
      if (s === before) break;
    }
    // (5) "[fwd:" subject "]" -> subject, then repeat from (2)
    const fwd = /^\[fwd:(.*)\]$/i.exec(s);
    if (!fwd) break;
    s = fwd[1] as string;
  }
  return s.trim();
}
