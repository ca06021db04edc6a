// How an Application Load Balancer picks the rule a request meets (docs/design.md §11.5): rules in
// ascending priority, the first whose every condition matches wins. Within a condition any value
// may match; `*` matches any run of characters and `?` one; host names and header values match
// without regard to case, paths with it. Pure: used by `tiered verify` on rules read with
// DescribeRules, so no request is ever sent.

export interface SimulatedRequest {
  readonly host: string;
  readonly path: string;
  /** Header names in lowercase. */
  readonly headers: Readonly<Record<string, string>>;
}

/** A rule as live observation holds it (src/live/elbv2-specs.ts ruleBody). */
export interface SimulatedRule {
  readonly priority: number;
  readonly conditions: {
    readonly pathPattern?: readonly string[];
    readonly hostHeader?: readonly string[];
    readonly httpHeader?: { readonly name: string; readonly values: readonly string[] };
  };
}

function wildcard(pattern: string, value: string, ignoreCase: boolean): boolean {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, ignoreCase ? 'i' : '').test(value);
}

export function ruleMatches(rule: SimulatedRule, request: SimulatedRequest): boolean {
  const c = rule.conditions;
  if (c.hostHeader !== undefined && !c.hostHeader.some((p) => wildcard(p, request.host, true))) return false;
  if (c.pathPattern !== undefined && !c.pathPattern.some((p) => wildcard(p, request.path, false))) return false;
  if (c.httpHeader !== undefined) {
    const value = request.headers[c.httpHeader.name.toLowerCase()];
    if (value === undefined || !c.httpHeader.values.some((p) => wildcard(p, value, true))) return false;
  }
  return true;
}

/** The rule the listener would apply, or undefined for its default action. */
export function firstMatch<R extends SimulatedRule>(rules: readonly R[], request: SimulatedRequest): R | undefined {
  return [...rules].sort((a, b) => a.priority - b.priority).find((r) => ruleMatches(r, request));
}
