import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMailDate, parseMailDateZoned } from '../../src/mime/index.js';

test('Date header: RFC 5322 and obsolete forms', () => {
  const cases: [string | null, string | null][] = [
    ['Tue, 1 Jul 2003 10:52:37 +0200', '2003-07-01T08:52:37.000Z'],
    ['1 Jul 2003 10:52:37 +0200', '2003-07-01T08:52:37.000Z'],
    ['Tue,  1 Jul 2003 10:52 -0000', '2003-07-01T10:52:00.000Z'], // no seconds
    ['Thu, 13 Feb 1969 23:32:54 -0330', '1969-02-14T03:02:54.000Z'],
    ['Thu,\r\n 13\r\n Feb\r\n 1969\r\n 23:32\r\n -0330 (Newfoundland Time)', '1969-02-14T03:02:00.000Z'],
    ['21 Nov 97 09:55:06 GMT', '1997-11-21T09:55:06.000Z'], // 2-digit year, RFC 5322 §4.3
    ['21 Nov 49 09:55:06 GMT', '2049-11-21T09:55:06.000Z'],
    ['21 Nov 103 09:55:06 GMT', '2003-11-21T09:55:06.000Z'], // 3-digit year
    ['Sun, 01 Mar 26 08:00 EST', '2026-03-01T13:00:00.000Z'],
    ['Fri, 21 Nov 1997 09:55:06 PDT', '1997-11-21T16:55:06.000Z'],
    ['Fri, 21 Nov 1997 09:55:06 Z', '1997-11-21T09:55:06.000Z'],
    ['Fri, 21 Nov 1997 09:55:06 A', '1997-11-21T09:55:06.000Z'], // military: -0000
    ['Fri, 21 November 1997 09:55:06 +0100', '1997-11-21T08:55:06.000Z'],
    ['Fri, 21-Nov-1997 09:55:06 +0100', '1997-11-21T08:55:06.000Z'],
    ['2026-03-02T10:00:00Z', '2026-03-02T10:00:00.000Z'],
    ['31 Feb 2020 10:00:00 +0000', null],
    ['1 Jul 2003 25:00:00 +0000', null],
    ['not a date at all', null],
    ['', null],
    [null, null],
  ];
  for (const [input, want] of cases) {
    assert.equal(parseMailDate(input)?.toISOString() ?? null, want, String(input));
  }
});

test('Date header zone kept: minutes east of UTC as written', () => {
  const cases: [string, number | null][] = [
    ['Sun, 25 Mar 2007 00:30:00 +0200', 120],
    ['Thu, 13 Feb 1969 23:32:54 -0330', -210],
    ['Sun, 01 Mar 26 08:00 EST', -300],
    ['Tue,  1 Jul 2003 10:52 -0000', 0],
    ['2026-03-02T10:00:00+05:30', 330],
    ['2026-03-02T10:00:00Z', 0],
    ['not a date', null],
  ];
  for (const [input, want] of cases) assert.equal(parseMailDateZoned(input)?.offset ?? null, want, input);
  assert.equal(
    parseMailDateZoned('Sun, 25 Mar 2007 00:30:00 +0200')?.date.toISOString(),
    '2007-03-24T22:30:00.000Z',
  );
});
