// Reads the first line of standard input (for `--password -`), without the line end.
import { createInterface } from 'node:readline';

export async function readLine(): Promise<string> {
  const rl = createInterface({ input: process.stdin, terminal: false });
  try {
    for await (const line of rl) return line;
    return '';
  } finally {
    rl.close();
  }
}
