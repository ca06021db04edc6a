// `--manifests <dir>`: a watched directory as a source of revisions.
//
// git-sync style sidecars never edit files in place: they check out a new directory and
// atomically `rename()` a new symlink over the old one. So two kinds of watch are kept:
// - chokidar, recursively, on the directory the path resolves to now (in-place edits);
// - node's fs.watch on the parent directory of the path and of every symlink along it, which
//   sees the rename of the link itself (chokidar diffs directory listings by name, and a link
//   replaced by a link of the same name leaves the listing unchanged).
// Any event only schedules a debounced rescan; the rescan re-resolves the path, reads the files
// and compares content digests, so bursts, touches and double events all collapse.
// Each revision is copied into a snapshot directory, so what the daemon loads is exactly what was
// hashed, even if the watched directory is edited again meanwhile.
import { watch as chokidarWatch, type FSWatcher } from 'chokidar';
import { watch as fsWatch, type FSWatcher as NodeWatcher } from 'node:fs';
import { lstat, realpath } from 'node:fs/promises';
import { basename, dirname, join, parse, resolve } from 'node:path';
import type { TreeLimits } from '../../desired/manifests/manifest-tree.js';
import { isManifestFile, readTreeStamped, treeOf, type FileTree } from './file-tree.js';
import { KnownFiles, writeSnapshot, type Snapshot } from './snapshot-files.js';
import { SnapshotDirs } from './snapshot-dirs.js';
import { SourceBase, describeError } from './source-base.js';

export interface DirectorySourceOptions {
  /** The manifests directory, possibly a symlink (or below one) that gets swapped. */
  readonly path: string;
  /** Quiet time after the last event before rescanning (default 250 ms). */
  readonly debounceMs?: number;
  /** Which relative paths are manifests (default `*.yaml` / `*.yml`). */
  readonly include?: (relPath: string) => boolean;
  /** Where snapshot directories are made (default the OS temp dir). */
  readonly snapshotParent?: string;
  /** Caps on the tree's file count and size (default DEFAULT_TREE_LIMITS). */
  readonly limits?: TreeLimits;
  /** How old a file's change time must be before its stamp is trusted (default SETTLE_MS). */
  readonly settleMs?: number;
  readonly now?: () => Date;
}

export class DirectorySource extends SourceBase {
  private readonly path: string;
  /** The path as the user gave it, for messages. */
  private readonly userPath: string;
  private readonly debounceMs: number;
  private readonly include: (relPath: string) => boolean;
  private readonly snapshots: SnapshotDirs;
  private readonly limits: TreeLimits | undefined;
  /** The bytes of the last scan, by stamp: unchanged files are stat'ed, not read again. */
  private readonly known: KnownFiles;
  /** The newest snapshot: its unchanged files are linked into the next one, not copied. */
  private snapshot: Snapshot | undefined;
  private treeWatcher: FSWatcher | undefined;
  private watchedTarget: string | undefined;
  private watching: Promise<void> = Promise.resolve();
  private linkWatchers: NodeWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private signalStop: () => void = () => undefined;
  private readonly stopping = new Promise<void>((resolve) => (this.signalStop = resolve));

  constructor(options: DirectorySourceOptions) {
    super('directory', resolve(options.path), options.now);
    this.path = resolve(options.path);
    this.userPath = options.path;
    this.debounceMs = options.debounceMs ?? 250;
    this.include = options.include ?? isManifestFile;
    this.limits = options.limits;
    this.known = new KnownFiles(options.settleMs);
    this.snapshots = new SnapshotDirs('tiered-manifests-', 2, options.snapshotParent);
  }

  async start(): Promise<void> {
    await this.watchLinks();
    await this.refresh();
  }

  /** Resolves once the watch on the tree is ready (it is set up after the first revision). */
  async watchReady(): Promise<void> {
    await this.watching;
  }

  protected async halt(): Promise<void> {
    this.signalStop();
    clearTimeout(this.timer);
    for (const w of this.linkWatchers) w.close();
    this.linkWatchers = [];
    await this.watching;
    await this.treeWatcher?.close();
    this.treeWatcher = undefined;
  }

  protected async cleanup(): Promise<void> {
    await this.snapshots.removeAll();
  }

  private schedule(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), this.debounceMs);
  }

  /** Rescans: re-resolves the path, reads the files and publishes them if their digest changed. */
  protected async attempt(): Promise<void> {
    if (this.stopped) return;
    const at = this.now();
    const scanStartedMs = Date.now();
    let target: string;
    let tree: FileTree;
    let contents: Map<string, Buffer>;
    let stamps: Map<string, string>;
    try {
      target = await realpath(this.path);
      const read = await readTreeStamped(target, this.include, this.limits, (rel, stamp) => this.known.reuse(rel, stamp));
      contents = read.contents;
      stamps = read.stamps;
      tree = treeOf(contents);
    } catch (err) {
      this.state.fail(`manifests directory ${this.path}: ${describeError(err)}`, at);
      return;
    }
    this.known.remember(contents, stamps, scanStartedMs);
    if (this.stopped) return;
    await this.publishIfNew(tree, contents, at);
    // Not awaited: the daemon loads the revision while the watcher makes its own first scan of
    // the tree (seconds at 10,000 files); watchTree rescans once it is ready, so a change made
    // meanwhile is not missed. One re-pointing at a time, in order.
    if (!this.stopped && target !== this.watchedTarget) {
      this.watchedTarget = target;
      this.watching = this.watching.then(() => this.watchTree(target)).catch(() => this.schedule());
    }
  }

  private async publishIfNew(tree: FileTree, contents: ReadonlyMap<string, Buffer>, at: Date): Promise<void> {
    if (this.isCurrent(tree.digest)) {
      this.state.unchanged();
      return;
    }
    let dir: string | undefined;
    try {
      dir = await this.snapshots.create();
      await writeSnapshot(dir, contents, tree, this.snapshot);
      await this.snapshots.retain(dir);
    } catch (err) {
      if (dir) await this.snapshots.discard(dir);
      this.state.fail(`copying manifests of ${this.path}: ${describeError(err)}`, at);
      return;
    }
    this.snapshot = { dir, tree };
    this.publish(tree, { revision: `dir@${tree.digest.slice(0, 12)}`, fullRevision: `sha256:${tree.digest}`, dir, userDir: this.userPath, at, contents });
  }

  /** Re-points the recursive watch at the directory the path resolves to now. */
  private async watchTree(target: string): Promise<void> {
    await this.treeWatcher?.close();
    if (this.stopped) return;
    this.watchedTarget = target;
    const watcher = chokidarWatch(target, { ignoreInitial: true, followSymlinks: true });
    this.treeWatcher = watcher;
    watcher.on('all', () => this.schedule());
    // A watch error (the old target vanished under it) is not fatal: the rescan re-resolves.
    watcher.on('error', () => this.schedule());
    // A watcher closed by stop() before it is ready never becomes ready.
    await Promise.race([new Promise<void>((ready) => watcher.once('ready', ready)), this.stopping]);
    // Changes made between the scan and the watch being ready would otherwise go unseen.
    this.schedule();
  }

  /** Watches the parent of the path and of every symlink along it for renames of those names. */
  private async watchLinks(): Promise<void> {
    const parents = await linkParents(this.path);
    if (this.stopped) return; // stop() came first: nothing would close these watchers
    for (const [parent, names] of parents) {
      try {
        // Only events naming the link (or the path) matter; siblings in a busy parent do not.
        const w = fsWatch(parent, { persistent: true }, (_event, name) => {
          if (name === null || names.has(name.toString())) this.schedule();
        });
        w.on('error', () => this.schedule());
        this.linkWatchers.push(w);
      } catch {
        // A missing parent is reported by the scan; a later refresh() finds the path once it exists.
      }
    }
  }
}

/**
 * Parent directory -> the entry names in it to watch: the path's own last component, and every
 * symlink along the path (for `/a/link/sub` with `link` a symlink: `/a` -> {link}, `/a/link` -> {sub}).
 */
async function linkParents(path: string): Promise<Map<string, Set<string>>> {
  const parents = new Map<string, Set<string>>();
  const add = (p: string): void => {
    const set = parents.get(dirname(p)) ?? new Set<string>();
    set.add(basename(p));
    parents.set(dirname(p), set);
  };
  add(path);
  const { root } = parse(path);
  let prefix = root;
  for (const part of path.slice(root.length).split(/[\\/]/).filter(Boolean)) {
    prefix = join(prefix, part);
    try {
      if ((await lstat(prefix)).isSymbolicLink()) add(prefix);
    } catch {
      break;
    }
  }
  return parents;
}
