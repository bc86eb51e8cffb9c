import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runOn, SAMPLE, targets } from './helpers.js';

test('no script actions: implicit keep (RFC 5228 §2.10.2)', () => {
  const r = runOn('# nothing');
  assert.deepEqual(r.actions, [{ type: 'keep', flags: [], implicit: true }]);
});

test('header :contains / :is / :matches with the default i;ascii-casemap comparator', () => {
  assert.deepEqual(
    targets(runOn('require "fileinto"; if header :contains "subject" "hello" { fileinto "A"; }')),
    ['A'],
  );
  assert.deepEqual(targets(runOn('require "fileinto"; if header :is "subject" "hello" { fileinto "A"; }')), [
    'INBOX',
  ]);
  assert.deepEqual(
    targets(runOn('require "fileinto"; if header :matches "Subject" "[sieve]*WORLD" { fileinto "A"; }')),
    ['A'],
  );
  assert.deepEqual(
    targets(
      runOn(
        'require "fileinto"; if header :comparator "i;octet" :contains "subject" "hello" { fileinto "A"; }',
      ),
    ),
    ['INBOX'],
  );
});

test(':matches escapes and ? wildcard', () => {
  const raw = 'Subject: a*b?c\n\n';
  assert.deepEqual(
    targets(runOn('require "fileinto"; if header :matches "subject" "a\\\\*b\\\\?c" { fileinto "Y"; }', raw)),
    ['Y'],
  );
  assert.deepEqual(
    targets(runOn('require "fileinto"; if header :matches "subject" "a\\\\*bx?c" { fileinto "Y"; }', raw)),
    ['INBOX'],
  );
  assert.deepEqual(
    targets(runOn('require "fileinto"; if header :matches "subject" "?*?c" { fileinto "Y"; }', raw)),
    ['Y'],
  );
});

test('if / elsif / else chains pick one branch', () => {
  const s = (subject: string) =>
    targets(
      runOn(
        'require "fileinto";\nif header :contains "subject" "one" { fileinto "1"; }\nelsif header :contains "subject" "two" { fileinto "2"; }\nelse { fileinto "3"; }',
        `Subject: ${subject}\n\n`,
      ),
    );
  assert.deepEqual(s('one'), ['1']);
  assert.deepEqual(s('two'), ['2']);
  assert.deepEqual(s('other'), ['3']);
});

test('allof / anyof / not / true / false / exists / size', () => {
  const t = (test: string) => targets(runOn(`require "fileinto"; if ${test} { fileinto "T"; }`))[0] === 'T';
  assert.equal(t('allof(true, exists "list-id")'), true);
  assert.equal(t('allof(true, exists ["list-id", "x-nope"])'), false);
  assert.equal(t('anyof(false, not false)'), true);
  assert.equal(t('size :over 100'), true);
  assert.equal(t('size :over 1M'), false);
  assert.equal(t('size :under 1K'), true);
});

test('address test with :localpart :domain :all, display names and groups', () => {
  const t = (test: string) => targets(runOn(`require "fileinto"; if ${test} { fileinto "T"; }`))[0] === 'T';
  assert.equal(t('address :is :domain "to" "example.net"'), true);
  assert.equal(t('address :is :localpart "from" "alice+lists"'), true);
  assert.equal(t('address :is :all "from" "alice+lists@example.org"'), true);
  assert.equal(t('address :is "from" "Alice Example"'), false);
  assert.equal(
    targets(
      runOn(
        'require "fileinto"; if address :is "to" "x@y.z" { fileinto "T"; }',
        'To: Team: x@y.z, w@v.u;\n\n',
      ),
    )[0],
    'T',
  );
});

test('stop ends the script and keeps the implicit keep state', () => {
  assert.deepEqual(targets(runOn('stop; discard;')), ['INBOX']);
  assert.deepEqual(runOn('discard; stop;').actions, [{ type: 'discard' }]);
});

test('keep and fileinto into the same mailbox store one copy (RFC 5228 §4.1)', () => {
  const r = runOn('require "fileinto"; keep; fileinto "INBOX"; fileinto "A"; fileinto "A";');
  assert.deepEqual(targets(r), ['INBOX', 'A']);
});

test('redirect: cancels keep, limited in number, bad addresses fail to keep', () => {
  assert.deepEqual(runOn('redirect "a@b.c";').actions, [{ type: 'redirect', address: 'a@b.c', copy: false }]);
  const many = runOn(
    'redirect "a@b.c"; redirect "b@b.c"; redirect "c@b.c"; redirect "d@b.c"; redirect "e@b.c";',
  );
  assert.match(many.error ?? '', /too many redirects/);
  assert.deepEqual(targets(many), ['INBOX']);
  const bad = runOn('redirect "not an address";');
  assert.match(bad.error ?? '', /not an address/);
  assert.deepEqual(targets(bad), ['INBOX']);
});

test('limits: too many actions and the step counter end in an implicit keep', () => {
  const script = `require "fileinto"; ${Array.from({ length: 40 }, (_, i) => `fileinto "F${i}";`).join(' ')}`;
  const r = runOn(script);
  assert.match(r.error ?? '', /too many actions/);
  assert.deepEqual(r.actions, [{ type: 'keep', flags: [], implicit: true }]);
  const slow = runOn(
    'if header :contains ["subject","to","from","cc"] ["a","b","c","d","e"] { keep; }',
    SAMPLE,
    {
      limits: { maxSteps: 10 },
    },
  );
  assert.match(slow.error ?? '', /step limit/);
});

test('RFC 5228 §7 example script', () => {
  const script = `require "fileinto";
if header :is "Sender" "owner-ietf-mta-filters@imc.org"
        {
            fileinto "filter";  # move to "filter" mailbox
        }
        #
        # Keep all messages to or from people in my company
        #
        elsif address :DOMAIN :is ["From", "To"] "example.com"
        {
            keep;               # keep in "In" mailbox
        }
        #
        # Try and catch unsolicited email.  If a message is not to me,
        # or it contains a subject known to be spam, file it away.
        #
        elsif anyof (NOT address :all :contains
                       ["To", "Cc", "Bcc"] "me@example.com",
                     header :matches "subject"
                       ["*make*money*fast*", "*university*dipl*mas*"])
        {
            fileinto "spam";   # move to "spam" mailbox
        }
        else
        {
            # Move all other (non-company) mail to "personal"
            # mailbox.
            fileinto "personal";
        }`;
  assert.deepEqual(targets(runOn(script, 'Sender: owner-ietf-mta-filters@imc.org\n\n')), ['filter']);
  assert.deepEqual(targets(runOn(script, 'From: x@example.com\n\n')), ['INBOX']);
  assert.deepEqual(targets(runOn(script, 'From: x@else.org\nTo: y@else.org\n\n')), ['spam']);
  assert.deepEqual(
    targets(
      runOn(
        script,
        'From: x@else.org\nTo: o@else.org\nCc: me@example.com\nSubject: Make lots of Money FAST\n\n',
      ),
    ),
    ['spam'],
  );
  assert.deepEqual(
    targets(runOn(script, 'From: x@else.org\nTo: o@else.org\nCc: me@example.com\nSubject: hi\n\n')),
    ['personal'],
  );
});
