// Deterministic synthetic messages for large benchmark mailboxes.
//
// Message i is always the same bytes, so any store (Dovecot's Maildir written
// directly, Postroom's store filled by its own fast path) can hold the same
// mailbox. Bodies are 1-6 KB of plain words; one message in MARKER_EVERY
// carries MARKER_WORD in its body, so a SEARCH TEXT has a known answer.

export const MARKER_WORD = 'quetzalcoatlus';
export const MARKER_EVERY = 1000;
const MARKER_OFFSET = 7;

const WORDS = (
  'the of and to in is for on that with as by this from at be are was it an or not have which ' +
  'report meeting budget draft review release schedule update proposal invoice minutes agenda ' +
  'server mailbox folder message account password client backup storage network latency ' +
  'monday tuesday wednesday thursday friday morning afternoon evening quarterly weekly'
).split(' ');

/** Small fast PRNG (mulberry32), seeded per message. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hasMarker(i: number): boolean {
  return i % MARKER_EVERY === MARKER_OFFSET;
}

/** How many of messages 0..count-1 carry MARKER_WORD. */
export function markerCount(count: number): number {
  if (count <= MARKER_OFFSET) return 0;
  return Math.floor((count - 1 - MARKER_OFFSET) / MARKER_EVERY) + 1;
}

/** Message number i (0-based), with CRLF (wire form) or LF (Maildir form) line ends. */
export function syntheticMessage(i: number, eol: '\r\n' | '\n' = '\r\n'): Buffer {
  if (!Number.isInteger(i) || i < 0)
    throw new RangeError(`message number must be a natural number, got ${i}`);
  const next = rng(i + 1);
  const pick = (): string => WORDS[Math.floor(next() * WORDS.length)] as string;
  const date = new Date(Date.UTC(2025, 0, 1) + i * 60_000);
  const subject = `${pick()} ${pick()} ${pick()} #${i}`;
  const lines = [
    `From: Sender ${i % 97} <sender${i % 97}@example.org>`,
    `To: Bench User <bench@example.test>`,
    `Subject: ${subject}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <synthetic-${i}@bench.example.test>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=us-ascii',
    '',
  ];
  const bodyBytes = 1000 + Math.floor(next() * 5000);
  // the marker replaces word number markerWord (words average ~6 bytes, so it falls inside the body)
  const markerWord = hasMarker(i) ? Math.floor(next() * (bodyBytes / 8)) : -1;
  let line = '';
  let size = 0;
  for (let w = 0; size + line.length < bodyBytes; w++) {
    const word = w === markerWord ? MARKER_WORD : pick();
    if (line.length + word.length + 1 > 72) {
      lines.push(line);
      size += line.length + 1;
      line = '';
    }
    line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  if (markerWord >= 0 && !lines.some((l) => l.includes(MARKER_WORD))) lines.push(MARKER_WORD);
  return Buffer.from(lines.join(eol) + eol, 'latin1');
}
