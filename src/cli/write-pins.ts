// `tiered placement ... --write`: the moves of a plan written into the tenants' manifest files
// as pins (docs/drain-and-decommission.md §1). Every edit is computed before any file is
// written, so a refusal leaves the tree as it was; each file is replaced by a rename, so a
// watcher (git-sync, the daemon's directory source) never reads half a file.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ManifestSet } from '../desired/model.js';
import { applyPinEdits, type PinEdit } from '../desired/manifests/pin-edits.js';
import type { Move } from '../desired/placement/moves.js';

export type WritePinsResult = { readonly ok: true; readonly files: readonly string[] } | { readonly ok: false; readonly message: string };

function pinOf(move: Move): PinEdit {
  return { tenant: move.tenant, tier: move.toTier ?? move.tier, cell: move.to.cell, infraGroup: move.to.infraGroup };
}

export async function writePins(set: ManifestSet, moves: readonly Move[]): Promise<WritePinsResult> {
  const byFile = new Map<string, PinEdit[]>();
  for (const move of moves) {
    const tenant = set.tenants.find((t) => t.name === move.tenant);
    if (tenant === undefined) return { ok: false, message: `no manifest defines tenant ${move.tenant}` };
    const edits = byFile.get(tenant.source.file) ?? [];
    edits.push(pinOf(move));
    byFile.set(tenant.source.file, edits);
  }
  const outputs: { file: string; text: string }[] = [];
  for (const [file, edits] of [...byFile].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const edited = applyPinEdits(await readFile(file, 'utf8'), edits);
    if (!edited.ok) return { ok: false, message: `${file}: ${edited.message}; no file was written` };
    outputs.push({ file, text: edited.text });
  }
  for (const { file, text } of outputs) {
    const temp = join(dirname(file), `.${basename(file)}.tiered-${process.pid}.tmp`);
    await writeFile(temp, text, 'utf8');
    await rename(temp, file);
  }
  return { ok: true, files: outputs.map((o) => o.file) };
}
