// RFC 5256 THREAD algorithms as pure functions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  orderedSubject,
  type ThreadInput,
  threadReferences,
} from '../../../src/protocols/imap/message/thread.js';
import { threadResponse } from '../../../src/protocols/imap/wire/search-responses.js';

let clock = 0;
function msg(
  id: number,
  subject: string,
  messageId: string | null,
  refs: string[] = [],
  date?: number,
): ThreadInput {
  clock += 1000;
  return { id, subject, messageId, inReplyTo: refs.at(-1) ?? null, references: refs, date: date ?? clock };
}
const wire = (roots: ReturnType<typeof orderedSubject>) => threadResponse(roots).toString().trim();

test('ORDEREDSUBJECT groups by base subject, first message the parent, ordered by date', () => {
  const r = orderedSubject([
    msg(1, 'Hello', 'a'),
    msg(2, 'Other', 'b'),
    msg(3, 'Re: hello', 'c'),
    msg(4, 'Fwd: Hello', 'd'),
    msg(5, '[list] Re: Other', 'e'),
  ]);
  assert.equal(wire(r), '* THREAD (1 (3)(4))(2 5)');
});

test('ORDEREDSUBJECT sorts a group by sent date, not arrival', () => {
  const r = orderedSubject([msg(1, 'Re: x', 'a', [], 5000), msg(2, 'x', 'b', [], 1000)]);
  assert.equal(wire(r), '* THREAD (2 1)');
});

test('REFERENCES: parent/child chains from References, siblings by date', () => {
  const r = threadReferences([
    msg(1, 'root', 'r'),
    msg(2, 'Re: root', 'a', ['r']),
    msg(3, 'Re: root', 'b', ['r']),
    msg(4, 'Re: Re: root', 'c', ['r', 'a']),
    msg(5, 'unrelated', 'u'),
  ]);
  assert.equal(wire(r), '* THREAD (1 (2 4)(3))(5)');
});

test('REFERENCES: a missing parent becomes an empty container holding its children', () => {
  const r = threadReferences([msg(1, 'Re: lost', 'a', ['gone']), msg(2, 'Re: lost', 'b', ['gone'])]);
  // Two replies to a message that is not in the mailbox: siblings under a dummy.
  assert.equal(wire(r), '* THREAD ((1)(2))');
});

test('REFERENCES: a single child of a missing parent is promoted; subjects gather roots', () => {
  const r = threadReferences([msg(1, 'Topic', 'a'), msg(2, 'Re: Topic', 'b', ['zzz'])]);
  // 2's parent is missing (pruned), then 2 joins 1 by subject as a reply.
  assert.equal(wire(r), '* THREAD (1 2)');
});

test('REFERENCES: duplicate and missing Message-IDs, loops, In-Reply-To fallback', () => {
  const r = threadReferences([
    msg(1, 'A', 'dup'),
    msg(2, 'B', 'dup'), // duplicate id: treated as unique
    msg(3, 'C', null, []),
    { ...msg(4, 'D', 'x'), references: [], inReplyTo: 'dup' },
    msg(5, 'E', 'y', ['y']), // refers to itself
  ]);
  const out = wire(r);
  assert.match(out, /\(1 4\)/);
  for (const n of [2, 3, 5]) assert.match(out, new RegExp(`\\(${n}\\)`));
});

test('REFERENCES on RFC 5256-like input is deterministic and covers every message', () => {
  const input: ThreadInput[] = [];
  for (let i = 1; i <= 200; i++) {
    const parent = i > 1 && i % 3 !== 0 ? [`m${Math.floor(i / 2)}`] : [];
    input.push(msg(i, i % 7 === 0 ? 'Re: shared' : `s${i}`, `m${i}`, parent));
  }
  const a = wire(threadReferences(input));
  assert.equal(a, wire(threadReferences(input)));
  const ids = (a.match(/\d+/g) ?? []).map(Number).sort((x, y) => x - y);
  assert.deepEqual(
    ids,
    input.map((m) => m.id),
  );
});
