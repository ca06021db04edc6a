// A local "remote" for git-source tests: a bare repository reached through file://, fed by
// commits made in a scratch clone. No network.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GitSource, type GitSourceOptions } from '../../src/controller/sources/git-source.js';

const IDENTITY = {
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

export interface GitOrigin {
  readonly url: string;
  /** Writes (string) or deletes (null) files, commits on `main`, pushes; returns the full sha. */
  commit(files: Record<string, string | null>, message?: string): string;
  /** Commits symbolic links (path -> link text, which may point anywhere) and pushes them. */
  commitLinks(links: Record<string, string>): string;
}

export function makeGitOrigin(root: string): GitOrigin {
  const bare = join(root, 'origin.git');
  const work = join(root, 'work');
  const git = (cwd: string, ...args: string[]): string =>
    execFileSync('git', args, { cwd, env: { ...process.env, ...IDENTITY }, encoding: 'utf8' }).trim();
  mkdirSync(bare, { recursive: true });
  git(bare, 'init', '--quiet', '--bare', '--initial-branch=main');
  mkdirSync(work, { recursive: true });
  git(work, 'init', '--quiet', '--initial-branch=main');
  git(work, 'remote', 'add', 'origin', bare);
  const push = (message: string): string => {
    git(work, 'add', '--all');
    git(work, 'commit', '--quiet', '--allow-empty', '-m', message);
    git(work, 'push', '--quiet', 'origin', 'main');
    return git(work, 'rev-parse', 'HEAD');
  };
  return {
    url: pathToFileURL(bare).href,
    commitLinks(links) {
      for (const [rel, target] of Object.entries(links)) {
        mkdirSync(dirname(join(work, rel)), { recursive: true });
        symlinkSync(target, join(work, rel));
      }
      return push('links');
    },
    commit(files, message = 'change') {
      for (const [rel, text] of Object.entries(files)) {
        const file = join(work, rel);
        if (text === null) rmSync(file);
        else {
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, text);
        }
      }
      return push(message);
    },
  };
}

/** A GitSource polled only by refresh() (tests drive every poll), stopped afterwards. */
export async function withGitSource(tmp: string, options: Omit<GitSourceOptions, 'workDir'>, fn: (s: GitSource) => Promise<void>): Promise<void> {
  const source = new GitSource({ intervalMs: 0, workDir: join(tmp, 'cache'), ...options });
  try {
    await source.start();
    await fn(source);
  } finally {
    await source.stop();
  }
}
