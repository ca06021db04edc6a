// `--git <url> [--ref main] [--path manifests/] [--interval 60s]`: a git repository polled by
// the controller itself, through the system git (see git-command.ts for why).
//
// A private bare repository caches the objects; each poll fetches the ref into
// `refs/tiered/source`, and each new commit's `<path>` subtree is checked out into a fresh
// directory (read-tree of the subtree into a private index + checkout-index), so a revision's
// directory never changes under the daemon. Failures (unreachable repository, unknown ref,
// missing path) are reported and the previous good revision stays in force.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TreeLimits } from '../../desired/manifests/manifest-tree.js';
import { isManifestFile, readTree, treeOf } from './file-tree.js';
import { runGit } from './git-command.js';
import { credentialSetup, type GitCredentials, type GitCredentialSetup } from './git-credentials.js';
import { gitUrlProblem, redactUrlCredentials, splitUrlCredentials } from './git-url.js';
import { SnapshotDirs } from './snapshot-dirs.js';
import { SourceBase, describeError } from './source-base.js';

export interface GitSourceOptions {
  /** An https://, ssh://, git@host:repo or file:// URL, or a local path (git-url.ts). */
  readonly url: string;
  /** Credentials beside the host's own helpers (git-credentials.ts); never in argv. */
  readonly credentials?: GitCredentials;
  /** Branch or tag to follow (default `main`). */
  readonly ref?: string;
  /** The manifests directory inside the repository (default `manifests/`; `''` or `.` = root). */
  readonly path?: string;
  /** Poll period (default 60 s); 0 polls only on refresh(). */
  readonly intervalMs?: number;
  /** Per git command (default 120 s). */
  readonly commandTimeoutMs?: number;
  /** Where the cache and checkouts live (default a new directory in the OS temp dir). */
  readonly workDir?: string;
  readonly include?: (relPath: string) => boolean;
  /** Caps on the checked-out tree's file count and size (default DEFAULT_TREE_LIMITS). */
  readonly limits?: TreeLimits;
  /** Extra environment for git (GIT_SSH_COMMAND, GIT_ASKPASS, …). */
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: () => Date;
}

const FETCHED = 'refs/tiered/source';

export class GitSource extends SourceBase {
  /** The URL as git gets it: without userinfo (that goes to the credential helper). */
  private readonly url: string;
  private readonly problem: string | undefined;
  private readonly auth: GitCredentialSetup;
  private readonly ref: string;
  private readonly path: string;
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private readonly include: (relPath: string) => boolean;
  private readonly abort = new AbortController();
  private workDir: string | undefined;
  private snapshots: SnapshotDirs | undefined;
  private sha: string | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: GitSourceOptions) {
    const path = normalizePath(options.path ?? 'manifests/');
    const ref = options.ref ?? 'main';
    super('git', `${redactUrlCredentials(options.url)}#${ref}${path === '' ? '' : ` (${path}/)`}`, options.now);
    const split = splitUrlCredentials(options.url);
    this.url = split.url;
    let problem = gitUrlProblem(options.url);
    let auth: GitCredentialSetup = { config: [], env: {} };
    try {
      const fromUrl = split.password !== undefined ? { password: split.password, ...(split.username !== undefined && { username: split.username }) } : {};
      auth = credentialSetup({ ...options.credentials, ...fromUrl });
    } catch (err) {
      problem ??= err instanceof Error ? err.message : String(err);
    }
    this.problem = problem;
    this.auth = auth;
    this.ref = ref;
    this.path = path;
    this.intervalMs = options.intervalMs ?? 60_000;
    this.timeoutMs = options.commandTimeoutMs ?? 120_000;
    this.include = options.include ?? isManifestFile;
  }

  async start(): Promise<void> {
    if (this.problem !== undefined) {
      // Refused before any git runs: nothing about this URL may reach git's argv.
      this.state.fail(`git source: ${this.problem}`, this.now());
      return;
    }
    const parent = this.options.workDir ?? tmpdir();
    await mkdir(parent, { recursive: true });
    this.workDir = await mkdtemp(join(parent, 'tiered-git-'));
    this.snapshots = new SnapshotDirs('checkout-', 2, this.workDir);
    try {
      await this.git(['init', '--bare', '--quiet']);
    } catch (err) {
      // e.g. no git on the PATH: reported like any other failure, so /status and /readyz say it.
      if (!this.stopped) this.state.fail(`git init: ${describeError(err)}`, this.now());
      return;
    }
    await this.refresh();
  }

  protected async halt(): Promise<void> {
    clearTimeout(this.timer);
    this.abort.abort();
  }

  protected async cleanup(): Promise<void> {
    if (this.workDir) await rm(this.workDir, { recursive: true, force: true });
  }

  /** Polls; the next timed poll is counted from the end of this one. */
  protected async attempt(): Promise<void> {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const at = this.now();
    try {
      await this.pollOnce(at);
    } catch (err) {
      if (!this.stopped) this.state.fail(err instanceof Error ? err.message : String(err), at);
    }
    if (!this.stopped && this.intervalMs > 0) this.timer = setTimeout(() => void this.refresh(), this.intervalMs);
  }

  private async pollOnce(at: Date): Promise<void> {
    const where = `${redactUrlCredentials(this.url)} ${this.ref}`;
    // `--`: whatever the URL and ref hold, git reads them as a repository and a refspec, never as options.
    await this.git(['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--', this.url, `+${this.ref}:${FETCHED}`]).catch(
      (err: Error) => {
        throw new Error(`git fetch ${where}: ${err.message}`);
      },
    );
    const sha = (await this.git(['rev-parse', '--verify', '--quiet', `${FETCHED}^{commit}`])).trim();
    if (sha === this.sha) {
      this.state.unchanged();
      return;
    }
    const short = `${this.ref}@${sha.slice(0, 12)}`;
    const treeish = this.path === '' ? `${sha}^{tree}` : `${sha}:${this.path}`;
    // Everything after `sha:` is a path, so `^{tree}` cannot be appended: ask for the type.
    const type = await this.git(['cat-file', '-t', treeish]).catch(() => 'missing');
    if (type.trim() !== 'tree') throw new Error(`${short}: no directory '${this.path}/' in the repository`);
    const dir = await this.checkout(treeish);
    const contents = await readTree(dir, this.include, this.options.limits);
    const tree = treeOf(contents);
    this.sha = sha;
    this.publish(tree, { revision: short, fullRevision: sha, dir, userDir: this.path === '' ? '.' : this.path, at, contents });
  }

  /** Writes the tree into a fresh directory through a private index (no worktree bookkeeping). */
  private async checkout(treeish: string): Promise<string> {
    const snapshots = this.snapshots!;
    const dir = await snapshots.create();
    const index = join(this.workDir!, 'checkout.index');
    try {
      const env = { GIT_INDEX_FILE: index };
      await this.git(['read-tree', treeish], env);
      await this.git([`--work-tree=${dir}`, 'checkout-index', '--all', '--force'], env);
      await snapshots.retain(dir);
      return dir;
    } catch (err) {
      await snapshots.discard(dir);
      throw err;
    } finally {
      await rm(index, { force: true });
    }
  }

  private git(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<string> {
    return runGit(args, {
      gitDir: join(this.workDir!, 'cache.git'),
      config: this.auth.config,
      env: { ...this.options.env, ...this.auth.env, ...env },
      timeoutMs: this.timeoutMs,
      signal: this.abort.signal,
    });
  }
}

/** `manifests/`, `./manifests`, `/manifests/` -> `manifests`; `.` and `` -> `` (the root). */
function normalizePath(path: string): string {
  return path
    .split('/')
    .filter((p) => p !== '' && p !== '.')
    .join('/');
}
