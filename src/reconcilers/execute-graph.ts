// Runs a dependency graph of actions: each starts once everything it depends on has succeeded,
// independent actions run concurrently within a bound per lane (one lane per AWS service, so
// that a burst of ECS work never starves Route 53's tighter budget), and a failure fails only
// what depends on it, transitively. The rest of the graph still runs (docs/design.md §7.4).

export interface GraphNode {
  readonly id: string;
  /** Ids this node needs to have succeeded first; ids not in the graph are taken as done. */
  readonly dependsOn: readonly string[];
  /** Concurrency lane, e.g. the AWS service the node calls. */
  readonly lane: string;
}

export type NodeOutcome =
  | { readonly status: 'succeeded' }
  | { readonly status: 'failed'; readonly error: unknown }
  /** Not run because a node it depends on failed or was skipped. */
  | { readonly status: 'skipped'; readonly blockedBy: string }
  /** Not run because the run was aborted before it could start. */
  | { readonly status: 'aborted' };

export interface ExecuteGraphOptions {
  /** Concurrency per lane; lanes not named get `defaultConcurrency`. */
  readonly laneConcurrency?: Readonly<Record<string, number>>;
  readonly defaultConcurrency?: number;
  /** Aborting stops new nodes from starting; nodes in flight get the signal too. */
  readonly signal?: AbortSignal;
  /** Called when a node settles, in completion order. */
  readonly onSettled?: (id: string, outcome: NodeOutcome) => void;
}

export class GraphCycleError extends Error {
  constructor(readonly cycle: readonly string[]) {
    super(`the action graph has a cycle: ${cycle.join(' -> ')}`);
    this.name = 'GraphCycleError';
  }
}

/** Throws GraphCycleError when the nodes' dependencies (within the graph) form a cycle. */
export function assertAcyclic(nodes: readonly GraphNode[]): void {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): void => {
    const s = state.get(id);
    if (s === 'done') return;
    if (s === 'visiting') {
      throw new GraphCycleError([...stack.slice(stack.indexOf(id)), id]);
    }
    state.set(id, 'visiting');
    stack.push(id);
    for (const dep of byId.get(id)?.dependsOn ?? []) if (byId.has(dep)) visit(dep);
    stack.pop();
    state.set(id, 'done');
  };
  for (const n of nodes) visit(n.id);
}

export async function executeGraph<N extends GraphNode>(
  nodes: readonly N[],
  run: (node: N, signal: AbortSignal | undefined) => Promise<void>,
  options: ExecuteGraphOptions = {},
): Promise<ReadonlyMap<string, NodeOutcome>> {
  assertAcyclic(nodes);
  const ids = new Set(nodes.map((n) => n.id));
  if (ids.size !== nodes.length) throw new Error('executeGraph: duplicate node ids');

  const outcomes = new Map<string, NodeOutcome>();
  const pendingDeps = new Map<string, Set<string>>();
  const dependents = new Map<string, string[]>();
  for (const n of nodes) {
    const deps = new Set(n.dependsOn.filter((d) => ids.has(d) && d !== n.id));
    pendingDeps.set(n.id, deps);
    for (const d of deps) {
      const list = dependents.get(d);
      if (list === undefined) dependents.set(d, [n.id]);
      else list.push(n.id);
    }
  }
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const ready: N[] = nodes.filter((n) => pendingDeps.get(n.id)?.size === 0);
  const running = new Map<string, number>();
  const limitOf = (lane: string): number =>
    Math.max(1, options.laneConcurrency?.[lane] ?? options.defaultConcurrency ?? 4);

  let inFlight = 0;
  let wake: (() => void) | undefined;

  const settle = (id: string, outcome: NodeOutcome): void => {
    outcomes.set(id, outcome);
    options.onSettled?.(id, outcome);
    for (const child of dependents.get(id) ?? []) {
      if (outcomes.has(child)) continue;
      if (outcome.status === 'succeeded') {
        const deps = pendingDeps.get(child)!;
        deps.delete(id);
        if (deps.size === 0) ready.push(byId.get(child)!);
      } else {
        settle(child, { status: 'skipped', blockedBy: outcome.status === 'skipped' ? outcome.blockedBy : id });
      }
    }
  };

  const start = (node: N): void => {
    inFlight++;
    running.set(node.lane, (running.get(node.lane) ?? 0) + 1);
    run(node, options.signal).then(
      () => settle(node.id, { status: 'succeeded' }),
      (error: unknown) => settle(node.id, { status: 'failed', error }),
    ).finally(() => {
      inFlight--;
      running.set(node.lane, (running.get(node.lane) ?? 1) - 1);
      wake?.();
    });
  };

  while (outcomes.size < nodes.length) {
    if (options.signal?.aborted) {
      ready.length = 0;
      if (inFlight === 0) break;
    }
    // Start every ready node whose lane has room, in the order they became ready.
    for (let i = 0; i < ready.length; ) {
      const node = ready[i]!;
      if ((running.get(node.lane) ?? 0) < limitOf(node.lane)) {
        ready.splice(i, 1);
        start(node);
      } else i++;
    }
    if (inFlight === 0 && ready.length === 0) break;
    await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  }
  for (const n of nodes) if (!outcomes.has(n.id)) outcomes.set(n.id, { status: 'aborted' });
  return outcomes;
}
