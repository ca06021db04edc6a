// Runs the compiled `tiered` binary as a user would, from the repository root.
import { spawnSync } from 'node:child_process';
import { repoPath, REPO_ROOT } from './paths.js';

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function tiered(args: readonly string[], env: NodeJS.ProcessEnv = process.env): CliRun {
  const run = spawnSync(process.execPath, [repoPath('dist', 'src', 'cli', 'main.js'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}
