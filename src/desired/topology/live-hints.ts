// The little the topology needs from live state besides placement (which arrives through
// PlacementResult): the priorities rules already hold, so that they never move.

export interface ListenerPriorities {
  /** Our rules on this listener: rule key -> live priority (kept as long as the rule lives). */
  readonly ours: ReadonlyMap<string, number>;
  /** Priorities held by rules that are not ours (foreign or another owner), or whose owner a
   * scoped observation did not read: never reused. */
  readonly taken: readonly number[];
}

export interface LiveHints {
  /** By infra group key string (`tier/cell/infraGroup`, model.ts infraGroupKeyString). */
  readonly priorities: ReadonlyMap<string, ListenerPriorities>;
}

export const NO_HINTS: LiveHints = { priorities: new Map() };
