// Pairing each desired resource with what is live: by key among our own resources (the way
// aws-load-balancer-controller's synthesizers match by identity tag), else by natural AWS
// identity among everything else, to adopt it or to report a conflict.
import type { DesiredResource } from '../desired/topology/resource.js';
import type { LiveResource, LiveState, TiedLiveResource } from './live-resource.js';

export interface LiveIndex {
  readonly ours: ReadonlyMap<string, TiedLiveResource>;
  readonly otherOwners: ReadonlyMap<string, TiedLiveResource>;
  /** By natural identity and by ARN: only a desired resource without a live one of ours is
   * looked up there, so they are built on first use (a no-op pass never needs them). */
  readonly byIdentity: () => ReadonlyMap<string, LiveResource>;
  readonly byArn: () => ReadonlyMap<string, LiveResource>;
  /** Listener rules tiered does not own, by their listener's ARN: what may route a tenant's
   * requests beside its own rule. */
  readonly rulesNotOursByListener: ReadonlyMap<string, readonly LiveResource[]>;
}

export function identityKey(kind: string, account: string | undefined, parentArn: string | undefined, name: string): string {
  return `${kind}|${account ?? ''}|${parentArn ?? ''}|${name}`;
}

export function indexLive(live: LiveState): LiveIndex {
  const ours = new Map<string, TiedLiveResource>();
  const otherOwners = new Map<string, TiedLiveResource>();
  const rulesNotOursByListener = new Map<string, LiveResource[]>();
  for (const r of live.resources) {
    if (r.kind === 'listener-rule' && r.ownership !== 'ours' && r.aws.parentArn !== undefined) {
      const rules = rulesNotOursByListener.get(r.aws.parentArn);
      if (rules === undefined) rulesNotOursByListener.set(r.aws.parentArn, [r]);
      else rules.push(r);
    }
    if (r.ownership === 'ours') ours.set(r.key, r);
    else if (r.ownership === 'other-owner') otherOwners.set(r.key, r);
  }
  return {
    ours,
    otherOwners,
    byIdentity: once(() => new Map(live.resources.map((r) => [identityKey(r.kind, r.account, r.aws.parentArn, r.aws.name), r]))),
    byArn: once(() => new Map(live.resources.flatMap((r) => (r.aws.arn !== undefined ? [[r.aws.arn, r] as const] : [])))),
    rulesNotOursByListener,
  };
}

function once<T>(make: () => T): () => T {
  let made: { readonly value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/** The live resource, not ours by key, that holds the desired resource's identity. `parentArn`
 * is the resolved parent (undefined while the parent is still to be created: nothing can hold
 * an identity under a parent that does not exist). */
export function holderOf(
  d: DesiredResource,
  index: LiveIndex,
  parentArn: string | undefined,
): LiveResource | undefined {
  const byKey = index.otherOwners.get(d.key);
  if (byKey !== undefined) return byKey;
  if (d.identity.arn !== undefined) return index.byArn().get(d.identity.arn);
  if (d.identity.parent !== undefined && parentArn === undefined) return undefined;
  const account = d.scope.kind === 'account' ? d.scope.account : undefined;
  const holder = index.byIdentity().get(identityKey(d.kind, account, parentArn, d.identity.name));
  // One of our own under another key is an orphan on its way out, not a conflict.
  return holder?.ownership === 'ours' ? undefined : holder;
}
