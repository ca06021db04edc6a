// Argument parsing shared by the subcommands that take a manifest directory and an output format.
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';

export type DirCommandArgs<F extends string> =
  | { readonly ok: true; readonly help: boolean; readonly dir: string; readonly output: F; readonly values: Record<string, unknown> }
  | { readonly ok: false; readonly message: string };

/** `tiered <command> <dir> [--output F] [extra options]`. */
export function parseDirCommand<F extends string>(
  argv: readonly string[],
  formats: readonly F[],
  extra: NonNullable<ParseArgsConfig['options']> = {},
): DirCommandArgs<F> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o', default: formats[0] },
        help: { type: 'boolean', short: 'h' },
        ...extra,
      },
    });
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  const values = parsed.values as Record<string, unknown>;
  const positionals = parsed.positionals;
  if (values.help === true) return { ok: true, help: true, dir: '', output: formats[0] as F, values };
  const output = values.output as string;
  if (!(formats as readonly string[]).includes(output)) {
    return { ok: false, message: `--output must be ${formats.slice(0, -1).join(', ')}${formats.length > 1 ? ' or ' : ''}${formats[formats.length - 1]}; found ${output}` };
  }
  if (positionals.length !== 1) return { ok: false, message: 'expected one directory' };
  return { ok: true, help: false, dir: positionals[0] as string, output: output as F, values };
}

/** `parseArgs` for a command with positionals: the values, or the exit code once a usage error
 * went to stderr (1) or `--help` to stdout (0). */
export function parseCommandLine(
  command: string,
  argv: readonly string[],
  options: NonNullable<ParseArgsConfig['options']>,
  usage: string,
): { readonly values: Readonly<Record<string, string | boolean | string[] | boolean[] | undefined>>; readonly positionals: readonly string[] } | number {
  try {
    const parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { ...options, help: { type: 'boolean', short: 'h' } } });
    if (parsed.values['help'] === true) {
      console.log(usage);
      return 0;
    }
    return parsed;
  } catch (err) {
    console.error(`tiered ${command}: ${err instanceof Error ? err.message : String(err)}\n\n${usage}`);
    return 1;
  }
}
