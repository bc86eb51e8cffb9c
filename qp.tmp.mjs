import Database from 'better-sqlite3';
import { openDb } from './dist/src/store-sqlite/db.js';
import { dropUnreferencedBlobRows } from './dist/src/store-sqlite/blob-rows.js';
const raw = new Database('/tmp/gc-copy.db');
raw.pragma('journal_mode = WAL');
if (process.argv[2] === 'orphan') {
  const box = raw.prepare("SELECT x.id FROM mailboxes x JOIN users u ON u.id = x.user_id WHERE u.address = 'bob@example.test' AND x.name = 'INBOX'").pluck().get();
  console.log('box', box, raw.prepare('SELECT count(*) FROM messages WHERE mailbox_id = ?').pluck().get(box));
  raw.prepare('DELETE FROM messages WHERE mailbox_id = ?').run(box);
  process.exit(0);
}
if (process.argv[2]) raw.prepare(`INSERT INTO blob_text(blob_text, rank) VALUES('automerge', ${process.argv[2]})`).run();
raw.close();
const s = openDb('/tmp/gc-copy.db');
const origTx = s.tx.bind(s);
s.tx = (fn) => { const t = performance.now(); const c = process.cpuUsage(); const r = origTx(fn); const d = performance.now() - t; const cu = process.cpuUsage(c); console.log('tx', d.toFixed(0), 'ms cpu', ((cu.user + cu.system) / 1000).toFixed(0), 'ms', r.n); return r; };
const t = performance.now();
console.log('removed', await dropUnreferencedBlobRows(s), (performance.now() - t).toFixed(0), 'ms');
