import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Fifo } from '../../bench/lib/fifo.js';

test('items come out in the order they went in, across compaction', () => {
  const q = new Fifo<number>();
  assert.equal(q.take(), undefined);
  let next = 0;
  let expected = 0;
  for (let round = 0; round < 50; round++) {
    for (let i = 0; i < 300; i++) q.push(next++);
    for (let i = 0; i < 200; i++) assert.equal(q.take(), expected++);
  }
  assert.equal(q.size, next - expected);
  while (q.size > 0) assert.equal(q.take(), expected++);
  assert.equal(expected, next);
  assert.equal(q.take(), undefined);
});
