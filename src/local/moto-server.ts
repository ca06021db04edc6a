// moto's lifecycle: find it, start it on a free loopback port, wait until it answers, and make
// sure it dies with us (stop(), process exit, SIGINT, SIGTERM, and SIGKILL, which runs no hook
// of ours: moto watches the pipe on its stdin, moto-fixes.ts). It runs in its own process group
// so that everything it spawns dies with it.
import { spawn, type ChildProcess } from 'node:child_process';
import { motoEnv } from './moto-fixes.js';
import { createServer, type AddressInfo } from 'node:net';
import { ensureMoto, onPath } from './moto-venv.js';

export interface MotoServer {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Settles when moto's process ends, for whatever reason (stop() included). */
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
  /** Forgets every resource in every account (POST /moto-api/reset). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export interface MotoOptions {
  /** Port to bind on 127.0.0.1; a free one when absent. */
  readonly port?: number;
  /** How long to wait for moto to answer, in ms (default 30,000). */
  readonly startTimeoutMs?: number;
  /** A directory of ours that moto removes if we die without cleaning up (SIGKILL). */
  readonly scratchDir?: string;
  /** Lines for the operator while moto is installed on first use (default stderr). */
  readonly progress?: (line: string) => void;
}

export const MOTO_INSTALL_HINT = 'pip install "moto[server]==5.2.1"';

interface Command {
  readonly file: string;
  readonly args: readonly string[];
  readonly label: string;
}

/** Where moto is: MOTO_SERVER, then moto_server on PATH; empty = neither (see ensureMoto). */
export function motoCommands(env: NodeJS.ProcessEnv = process.env): readonly Command[] {
  if (env.MOTO_SERVER) return [{ file: env.MOTO_SERVER, args: [], label: `MOTO_SERVER=${env.MOTO_SERVER}` }];
  const onPathMoto = onPath('moto_server', env);
  return onPathMoto !== undefined ? [{ file: onPathMoto, args: [], label: onPathMoto }] : [];
}

/** motoCommands, else python3's own moto or the project venv's, installed on first use. */
async function resolveMoto(progress: ((line: string) => void) | undefined): Promise<readonly Command[]> {
  const found = motoCommands();
  if (found.length > 0) return found;
  const location = await ensureMoto(progress !== undefined ? { progress } : {});
  return location.kind === 'venv'
    ? [{ file: location.moto, args: [], label: location.moto }]
    : [{ file: location.python, args: ['-m', 'moto.server'], label: `${location.python} -m moto.server` }];
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// Every moto this process started and has not yet seen exit, so exit hooks can kill them.
const live = new Set<ChildProcess>();
let hooksInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => {
    for (const child of live) killGroup(child, 'SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const onSignal = (): void => {
      for (const child of live) killGroup(child, 'SIGKILL');
      // Alone, we would swallow the signal: restore the default and re-raise it so the process
      // still ends. With other listeners (e.g. the CLI's graceful shutdown) they decide.
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/moto-api/`, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

type Attempt = { readonly server: MotoServer } | { readonly failure: string; readonly portInUse: boolean };

async function attempt(command: Command, port: number, timeoutMs: number, scratchDir: string | undefined): Promise<Attempt> {
  const child = spawn(command.file, [...command.args, '-H', '127.0.0.1', '-p', String(port)], {
    detached: true, // its own process group: stop() kills moto and anything it spawned
    // stdin: a pipe we never write to, whose end is moto's sign that we are gone.
    stdio: ['pipe', 'pipe', 'pipe'],
    env: motoEnv(process.env, scratchDir),
  });
  child.stdin?.on('error', () => undefined);
  live.add(child);
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let spawnError: NodeJS.ErrnoException | undefined;
  child.once('error', (error: NodeJS.ErrnoException) => {
    spawnError = error;
  });
  child.once('exit', () => live.delete(child));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (spawnError || child.exitCode !== null || child.signalCode !== null) break;
    if (await answers(url)) return { server: handle(child, url, port) };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  killGroup(child, 'SIGKILL');
  await waitForExit(child);
  const why = spawnError
    ? `${command.label}: ${spawnError.message}`
    : child.exitCode !== null
      ? `${command.label} exited with code ${child.exitCode}: ${output.trim().split('\n').slice(-3).join(' | ')}`
      : `${command.label} did not answer on ${url} within ${timeoutMs} ms`;
  return {
    failure: why,
    portInUse: /address already in use/i.test(output),
  };
}

function handle(child: ChildProcess, url: string, port: number): MotoServer {
  // Drain output so moto never blocks on a full pipe; its request log is not ours to print.
  child.stdout?.resume();
  child.stderr?.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return {
    url,
    port,
    pid: child.pid!,
    exited,
    async reset() {
      const response = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
    },
    async stop() {
      killGroup(child, 'SIGTERM');
      const killer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
      await waitForExit(child);
      clearTimeout(killer);
      // The werkzeug server may leave children in the group; make sure none survive.
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // the group is empty
      }
    },
  };
}

/** Starts moto on 127.0.0.1 and resolves once it answers. */
export async function startMoto(options: MotoOptions = {}): Promise<MotoServer> {
  installExitHooks();
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const failures: string[] = [];
  for (const command of await resolveMoto(options.progress)) {
    // A port picked free may be taken before moto binds it; then pick another.
    for (let tries = 0; tries < 3; tries += 1) {
      const result = await attempt(command, options.port ?? (await freePort()), timeoutMs, options.scratchDir);
      if ('server' in result) return result.server;
      failures.push(result.failure);
      if (!result.portInUse || options.port !== undefined) break;
    }
  }
  throw new Error(
    `could not start moto (the local AWS emulator). Install it with: ${MOTO_INSTALL_HINT}\n` +
      `or point MOTO_SERVER at a moto_server executable. Tried:\n  ${failures.join('\n  ')}`,
  );
}
