// `npm run bench`: runs every benchmark and prints its figures. Each suite is a function
// in its own file; add yours here.
import { runPop3Bench } from './pop3.js';
import { runSieveBench } from './sieve.js';
import { runSmtpBench } from './smtp.js';
import { runStoreBench } from './store.js';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const want = (name: string) => only.length === 0 || only.includes(name);
  // POSTROOM_BENCH_MAILBOX=1000000 tries the store at a million messages.
  const size = Number(process.env.POSTROOM_BENCH_MAILBOX ?? 100_000);
  if (want('store')) await runStoreBench({ mailboxSize: size });
  if (want('smtp')) await runSmtpBench();
  if (want('pop3')) await runPop3Bench();
  if (want('sieve')) await runSieveBench();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
