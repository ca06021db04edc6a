// What the diff's walk knows of each desired key's attributes (ARN, DNS name, id) while it
// plans: a resource of ours that stays keeps its live attributes, an adopted one takes the
// holder's, a replaced or missing one has none until apply makes it. The walk visits desired
// resources in dependency order, so a reference is only ever asked about after its resource
// was planned. Our live resources are read through, not copied into a map of their own: every
// pass walks all of them (bench scenario 4).
import type { RefAttr } from '../desired/topology/resource.js';
import type { TiedLiveResource } from './live-resource.js';
import type { KnownAttrs } from './resolve.js';

type Attrs = Readonly<Partial<Record<RefAttr, string>>>;

export class WalkKnown implements KnownAttrs {
  private readonly adopted = new Map<string, Attrs>();
  private readonly replaced = new Set<string>();

  constructor(private readonly ours: ReadonlyMap<string, TiedLiveResource>) {}

  get(key: string): Attrs | undefined {
    if (this.replaced.size > 0 && this.replaced.has(key)) return undefined;
    return this.ours.get(key)?.attrs ?? this.adopted.get(key);
  }

  /** Our live resource of `key` is replaced: what points at it waits for the new one. */
  replace(key: string): void {
    this.replaced.add(key);
  }

  /** A resource not ours is adopted under `key`: it keeps its identity and attributes. */
  adopt(key: string, attrs: Attrs): void {
    this.adopted.set(key, attrs);
  }
}
