#!/usr/bin/env node
// The `tiered` command: dispatches to one module per subcommand.
import { commands } from './commands.js';

const USAGE = `usage: tiered <command> [options]

commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}

Run 'tiered <command> --help' for a command's options.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name === undefined ? 1 : 0;
  }
  const command = commands[name];
  if (command === undefined) {
    console.error(`tiered: unknown command '${name}'\n\n${USAGE}`);
    return 1;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`tiered: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
