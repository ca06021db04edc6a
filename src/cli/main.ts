#!/usr/bin/env node
// The `tiered` command: dispatches to one module per subcommand.
import { readFileSync } from 'node:fs';
import { commands } from './commands.js';

// The SDK warns on every run that versions published after January 2027 will need Node 22.
// tiered supports Node 20 and pins its SDK in package-lock.json, so the warning says nothing
// actionable to an operator; an explicit setting in the environment still wins.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const USAGE = `usage: tiered <command> [options]

commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}

Run 'tiered <command> --help' for a command's options; 'tiered --version' for the version.`;

/** The version in package.json (shipped in the package beside dist/). */
function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V' || name === 'version') {
    console.log(`tiered ${version()}`);
    return 0;
  }
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
