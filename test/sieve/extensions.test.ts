// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Sieve variables are written ${...}
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compile, runScript } from '../../src/sieve/index.js';
import { runOn, SAMPLE, targets, textMessage } from './helpers.js';

test('envelope (RFC 5228 §5.4) with address parts, and the null sender', () => {
  const t = (test: string, from = 'alice+lists@example.org') =>
    targets(
      runOn(`require ["envelope","fileinto"]; if ${test} { fileinto "T"; }`, SAMPLE, {
        envelope: { from, to: 'bob+work@example.com' },
      }),
    )[0] === 'T';
  assert.equal(t('envelope :is :domain "from" "example.org"'), true);
  assert.equal(t('envelope :is :localpart "to" "bob+work"'), true);
  assert.equal(t('envelope :is "from" ""', ''), true);
  assert.equal(t('envelope :is "from" ""'), false);
});

test('subaddress :user / :detail (RFC 5233)', () => {
  const t = (test: string) =>
    targets(runOn(`require ["envelope","subaddress","fileinto"]; if ${test} { fileinto "T"; }`))[0] === 'T';
  assert.equal(t('envelope :detail "to" "work"'), true);
  assert.equal(t('envelope :user "to" "bob"'), true);
  assert.equal(t('address :detail "from" "lists"'), true);
  assert.equal(t('address :detail "cc" ""'), false); // no "+": no detail at all
});

test('reject and ereject (RFC 5429) cancel the implicit keep', () => {
  assert.deepEqual(runOn('require "reject"; reject "no thanks";').actions, [
    { type: 'reject', reason: 'no thanks', ereject: false },
  ]);
  assert.deepEqual(runOn('require "ereject"; ereject "go";').actions, [
    { type: 'reject', reason: 'go', ereject: true },
  ]);
});

test('imap4flags (RFC 5232): setflag/addflag/removeflag, hasflag, :flags on keep/fileinto', () => {
  const r = runOn(`require ["imap4flags","fileinto"];
    addflag "\\\\Seen";
    addflag ["\\\\Flagged", "$Work \\\\Seen"];
    removeflag "\\\\flagged";
    if hasflag :contains "work" { fileinto "W"; }
    fileinto :flags "\\\\Answered" "A";`);
  assert.deepEqual(r.actions, [
    { type: 'fileinto', mailbox: 'W', flags: ['\\Seen', '$Work'], create: false, copy: false },
    { type: 'fileinto', mailbox: 'A', flags: ['\\Answered'], create: false, copy: false },
  ]);
  const implicit = runOn('require "imap4flags"; setflag "\\\\Seen";');
  assert.deepEqual(implicit.actions, [{ type: 'keep', flags: ['\\Seen'], implicit: true }]);
  const named = runOn(`require ["imap4flags","variables","fileinto"];
    setflag "myflags" "A B"; addflag "myflags" "C"; removeflag "myflags" "a";
    if hasflag "myflags" "c" { fileinto "${'${myflags}'}"; }`);
  assert.deepEqual(targets(named), ['B C']);
});

test('copy (RFC 3894): fileinto :copy and redirect :copy keep the implicit keep', () => {
  const r = runOn('require ["copy","fileinto"]; fileinto :copy "Archive"; redirect :copy "x@y.org";');
  assert.deepEqual(
    r.actions.map((a) => a.type),
    ['fileinto', 'redirect', 'keep'],
  );
});

test('body (RFC 5173): :text default, :raw, :content with types', () => {
  const msg = textMessage('Subject: x\n\nraw body =3D\n', [
    { type: 'text/plain', text: 'plain MEETING text' },
    { type: 'text/html', text: '<b>html</b>' },
    { type: 'application/pdf', text: 'PDFDATA' },
  ]);
  const t = (test: string) =>
    runScript(compile(`require ["body","fileinto"]; if ${test} { fileinto "T"; }`), {
      message: msg,
      envelope: { from: 'a@b.c', to: 'd@e.f' },
    }).actions[0]?.type === 'fileinto';
  assert.equal(t('body :contains "meeting"'), true);
  assert.equal(t('body :text :contains "PDFDATA"'), false);
  assert.equal(t('body :raw :contains "=3D"'), true);
  assert.equal(t('body :content "text/html" :contains "<b>"'), true);
  assert.equal(t('body :content "application" :contains "PDFDATA"'), true);
  assert.equal(t('body :content "text/html" :contains "MEETING"'), false);
});

test('variables (RFC 5229): set, modifiers, match variables, string test', () => {
  const r = runOn(`require ["variables","fileinto"];
    if header :matches "List-Id" "*<*.*>" { set "list" "\${2}"; }
    set :upperfirst "folder" "lists";
    set :length "len" "\${list}";
    fileinto "\${folder}/\${list}/\${len}";`);
  assert.deepEqual(targets(r), ['Lists/sieve/5']);
  const mods = runOn(`require ["variables","fileinto"];
    set :lower :upperfirst "a" "HELLO";
    set :quotewildcard "b" "a*b?c\\\\";
    set :upper "c" "x\${unknown}y";
    fileinto "\${a}|\${b}|\${c}|\${ns.x}";`);
  assert.deepEqual(targets(mods), ['Hello|a\\*b\\?c\\\\|XY|${ns.x}']);
  const str = runOn(`require ["variables","fileinto","relational"];
    set "x" "abc";
    if string :is "\${x}" "abc" { fileinto "is"; }
    if string :count "eq" ["\${x}", "", "z"] "2" { fileinto "count"; }`);
  assert.deepEqual(targets(str), ['is', 'count']);
});

test('RFC 5229 §3.2 example: match variables from :matches are shortest-first', () => {
  const r = runOn(
    `require ["variables","fileinto"];
     if header :matches "Subject" "*[*]*" { fileinto "\${1}|\${2}|\${3}"; }`,
    'Subject: pre [one] mid [two] post\n\n',
  );
  assert.deepEqual(targets(r), ['pre |one| mid [two] post']);
});

test('vacation (RFC 5230): action with defaults, :days, :subject, :from, :addresses, :mime, :handle', () => {
  const r = runOn('require "vacation"; vacation :days 3 :subject "Away" :addresses ["b@x.y"] "I am away";');
  const v = r.actions[0]!;
  assert.equal(v.type, 'vacation');
  if (v.type !== 'vacation') return;
  assert.equal(v.period, 3 * 86400);
  assert.equal(v.subject, 'Away');
  assert.deepEqual(v.addresses, ['b@x.y']);
  assert.equal(r.actions[1]!.type, 'keep');
  const h = runOn('require "vacation"; vacation :handle "h1" :mime :from "me@x.y" "text";').actions[0]!;
  assert.ok(
    h.type === 'vacation' && h.handle === 'h1' && h.mime && h.from === 'me@x.y' && h.period === 7 * 86400,
  );
  assert.match(runOn('require "vacation"; vacation "a"; vacation "b";').error ?? '', /twice/);
  const secs = runOn('require ["vacation","vacation-seconds"]; vacation :seconds 10 "x";').actions[0]!;
  assert.ok(secs.type === 'vacation' && secs.period === 3600); // clamped to the minimum
});

test('relational (RFC 5231): :count and :value with i;ascii-numeric', () => {
  const t = (test: string) =>
    targets(
      runOn(`require ["relational","comparator-i;ascii-numeric","fileinto"]; if ${test} { fileinto "T"; }`),
    )[0] === 'T';
  assert.equal(t('header :value "gt" :comparator "i;ascii-numeric" "x-spam-score" "5"'), true);
  assert.equal(t('header :value "gt" :comparator "i;ascii-numeric" "x-spam-score" "7"'), false);
  assert.equal(t('header :count "eq" :comparator "i;ascii-numeric" "x-spam-score" "2"'), true);
  assert.equal(t('address :count "ge" :comparator "i;ascii-numeric" "to" "2"'), true);
  assert.equal(t('header :value "lt" "subject" "b"'), true); // i;ascii-casemap ordering
  assert.equal(t('header :value "gt" :comparator "i;ascii-numeric" "subject" "99999"'), true); // non-number = infinity
});

test('date and currentdate (RFC 5260) with :zone, :originalzone and date parts', () => {
  const t = (test: string) =>
    targets(runOn(`require ["date","relational","fileinto"]; if ${test} { fileinto "T"; }`))[0] === 'T';
  assert.equal(t('date :originalzone "date" "hour" "14"'), true);
  assert.equal(t('date :zone "+0000" "date" "hour" "12"'), true);
  assert.equal(t('date :zone "-0500" "date" "date" "2025-07-01"'), true);
  assert.equal(t('date :originalzone "date" "zone" "+0200"'), true);
  assert.equal(t('date :zone "+0000" "date" "iso8601" "2025-07-01T12:30:00+00:00"'), true);
  assert.equal(t('date :zone "+0000" "date" "weekday" "2"'), true);
  assert.equal(t('date :zone "+0000" "date" "julian" "60857"'), true);
  assert.equal(t('currentdate :zone "+0000" "date" "2025-07-01"'), true);
  assert.equal(t('currentdate :zone "+1300" "date" "2025-07-02"'), true);
  assert.equal(t('currentdate :zone "+0000" :value "ge" "hour" "12"'), true);
  assert.equal(t('date "x-nope" "year" "2025"'), false);
});

test('index (RFC 5260 §6): :index and :last choose one field', () => {
  const t = (test: string) =>
    targets(runOn(`require ["index","fileinto"]; if ${test} { fileinto "T"; }`))[0] === 'T';
  assert.equal(t('header :index 1 "x-spam-score" "7"'), true);
  assert.equal(t('header :index 1 :last "x-spam-score" "2"'), true);
  assert.equal(t('header :index 2 "x-spam-score" "7"'), false);
  assert.equal(t('header :index 3 "x-spam-score" "7"'), false);
});

test('mailbox (RFC 5490): mailboxexists and fileinto :create', () => {
  const run = (s: string) =>
    runOn(`require ["mailbox","fileinto"]; ${s}`, SAMPLE, {
      mailboxExists: (m) => m === 'INBOX' || m === 'Work',
    });
  assert.deepEqual(targets(run('if mailboxexists "Work" { fileinto "Work"; }')), ['Work']);
  assert.deepEqual(targets(run('if mailboxexists ["Work", "Nope"] { fileinto "Work"; }')), ['INBOX']);
  const c = run('fileinto :create "New/Sub";').actions[0]!;
  assert.ok(c.type === 'fileinto' && c.create);
});

test('regex (:regex, bounded engine) with match variables', () => {
  const r = runOn(`require ["regex","variables","fileinto"];
    if header :regex "subject" "^\\\\[([a-z]+)\\\\] (hel+o)" { fileinto "\${1}-\${2}"; }`);
  assert.deepEqual(targets(r), ['sieve-Hello']);
  const alt = runOn(
    `require ["regex","fileinto"]; if address :regex "from" "^(bob|alice)\\\\+[[:alpha:]]{4,5}@" { fileinto "T"; }`,
  );
  assert.deepEqual(targets(alt), ['T']);
});

test('include (RFC 6609): personal scripts, :once, :optional, return, global variables, loop limit', () => {
  const scripts: Record<string, string> = {
    lists:
      'require ["fileinto","include","variables"]; global "dest"; if exists "list-id" { fileinto "${dest}"; return; } fileinto "never";',
    loop: 'require "include"; include "loop";',
  };
  const loadInclude = (name: string) => (scripts[name] ? compile(scripts[name]!) : null);
  const r = runOn(
    'require ["include","variables"]; global "dest"; set "dest" "Lists"; include "lists"; include :once "lists"; include :optional "missing";',
    SAMPLE,
    { loadInclude },
  );
  assert.deepEqual(targets(r), ['Lists']);
  assert.match(
    runOn('require "include"; include "missing";', SAMPLE, { loadInclude }).error ?? '',
    /not found/,
  );
  const loop = runOn('require "include"; include "loop";', SAMPLE, { loadInclude });
  assert.match(loop.error ?? '', /too deeply|too many includes/);
  assert.deepEqual(targets(loop), ['INBOX']);
});

test('environment (RFC 5183) including the vnd.postroom.direction item', () => {
  const env = {
    domain: 'example.com',
    location: 'MDA',
    phase: 'during',
    'vnd.postroom.direction': 'outgoing',
  };
  const t = (test: string) =>
    targets(
      runOn(`require ["environment","fileinto"]; if ${test} { fileinto "T"; }`, SAMPLE, { environment: env }),
    )[0] === 'T';
  assert.equal(t('environment :is "location" "MDA"'), true);
  assert.equal(t('environment :is "vnd.postroom.direction" "outgoing"'), true);
  assert.equal(t('environment :contains "unknown-item" ""'), false);
});

test('editheader (RFC 5293): later tests see added and deleted fields; Received is protected', () => {
  const r = runOn(`require ["editheader","fileinto"];
    addheader "X-Filtered" "yes";
    deleteheader :index 1 "X-Spam-Score";
    deleteheader "Received";
    if header :is "x-filtered" "yes" { fileinto "A"; }
    if header :is "x-spam-score" "7" { fileinto "B"; }
    if header :is "x-spam-score" "2" { fileinto "C"; }`);
  assert.deepEqual(targets(r), ['A', 'C']);
  assert.deepEqual(
    r.actions
      .filter((a) => a.type === 'deleteheader')
      .map((a) => (a.type === 'deleteheader' ? a.removed : -1)),
    [1],
  );
  const pattern = runOn(`require ["editheader"]; deleteheader :contains "x-spam-score" "2";`);
  const d = pattern.actions[0]!;
  assert.ok(d.type === 'deleteheader' && d.removed === 1);
});
