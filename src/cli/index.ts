// The command line (../shared/CONTRACT.md). One file per subcommand lives beside this.
export async function runCli(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write('Usage: postroom <command> [options]\n\nCommands are being built; see README.md.\n');
    return 0;
  }
  process.stderr.write(`postroom: unknown command '${argv[0]}' (see postroom --help)\n`);
  return 2;
}
