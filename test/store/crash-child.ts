// Child process for crash.test.ts: appends messages through the core as fast as it can and
// prints "uid sha256" for each one only after append() resolved (= acknowledged).
import { createHash, randomBytes } from 'node:crypto';
import { createCore } from '../../src/core/index.js';
import { openSqliteStore } from '../../src/store-sqlite/index.js';

async function main(): Promise<void> {
  const [dir, address] = process.argv.slice(2);
  if (!dir || !address) throw new Error('usage: crash-child DIR ADDRESS');
  const store = await openSqliteStore(dir);
  const core = createCore({ store });
  const user = await core.accounts.requireUser(address);
  const inbox = await core.mailboxes.require(user.id, 'INBOX');
  for (let i = 0; ; i++) {
    const size = 200 + Math.floor(Math.random() * (i % 5 === 0 ? 300_000 : 4000));
    const body = randomBytes(size).toString('base64').replace(/.{76}/g, '$&\r\n');
    const raw = Buffer.from(`Subject: crash ${i}\r\nMessage-ID: <c${i}.${process.pid}@x>\r\n\r\n${body}\r\n`);
    const sha = createHash('sha256').update(raw).digest('hex');
    // Several in flight at once, like concurrent SMTP sessions.
    const jobs = [0, 1, 2].map(async (k) => {
      const variant = k === 0 ? raw : Buffer.concat([raw, Buffer.from(`x${k}\r\n`)]);
      const vsha = k === 0 ? sha : createHash('sha256').update(variant).digest('hex');
      const r = await core.messages.append(user.id, inbox.id, {
        source: [variant] as unknown as AsyncIterable<Buffer>,
      });
      process.stdout.write(`${r.uid} ${vsha}\n`);
    });
    await Promise.all(jobs);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
