/** The `kmsim` command line: argument parsing with commander, one module per subcommand. */
import { Command, CommanderError } from 'commander';
import { KmsimError } from '@kmsim/core';
import { evalCommand } from './commands/eval.js';
import { validateCommand } from './commands/validate.js';
import { EXIT, type ExitCode, type Streams } from './io.js';

export const VERSION = '0.1.0';

export async function main(argv: readonly string[], io: Streams): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  const program = new Command('kmsim')
    .description('Who can do what with an AWS KMS key, under which conditions — simulated exactly as AWS decides.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  program
    .command('eval')
    .description('Run every case in scenario files (the shared/conformance format) and report each outcome.')
    .argument('<files...>', 'scenario files (JSON)')
    .option('--json', 'print one JSON array with every result and its trace')
    .action(async (files: string[], opts: { json?: boolean }) => {
      code = await evalCommand(files, opts, io);
    });

  program
    .command('validate')
    .description('Parse and validate key policy files: diagnostics with a code, a JSON path and line/column.')
    .argument('<files...>', 'key policy files (JSON)')
    .option('--json', 'print the diagnostics as JSON')
    .option('--key-arn <arn>', 'the key the policy belongs to (a Resource naming it is then only a warning)')
    .action(async (files: string[], opts: { json?: boolean; keyArn?: string }) => {
      code = await validateCommand(files, opts, io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT.ok : EXIT.input;
    }
    if (e instanceof KmsimError) {
      io.stderr.write(`kmsim: ${e.message}\n`);
      return EXIT.input;
    }
    io.stderr.write(`kmsim: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.input;
  }
}
