// A create refused because its name (or port, or priority) is taken may be refused by our own
// earlier create, whose answer a crash or a timeout lost. The object in the way is ours only if
// its tags say so; then the create's work is done, else it stops with the create's refusal.
import { tagRecord } from '../aws/tag-record.js';
import type { DesiredResource } from '../desired/topology/resource.js';
import type { ActionEnv } from './reconciler.js';
import { provesOurs, ReconcileError } from './reconciler.js';

/** What stands where a refused create wanted to put its resource. */
export interface InTheWay<T> {
  readonly found: T;
  readonly tags: Readonly<Record<string, string>>;
}

/** Why the create was refused, to report when what stands in the way is not ours. */
export interface Refusal {
  readonly code: string;
  readonly message: string;
}

/** The object in the way when its tags prove it is the desired resource, made by us. */
export function existingOurs<T>(env: ActionEnv, desired: DesiredResource, inTheWay: InTheWay<T> | undefined, refusal: Refusal): T {
  if (inTheWay === undefined || !provesOurs(inTheWay.tags, desired, env.instanceId)) {
    throw new ReconcileError(refusal.code, refusal.message);
  }
  return inTheWay.found;
}

/** An ELBv2 object found by a read, with its tags (ELBv2 describes tags apart). */
export async function elbv2InTheWay<T>(env: ActionEnv, found: T | undefined, arn: string | undefined): Promise<InTheWay<T> | undefined> {
  if (found === undefined || arn === undefined) return undefined;
  const [tags] = await env.read(() => env.clients.elbv2.describeTags([arn]));
  return { found, tags: tagRecord(tags?.Tags) };
}
