// SEARCH/SORT/THREAD behaviour Dovecot's imaptest checks, driven by Python's imaplib:
// FROM/TO/CC/BCC over the written-out address list, SENT* on the Date: header's own day,
// SORT FROM/TO by the first addr-mailbox (group names too), DISPLAYFROM/DISPLAYTO
// (RFC 5957), SUBJECT with i;ascii-casemap, ESEARCH MODSEQ of MIN/MAX only, the
// HIGHESTMODSEQ sent when FETCH MODSEQ enables CONDSTORE, THREAD dates.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { python } from '../../pop3/helpers/clients.js';

let srv: TestServer;
before(async () => {
  srv = await startTestServer();
});
after(async () => {
  await srv.stop();
});

// Four messages appended to "Rfc" in this order (sequence numbers 1..4).
const MESSAGES = [
  [
    'From: "Zed Alpha" <zed@one.test>',
    'To: team: a@x.test, b@x.test;',
    'Cc: carl@two.test (Carl C)',
    'Date: Sun, 25 Mar 2007 00:30:00 +0200',
    'Subject: [list] Re: apples',
  ],
  [
    'From: <amy (comment)@ (more) one.test>',
    'To: =?utf-8?q?B=C3=A9a?= <bea@x.test>',
    'Date: Sat, 24 Mar 2007 23:30:00 +0000',
    'Subject: _underscore',
  ],
  [
    'From: bob@two.test',
    'To: zoe@x.test',
    'Bcc: secret@hidden.test',
    'Date: Mon, 26 Mar 2007 01:00:00 +0300',
    'Subject: Apples (fwd)',
  ],
  ['From: bob@one.test, other@two.test', 'To: empty:;', 'Subject: [xyz]'],
].map((h) => `${h.join('\r\n')}\r\n\r\nbody\r\n`);

const SCRIPT = `
import imaplib, json, re, sys
port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
msgs = json.loads(sys.argv[4])
out = {}
m = imaplib.IMAP4('127.0.0.1', port)
m.login(user, password)
m.create('Rfc')
for raw in msgs:
    m.append('Rfc', None, None, raw.encode())
m.select('Rfc')

def search(*args):
    typ, data = m.search(None, *args)
    return data[0].decode()
def search_utf8(key, value):
    m.literal = value.encode()
    typ, data = m.search('UTF-8', key)
    return data[0].decode()
def sort(crit):
    typ, data = m.sort(crit, 'US-ASCII', 'ALL')
    return data[0].decode()

out['from_comment'] = search('FROM', 'amy@one.test')
out['from_second'] = search('FROM', 'other@')
out['from_name'] = search('FROM', '"zed alpha <zed"')
out['cc_comment_name'] = search('CC', '"carl c"')
out['to_group'] = search('TO', 'team')
out['to_group_member'] = search('TO', 'b@x')
out['to_decoded'] = search_utf8('TO', 'béa')
out['bcc'] = search('BCC', 'secret')
out['to_exists'] = search('TO', '""')
out['senton_25'] = search('SENTON', '25-Mar-2007')
out['senton_24'] = search('SENTON', '24-Mar-2007')
out['sentbefore_26'] = search('SENTBEFORE', '26-Mar-2007')
out['sentsince_26'] = search('SENTSINCE', '26-Mar-2007')
out['not_senton_25'] = search('NOT', 'SENTON', '25-Mar-2007')
out['sort_from'] = sort('(FROM)')
out['sort_to'] = sort('(TO)')
out['sort_reverse_to'] = sort('(REVERSE TO)')
out['sort_displayfrom'] = sort('(DISPLAYFROM)')
out['sort_displayto'] = sort('(DISPLAYTO)')
out['sort_subject'] = sort('(SUBJECT)')
out['sort_reverse_subject'] = sort('(REVERSE SUBJECT)')
typ, data = m.thread('ORDEREDSUBJECT', 'US-ASCII', 'ALL')
out['thread'] = data[0].decode()

# A fresh session: FETCH MODSEQ enables CONDSTORE while Rfc is selected.
c = imaplib.IMAP4('127.0.0.1', port)
c.login(user, password)
c.select('Rfc')
c.untagged_responses = {}
c.fetch('1', '(MODSEQ)')
out['highestmodseq'] = [x.decode() for x in c.untagged_responses.get('HIGHESTMODSEQ', [])]
mods = {}
for n in ['1', '3', '2', '4']:
    typ, data = c.store(n, '+FLAGS', '(\\\\Seen)')
    mods[n] = int(re.search(rb'MODSEQ \\((\\d+)\\)', data[0]).group(1))
out['mods'] = mods
def esearch(ret, rest):
    typ, data = c._simple_command('SEARCH', 'RETURN', ret, *rest)
    typ, data = c._untagged_response(typ, data, 'ESEARCH')
    return data[0].decode()
seen = ['1:3', 'MODSEQ', '"/flags/\\\\\\\\seen"', 'all', '1']
out['es_min'] = esearch('(MIN)', seen)
out['es_max'] = esearch('(MAX)', seen)
out['es_minmax'] = esearch('(MIN MAX)', seen)
out['es_all'] = esearch('()', seen)
out['es_count'] = esearch('(COUNT)', seen)
c.logout()
m.logout()
print(json.dumps(out))
`;

test('imaplib: address search, SENT* days, SORT/DISPLAY keys, ESEARCH MODSEQ, THREAD dates', async () => {
  const r = await python(SCRIPT, [String(srv.port), srv.user, srv.password, JSON.stringify(MESSAGES)]);
  assert.equal(r.code, 0, r.stderr.toString());
  const o = JSON.parse(r.stdout.toString()) as Record<string, unknown>;

  // FROM/TO/CC/BCC: substrings of "Name <mailbox@host>, group: ...;" with comments gone.
  assert.equal(o.from_comment, '2');
  assert.equal(o.from_second, '4');
  assert.equal(o.from_name, '1');
  assert.equal(o.cc_comment_name, '1');
  assert.equal(o.to_group, '1');
  assert.equal(o.to_group_member, '1');
  assert.equal(o.to_decoded, '2');
  assert.equal(o.bcc, '3');
  assert.equal(o.to_exists, '1 2 3 4');

  // The day as written in the Date: header, its zone ignored (RFC 3501 §6.4.4).
  assert.equal(o.senton_25, '1'); // 24 Mar 22:30 UTC
  assert.equal(o.senton_24, '2');
  assert.equal(o.sentbefore_26, '1 2'); // 3 was written on the 26th (25th in UTC)
  assert.equal(o.sentsince_26, '3');
  assert.equal(o.not_senton_25, '2 3 4'); // no Date: matches only under NOT

  // SORT FROM/TO: first addr-mailbox (zed, amy, bob, bob; team, bea, zoe, empty).
  assert.equal(o.sort_from, '2 3 4 1');
  assert.equal(o.sort_to, '2 4 1 3');
  assert.equal(o.sort_reverse_to, '3 1 4 2');
  // RFC 5957: display name, else mailbox@host, else a group's name.
  assert.equal(o.sort_displayfrom, '2 4 3 1');
  assert.equal(o.sort_displayto, '2 4 1 3');
  // i;ascii-casemap: "APPLES" ties keep mailbox order; "[" and "_" sort after letters.
  assert.equal(o.sort_subject, '1 3 4 2');
  assert.equal(o.sort_reverse_subject, '2 4 1 3');
  // ORDEREDSUBJECT by sent date; 4 has no Date: and takes its (recent) internal date.
  assert.equal(o.thread, '(1 3)(2)(4)');

  assert.equal((o.highestmodseq as string[]).length, 1, 'one HIGHESTMODSEQ after FETCH MODSEQ');
  const mods = o.mods as Record<string, number>;
  assert.ok(mods['1']! < mods['3']! && mods['3']! < mods['2']!);
  // RFC 4731 §3.2: MODSEQ of the messages returned (MIN/MAX only), else of all matches.
  assert.match(o.es_min as string, new RegExp(`MIN 1 MODSEQ ${mods['1']}$`));
  assert.match(o.es_max as string, new RegExp(`MAX 3 MODSEQ ${mods['3']}$`));
  assert.match(o.es_minmax as string, new RegExp(`MIN 1 MAX 3 MODSEQ ${mods['3']}$`));
  assert.match(o.es_all as string, new RegExp(`ALL 1:3 MODSEQ ${mods['2']}$`));
  assert.match(o.es_count as string, new RegExp(`COUNT 3 MODSEQ ${mods['2']}$`));
});
