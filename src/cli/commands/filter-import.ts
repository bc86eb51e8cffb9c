// postroom filter import ADDRESS FILE --data DIR   (replaces every rule; FILE "-" = stdin)
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseRules } from '../../core/sieve-rules.js';
import type { CliContext } from '../context.js';
import { activeNote, filterCommand, withRules } from '../filter-command.js';
import { CliError } from '../io.js';

export function register(filter: Command, ctx: CliContext): void {
  filterCommand(filter, 'import', 'replace all rules with those in a JSON file (as "filter export" prints)')
    .argument('<FILE>', 'the JSON file, or - for standard input')
    .action(async (address: string, file: string, opts: Record<string, unknown>) => {
      let text: string;
      try {
        text = file === '-' ? await ctx.readAll() : await readFile(file, 'utf8');
      } catch (e) {
        throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      }
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (e) {
        throw new CliError(`${file === '-' ? 'standard input' : file} is not JSON: ${(e as Error).message}`);
      }
      const rules = parseRules(data);
      const set = await withRules(opts, address, (r, userId) => r.set(userId, rules));
      ctx.io.out(`imported ${set.rules.length} rule${set.rules.length === 1 ? '' : 's'}\n`);
      activeNote(ctx, set, address);
    });
}
