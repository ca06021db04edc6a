// moto on a machine that lacks it (a laptop, a plain Debian whose system Python refuses
// `pip install` under PEP 668): when python3 exists, moto is installed once into a virtual
// environment of the project (`.tiered/venv`, git-ignored) and used from there; with no Python
// at all the error says exactly what to run. MOTO_SERVER and a moto_server on PATH come first
// and are never second-guessed (moto-server.ts).
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const MOTO_VERSION = '5.2.1';
export const MOTO_REQUIREMENT = `moto[server]==${MOTO_VERSION}`;
/** Relative to the working directory: `npm start` runs in the checkout. */
export const VENV_DIR = join('.tiered', 'venv');

/** What to run by hand, from the checkout, to do what the automatic install does. */
export const VENV_INSTALL_COMMAND = `python3 -m venv ${VENV_DIR} && ${join(VENV_DIR, 'bin', 'python')} -m pip install "${MOTO_REQUIREMENT}"`;

export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface VenvOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** The checkout (default the working directory). */
  readonly cwd?: string;
  /** One line per step the operator waits for. */
  readonly progress?: (line: string) => void;
}

/** The venv's moto_server, when an earlier run installed it. */
export function venvMotoServer(cwd: string = process.cwd()): string | undefined {
  const file = resolve(cwd, VENV_DIR, 'bin', 'moto_server');
  return existsSync(file) ? file : undefined;
}

/** Whether `python` imports moto's server as it is. */
async function hasMoto(python: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  try {
    await run(python, ['-c', 'import moto.server'], { env, timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

function lastLines(err: unknown): string {
  const e = err as { stderr?: string; stdout?: string; message?: string };
  const text = `${e.stderr ?? ''}\n${e.stdout ?? ''}`.trim() || (e.message ?? String(err));
  return text.split('\n').filter((l) => l.trim() !== '').slice(-3).join(' | ');
}

export type MotoLocation =
  | { readonly kind: 'python-module'; readonly python: string }
  | { readonly kind: 'venv'; readonly moto: string };

/**
 * Where to run moto from when neither MOTO_SERVER nor moto_server on PATH is set: python3's
 * own moto, else the project venv (installed now if missing). Throws with the exact command to
 * run when there is no python3 or the install fails (no network to the package index).
 */
export async function ensureMoto(options: VenvOptions = {}): Promise<MotoLocation> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const progress = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const existing = venvMotoServer(cwd);
  if (existing !== undefined) return { kind: 'venv', moto: existing };
  const python3 = onPath('python3', env);
  if (python3 === undefined) {
    throw new Error(
      `moto (the local AWS emulator) is not installed, and there is no python3 to install it with. ` +
        `Install Python 3 (with venv: on Debian/Ubuntu apt-get install python3-venv), then run from the checkout:\n  ${VENV_INSTALL_COMMAND}\n` +
        'or point MOTO_SERVER at a moto_server executable.',
    );
  }
  if (await hasMoto(python3, env)) return { kind: 'python-module', python: python3 };

  const venv = resolve(cwd, VENV_DIR);
  const python = join(venv, 'bin', 'python');
  progress(`tiered: moto is not installed: installing moto ${MOTO_VERSION} into ${VENV_DIR} (once; needs the Python package index) ...`);
  try {
    if (!existsSync(python)) await run(python3, ['-m', 'venv', venv], { env, cwd, timeout: 300_000 });
    await run(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', MOTO_REQUIREMENT], { env, cwd, timeout: 900_000 });
  } catch (err) {
    throw new Error(
      `could not install moto ${MOTO_VERSION} into ${VENV_DIR}: ${lastLines(err)}\n` +
        `Run it yourself once the Python package index is reachable (from the checkout):\n  ${VENV_INSTALL_COMMAND}\n` +
        'or point MOTO_SERVER at a moto_server executable.',
    );
  }
  const installed = venvMotoServer(cwd);
  if (installed === undefined) throw new Error(`pip installed moto into ${VENV_DIR}, but ${join(VENV_DIR, 'bin', 'moto_server')} is missing; run: ${VENV_INSTALL_COMMAND}`);
  progress(`tiered: moto ${MOTO_VERSION} installed in ${VENV_DIR}.`);
  return { kind: 'venv', moto: installed };
}
