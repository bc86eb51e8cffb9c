// RFC 5256 §2.1: the "base subject" used by SORT SUBJECT and THREAD=ORDEREDSUBJECT.
// Input is already decoded (RFC 2047 words turned into text) and unfolded.

const TRAILER = /(?:\s|\(fwd\))+$/i; // subj-trailer = "(fwd)" / WSP
const BLOB = /^\[[^[\]]*\]\s*/; // subj-blob = "[" *BLOBCHAR "]" *WSP
const REFWD = /^(?:\[[^[\]]*\]\s*)*(?:re|fwd?)\s*(?:\[[^[\]]*\])?\s*:\s*/i; // subj-refwd with leading blobs

export function baseSubject(subject: string): string {
  // (1) collapse whitespace (tabs, continuations) to single spaces.
  let s = subject.replace(/[\s]+/g, ' ').trim();
  for (;;) {
    // (2) remove trailing "(fwd)" and whitespace.
    s = s.replace(TRAILER, '');
    // (3) remove leading subj-leader: repeat removing subj-refwd, and subj-blob when
    // something remains after it. (4) repeat (3) until nothing changes.
    for (;;) {
      const before = s;
      s = s.replace(/^\s+/, '');
      const r = REFWD.exec(s);
      if (r) s = s.slice(r[0].length);
      const b = BLOB.exec(s);
      if (b && b[0].length < s.length) s = s.slice(b[0].length);
      if (s === before) break;
    }
    // (5) "[fwd:" ... "]" wrapper: strip and start again at (2).
    if (/^\[fwd:/i.test(s) && s.endsWith(']')) {
      s = s.slice(5, -1).trim();
      continue;
    }
    return s;
  }
}
