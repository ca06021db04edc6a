// Running the system `git`. We shell out rather than embed a git library: no native build,
// and the operator's own git setup keeps working unchanged — credential helpers, SSH keys and
// known_hosts, GIT_ASKPASS, proxies, file:// and every transport git speaks.
import { spawn } from 'node:child_process';
import { ALLOWED_GIT_PROTOCOLS, redactUrlCredentials } from './git-url.js';

export { redactUrlCredentials };

export interface GitRunOptions {
  /** The repository (`--git-dir`). */
  readonly gitDir: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Top-level options before the subcommand (`-c name=value`). */
  readonly config?: readonly string[];
  /** Killed after this long (a hung fetch must not stall the source forever). */
  readonly timeoutMs: number;
  /** Aborting kills the child (stop()). */
  readonly signal: AbortSignal;
}

export class GitCommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
  ) {
    super(message);
    this.name = 'GitCommandError';
  }
}

/**
 * Runs `git --git-dir=<gitDir> <args>` and resolves with its stdout; rejects with stderr's gist.
 * git runs transports as its own children (git-remote-https, ssh), which hold the pipes open, so
 * the child leads a process group of its own and a timeout or abort kills the whole group.
 */
export function runGit(args: readonly string[], options: GitRunOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    if (options.signal.aborted) return reject(new GitCommandError(`git ${args[0]}: stopped`, null));
    const child = spawn('git', [`--git-dir=${options.gitDir}`, ...(options.config ?? []), ...args], {
      env: {
        ...process.env,
        ...options.env,
        // Never wait on a password prompt nobody will answer; stable English messages.
        GIT_TERMINAL_PROMPT: '0',
        LC_ALL: 'C',
        // Only these transports, whatever the host's git config or the caller's env says
        // (git: "overriding any existing configuration"); `ext::` would run a command.
        GIT_ALLOW_PROTOCOL: ALLOWED_GIT_PROTOCOLS.join(':'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let killedBy: string | undefined;
    const killGroup = (why: string): void => {
      killedBy = why;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const onAbort = (): void => killGroup('stopped');
    const timer = setTimeout(() => killGroup(`timed out after ${options.timeoutMs} ms`), options.timeoutMs);
    options.signal.addEventListener('abort', onAbort, { once: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const settle = (): void => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
    };
    child.on('error', (e) => {
      settle();
      reject(new GitCommandError(`git ${args[0]}: ${e.message}`, null));
    });
    child.on('close', (code) => {
      settle();
      if (code === 0 && killedBy === undefined) return resolve(Buffer.concat(out).toString('utf8'));
      const why = killedBy ?? gist(Buffer.concat(err).toString('utf8'));
      reject(new GitCommandError(redactUrlCredentials(why), code));
    });
  });
}

/** The lines of git's stderr that say what went wrong, without hints and blank lines. */
function gist(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('hint:'));
  return lines.join('; ') || 'failed';
}
