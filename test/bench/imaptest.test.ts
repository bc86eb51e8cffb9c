import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  imaptestBinary,
  imaptestTestsDir,
  parseImaptestScripted,
  parseImaptestTotals,
} from '../../bench/lib/imaptest.js';

// Shape of a real stress run (imaptest release-2.3 against the Dovecot reference).
const STRESS = `Logi List Stat Sele Fetc Fet2 Stor Dele Expu Appe Logo 
100%  50%  50% 100% 100% 100%  50% 100% 100% 100% 100% 
                          30%                  5%      
 198   96  101  195  191  265   59   97  191  138  189  10/ 10
 120   54   53  120  122  167   55   65  124   64  122   9/  9
   6   18   18   18   11   10   14   16   15   38    0 ms/cmd avg

Totals:
Logi List Stat Sele Fetc Fet2 Stor Dele Expu Appe Logo 
100%  50%  50% 100% 100% 100%  50% 100% 100% 100% 100% 
                          30%                  5%      
1832  886  930 1831 1826 2595  748  919 1826  998 1832 
`;

test('stress totals: per command and overall', () => {
  const t = parseImaptestTotals(STRESS);
  assert.equal(t.total, 16223);
  assert.equal(t.perCommand.Fet2, 2595);
  assert.equal(Object.keys(t.perCommand).length, 11);
  assert.deepEqual(t.errorLines, []);
});

test('stress errors are collected', () => {
  const t = parseImaptestTotals(`Error: user5@example.test[3]: FETCH: Unexpected EXISTS\n${STRESS}`);
  assert.deepEqual(t.errorLines, ['Error: user5@example.test[3]: FETCH: Unexpected EXISTS']);
});

test('stress output without totals is refused with a clear error', () => {
  assert.throws(() => parseImaptestTotals('Error: connect(127.0.0.1, 1) failed\n'), /no "Totals:"/);
  assert.throws(() => parseImaptestTotals('Totals:\nLogi Logo\n100% 100%\n'), /no row of counts/);
});

test('scripted summary', () => {
  const s = parseImaptestScripted(
    '71 test groups: 2 failed, 1 skipped due to missing capabilities\n' +
      'base protocol: 3/457 individual commands failed\nextensions: 0/330 individual commands failed\n',
  );
  assert.deepEqual(s, {
    groups: 71,
    groupsFailed: 2,
    skipped: 1,
    baseFailed: 3,
    baseTotal: 457,
    extFailed: 0,
    extTotal: 330,
  });
  assert.throws(() => parseImaptestScripted('Segmentation fault'), /no scripted-test summary/);
});

test('the binary location comes from IMAPTEST_BIN', () => {
  assert.equal(imaptestBinary({ IMAPTEST_BIN: '/opt/imaptest' }), '/opt/imaptest');
  assert.equal(imaptestBinary({}), '/work/scratch/imaptest/src/imaptest');
});

test('the scripted tests folder comes from IMAPTEST_TESTS', () => {
  assert.equal(imaptestTestsDir({ IMAPTEST_TESTS: '/x/tests' }), '/x/tests');
  assert.equal(imaptestTestsDir({}), '/work/scratch/imaptest/src/tests');
});
