// `npm run bench`: runs every benchmark and prints its figures. Each suite is a function
// in its own file; add yours here.
import { runStoreBench } from './store.js';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const want = (name: string) => only.length === 0 || only.includes(name);
  if (want('store')) await runStoreBench();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
