// A Postroom SMTP instance in its own process, for crash tests: argv[2] is the data dir.
// Prints one JSON line with the ports once listening, then serves until killed.
import { startInstance } from './instance.js';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: child-server DATA_DIR\n');
  process.exit(2);
}
const inst = await startInstance({ dir });
if (!(await inst.core.accounts.getUser('alice@example.test')))
  await inst.addUser('alice@example.test', 'alice-password-1');
process.stdout.write(`${JSON.stringify(inst.ports)}\n`);
