// mpop and fetchmail (Debian packages), the way people really use them: download into a
// maildir keeping mail on the server (UIDL bookkeeping), then download and delete.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { run, which } from '../helpers/clients.js';
import { openTarget } from '../helpers/open-target.js';
import type { Pop3Target } from '../helpers/target.js';

let f: Pop3Target;
let work: string;
before(async () => {
  f = await openTarget();
  work = await mkdtemp(join(tmpdir(), 'pop3-clients-'));
});
after(async () => {
  await f.close();
  await rm(work, { recursive: true, force: true });
});

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const msgs = [
  'From: a@example.test\r\nSubject: m1\r\n\r\nhello\r\n.leading dot\r\n',
  'From: b@example.test\r\nSubject: m2\r\n\r\nworld\r\n',
];

async function maildir(name: string): Promise<string> {
  const d = join(work, name);
  for (const sub of ['cur', 'new', 'tmp']) await mkdir(join(d, sub), { recursive: true });
  return d;
}

/** mpop stores LF line ends and prepends its own Received header: undo both. */
async function maildirHashes(d: string): Promise<string[]> {
  const files = await readdir(join(d, 'new'));
  const texts = await Promise.all(files.map((n) => readFile(join(d, 'new', n), 'latin1')));
  return texts.map((x) => sha(x.replace(/^Received:.*\n(?:[ \t].*\n)*/, '').replace(/\n/g, '\r\n'))).sort();
}

test('mpop: STLS + AUTH PLAIN, keep (UIDLs), then fetch and delete', async (t) => {
  const mpop = which('mpop');
  if (!mpop) return t.skip('mpop is not installed (apt-get install mpop)');
  for (const u of await f.inbox()) await f.expunge(u);
  const uidls = [await f.deliver(msgs[0]!), await f.deliver(msgs[1]!)];
  const md = await maildir('mpop');
  const pw = join(work, 'pw');
  await writeFile(pw, f.password);
  const common = [
    '--host=127.0.0.1',
    `--port=${f.port}`,
    `--user=${f.user}`,
    `--passwordeval=cat ${pw}`,
    '--tls=on',
    '--tls-starttls=on',
    '--tls-certcheck=off',
    '--auth=plain',
    `--delivery=maildir,${md}`,
    `--uidls-file=${join(work, 'mpop-uidls')}`,
  ];
  const r1 = await run(mpop, [...common, '--keep=on'], 60_000);
  assert.equal(r1.code, 0, r1.stderr + r1.stdout.toString());
  assert.deepEqual(await maildirHashes(md), msgs.map(sha).sort());
  const uidFile = await readFile(join(work, 'mpop-uidls'), 'utf8');
  for (const u of uidls) assert.ok(uidFile.includes(u), `mpop recorded ${u}`);
  assert.deepEqual(await f.inbox(), uidls, 'keep: nothing deleted');
  // Second run: mpop recognises the UIDLs and downloads nothing new.
  const r2 = await run(mpop, [...common, '--keep=on', '--only-new=on'], 60_000);
  assert.equal(r2.code, 0, r2.stderr);
  assert.equal((await readdir(join(md, 'new'))).length, 2);
  // Now let it delete what it has: DELE + QUIT removes them on the server.
  const r3 = await run(mpop, [...common, '--keep=off'], 60_000);
  assert.equal(r3.code, 0, r3.stderr);
  assert.deepEqual(await f.inbox(), []);
});

test('fetchmail: UIDL keep mode over implicit TLS, then a fetch that deletes', async (t) => {
  const fetchmail = which('fetchmail');
  if (!fetchmail) return t.skip('fetchmail is not installed (apt-get install fetchmail)');
  for (const u of await f.inbox()) await f.expunge(u);
  await f.deliver(msgs[0]!);
  await f.deliver(msgs[1]!);
  const out = join(work, 'fm');
  await mkdir(out, { recursive: true });
  const rc = (keep: boolean) =>
    [
      'set no bouncemail',
      `poll 127.0.0.1 service ${f.tlsPort} protocol pop3 uidl auth password`,
      `  user "${f.user}" password "${f.password}" is root here`,
      `  ${keep ? 'keep' : 'nokeep'} ssl sslproto "tls1.2+" no sslcertck`,
      `  mda "/bin/sh -c 'cat > ${out}/msg-$$.eml'"`,
      '',
    ].join('\n');
  const rcFile = join(work, 'fetchmailrc');
  const args = ['-f', rcFile, '-i', join(work, 'fetchids'), '--nodetach', '--nosyslog'];
  await writeFile(rcFile, rc(true));
  await chmod(rcFile, 0o600);
  const r1 = await run(fetchmail, args, 60_000);
  assert.equal(r1.code, 0, r1.stderr);
  const got = await Promise.all((await readdir(out)).map((n) => readFile(join(out, n), 'latin1')));
  // fetchmail hands the MDA LF line ends and may add a Received header; compare bodies.
  for (const m of msgs) {
    const bodyLf = m.split('\r\n\r\n')[1]!.replace(/\r\n/g, '\n');
    assert.ok(
      got.some((g) => g.replace(/\r\n/g, '\n').endsWith(bodyLf)),
      `fetchmail delivered ${JSON.stringify(bodyLf)}`,
    );
  }
  assert.equal((await f.inbox()).length, 2, 'keep mode deletes nothing');
  await writeFile(rcFile, rc(false));
  const r2 = await run(fetchmail, [...args, '--all'], 60_000);
  assert.equal(r2.code, 0, r2.stderr);
  assert.deepEqual(await f.inbox(), []);
});
