import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  formatDate,
  formatDateTime,
  parseDateText,
  parseDateTimeText,
} from '../../src/protocols/imap/wire/datetime.js';
import { WireSyntaxError } from '../../src/protocols/imap/wire/errors.js';

test('date-time parsing with zones (RFC 9051 §9 date-time)', () => {
  assert.deepEqual(parseDateTimeText('17-Jul-1996 02:44:25 -0700'), {
    time: Date.UTC(1996, 6, 17, 9, 44, 25),
    offsetMinutes: -420,
  });
  assert.deepEqual(parseDateTimeText(' 5-Mar-2024 14:03:09 +0100'), {
    time: Date.UTC(2024, 2, 5, 13, 3, 9),
    offsetMinutes: 60,
  });
  assert.equal(parseDateTimeText('29-feb-2024 00:00:00 +0000').time, Date.UTC(2024, 1, 29));
  for (const bad of [
    '29-Feb-2023 00:00:00 +0000',
    '1-Jan-2020 00:00:00 +0000',
    '01-Jan-2020 24:00:00 +0000',
    '01-Jan-2020 00:00:00 +0060',
    '01-Jan-2020 00:00:00',
    '01-Foo-2020 00:00:00 +0000',
    '',
  ]) {
    assert.throws(() => parseDateTimeText(bad), WireSyntaxError, bad);
  }
});

test('date-time formatting: date-day-fixed with a leading space, zone kept', () => {
  const t = Date.UTC(2024, 2, 5, 13, 3, 9);
  assert.equal(formatDateTime(t), '" 5-Mar-2024 13:03:09 +0000"');
  assert.equal(formatDateTime(t, 60), '" 5-Mar-2024 14:03:09 +0100"');
  assert.equal(formatDateTime(t, -570), '" 5-Mar-2024 03:33:09 -0930"');
  assert.equal(formatDateTime(Date.UTC(1999, 11, 31, 23, 59, 59)), '"31-Dec-1999 23:59:59 +0000"');
  const round = parseDateTimeText(formatDateTime(t, 330).slice(1, -1));
  assert.deepEqual(round, { time: t, offsetMinutes: 330 });
});

test('search dates', () => {
  assert.deepEqual(parseDateText('1-Feb-1994'), { year: 1994, month: 2, day: 1 });
  assert.deepEqual(parseDateText('05-MAR-2000'), { year: 2000, month: 3, day: 5 });
  assert.equal(formatDate({ year: 2000, month: 3, day: 5 }), '5-Mar-2000');
  for (const bad of ['1994-02-01', '32-Jan-2000', '0-Jan-2000', '1-Feb-94', '1-Feb-1994x']) {
    assert.throws(() => parseDateText(bad), WireSyntaxError, bad);
  }
});
