// The manifest `tiered capacity --write` proposes for its advice (docs/capacity.md §4.2): the
// InfraGroup, or the Cell and its first InfraGroup, named after the tier's pattern. Everything
// tiered only references (account, role, VPC, subnets, security groups) is copied from a
// sibling so that the file validates as written, with its name swapped in where the sibling's
// references carry it, and marked TODO(review): someone has to create those, or point the
// references at what exists, before the commit is merged. Pure: a string out.
import type { Cell, InfraGroup, InfraGroupSpec, ManifestSet, ResourceRef } from '../model.js';
import type { TierCapacity } from './capacity-report.js';

export interface SuggestedManifest {
  /** Where it goes: beside the sibling's file. */
  readonly file: string;
  readonly text: string;
  /** `Kind/name` of each document written. */
  readonly documents: readonly string[];
}

function numbered(name: string): { prefix: string; n: number } | undefined {
  const m = /^(.*?)(\d+)$/.exec(name);
  return m === null ? undefined : { prefix: m[1] as string, n: Number(m[2]) };
}

/** The next name of a series (`ig-1`, `ig-2` -> `ig-3`), or `fallback-N` when names are not numbered. */
export function nextName(existing: readonly string[], fallback: string): string {
  const taken = new Set(existing);
  const counts = new Map<string, number>();
  for (const name of existing) {
    const p = numbered(name);
    if (p !== undefined) counts.set(p.prefix, (counts.get(p.prefix) ?? 0) + 1);
  }
  const prefix = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? `${fallback}-`;
  let n = Math.max(0, ...existing.map(numbered).filter((p) => p?.prefix === prefix).map((p) => p!.n)) + 1;
  while (taken.has(`${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
}

function byNumberedName(a: string, b: string): number {
  const pa = numbered(a);
  const pb = numbered(b);
  if (pa !== undefined && pb !== undefined && pa.prefix === pb.prefix) return pa.n - pb.n;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `text` with each whole-word occurrence of a `from` replaced by its `to`. */
function renamed(text: string, swaps: readonly (readonly [string, string])[]): string {
  let out = text;
  for (const [from, to] of swaps) {
    const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, 'g'), to);
  }
  return out;
}

type Refs = ResourceRef | { readonly ids: readonly string[] };

function ref(r: Refs, swaps: readonly (readonly [string, string])[]): { yaml: string; copied: boolean } {
  if ('name' in r) return { yaml: JSON.stringify({ name: renamed(r.name, swaps) }), copied: renamed(r.name, swaps) === r.name };
  return { yaml: JSON.stringify(r), copied: true };
}

function infraGroupYaml(name: string, cell: string, sibling: InfraGroup, swaps: readonly (readonly [string, string])[]): string {
  const s: InfraGroupSpec = sibling.spec;
  const line = (field: string, r: Refs) => {
    const { yaml, copied } = ref(r, swaps);
    const why = copied ? `the same as ${sibling.spec.cell}/${sibling.name}'s` : `${sibling.spec.cell}/${sibling.name}'s with the name swapped`;
    return `  ${field}: ${yaml}   # TODO(review): ${why}; tiered references it, never creates it`;
  };
  return [
    'apiVersion: tiered.dev/v1alpha1',
    'kind: InfraGroup',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    `  tier: ${s.tier}`,
    `  cell: ${cell}`,
    line('vpc', s.vpc),
    line('subnets', s.subnets),
    line('securityGroups', s.securityGroups),
    `  listener: ${JSON.stringify(s.listener)}`,
    `  dnsWeight: ${s.dnsWeight}`,
  ].join('\n');
}

function header(report: TierCapacity): string[] {
  return [
    `# Suggested by \`tiered capacity\` for ${report.tier}: ${report.advice.text}.`,
    '# TODO(review): the references marked below are copied from a sibling so that this file validates',
    '# as written; create what they name in AWS (or point them at what exists) before merging.',
  ];
}

/** The manifest of the advice's InfraGroup or Cell, or undefined when it advises nothing. */
export function suggestedManifest(set: ManifestSet, report: TierCapacity): SuggestedManifest | undefined {
  const tier = report.tier;
  const advice = report.advice;
  if (advice.lever === 'none') return undefined;
  const cells = set.cells.filter((c) => c.spec.tier === tier);
  const groupsOf = (cell: string) => set.infraGroups.filter((g) => g.spec.tier === tier && g.spec.cell === cell).sort((a, b) => byNumberedName(a.name, b.name));
  const dirOf = (file: string) => (file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '');

  if (advice.lever === 'infra-group') {
    const siblings = groupsOf(advice.cell);
    const sibling = siblings[siblings.length - 1] ?? set.infraGroups.filter((g) => g.spec.tier === tier).sort((a, b) => byNumberedName(a.name, b.name)).at(-1);
    if (sibling === undefined) return undefined;
    const name = nextName(siblings.map((g) => g.name), 'ig');
    const swaps = [[sibling.name, name], [sibling.spec.cell, advice.cell]] as const;
    return {
      file: `${dirOf(sibling.source.file)}${tier}-${advice.cell}-${name}.yaml`,
      text: `${[...header(report), infraGroupYaml(name, advice.cell, sibling, swaps)].join('\n')}\n`,
      documents: [`InfraGroup/${name}`],
    };
  }

  // A new cell: the sibling whose account has the most ALB room, so that its first infra group
  // still fits there until the account is replaced.
  const room = (c: Cell) => {
    const r = report.cells.find((x) => x.cell === c.name);
    return r === undefined ? 0 : r.account.loadBalancers.limit - r.account.loadBalancers.used;
  };
  const template = [...cells].filter((c) => groupsOf(c.name).length > 0).sort((a, b) => room(b) - room(a) || byNumberedName(a.name, b.name))[0];
  const sibling = template === undefined ? undefined : groupsOf(template.name)[0];
  if (template === undefined || sibling === undefined) return undefined;
  const name = nextName(cells.map((c) => c.name), 'cell');
  const swaps = [[template.name, name]] as const;
  const cellYaml = [
    'apiVersion: tiered.dev/v1alpha1',
    'kind: Cell',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    `  tier: ${tier}`,
    `  accountId: "${template.spec.accountId}"   # TODO(review): the new account's id; ${template.name}'s until then, so in the same account this cell adds no quota`,
    `  roleArn: ${JSON.stringify(template.spec.roleArn)}   # TODO(review): the role tiered assumes in the new account`,
  ].join('\n');
  return {
    file: `${dirOf(template.source.file)}${tier}-${name}.yaml`,
    text: `${[...header(report), cellYaml, '---', infraGroupYaml(sibling.name, name, sibling, swaps)].join('\n')}\n`,
    documents: [`Cell/${name}`, `InfraGroup/${sibling.name}`],
  };
}
