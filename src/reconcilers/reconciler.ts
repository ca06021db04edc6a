// What a per-kind reconciler is given and must do. Each kind implements create / update /
// adopt / delete; apply-plan.ts picks one by the action's verb and records the attributes a
// create, replacement or adoption returns for the actions that reference the resource.
import type { AwsClients } from '../aws/clients.js';
import type { AwsErrorCode } from '../aws/errors.js';
import { TAG } from '../desired/tags.js';
import { keyFromTags } from '../desired/topology/keys.js';
import type { DesiredResource } from '../desired/topology/resource.js';
import type { Action, AdoptAction, Change, DeleteAction, UpdateAction } from '../plan/action.js';
import type { AttrStore, Attrs } from './attr-store.js';
import type { ResolvedSpec } from './resolved-fields.js';

export interface ActionEnv {
  readonly action: Action;
  /** The clients of the action's account and region, acting as the cell's role. */
  readonly clients: AwsClients;
  readonly store: AttrStore;
  readonly instanceId: string;
  /** Runs one mutating call: the lease guard first, then the call, which the SDK retries on
   * throttles and transient faults; `settlingCodes` name states known to settle by themselves
   * (a target group still in use), which tiered waits out with its own bounded backoff. */
  mutate<T>(call: () => Promise<T>, settlingCodes?: readonly AwsErrorCode[]): Promise<T>;
  /** Runs one read (the SDK retries it on throttles and transient faults). */
  read<T>(call: () => Promise<T>): Promise<T>;
}

export interface Reconciler {
  create(env: ActionEnv, desired: DesiredResource): Promise<Attrs>;
  /** Fixes drift in place, or replaces when `action.replace`; returns the attributes now valid. */
  update(env: ActionEnv, action: UpdateAction): Promise<Attrs>;
  /** Tags a foreign resource with our identity, then fixes its drift. */
  adopt(env: ActionEnv, action: AdoptAction): Promise<Attrs>;
  delete(env: ActionEnv, action: DeleteAction): Promise<void>;
}

/** A failure tiered decides on itself (not an AWS answer), with a code for the outcome. */
export class ReconcileError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'ReconcileError';
  }
}

/** The desired spec as it is sent to AWS: every reference resolved from attributes this apply
 * knows (plan/diff.ts's planSpec keeps unknowns instead, for showing). */
export function specToSend(store: AttrStore, desired: DesiredResource): ResolvedSpec {
  return Object.fromEntries(Object.entries(desired.spec).map(([k, v]) => [k, store.resolve(v)]));
}

/** The top-level spec fields that drifted. */
export function driftedFields(changes: readonly Change[]): ReadonlySet<string> {
  return new Set(changes.map((c) => c.field.split('.')[0] as string));
}

/** Whether tags found on an existing AWS object prove it is the desired resource, made by us
 * (e.g. by a create whose answer a crash or a timeout lost). */
export function provesOurs(tags: Readonly<Record<string, string>>, desired: DesiredResource, instanceId: string): boolean {
  return tags[TAG.managedBy] === instanceId && keyFromTags(desired.kind, tags) === desired.key;
}

export function tagList(tags: Readonly<Record<string, string>>): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

export function required<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`AWS answered without ${what}`);
  return value;
}

/** The live ARN (or id) of a resource an update, adoption or delete acts on. */
export function liveArn(action: UpdateAction | AdoptAction | DeleteAction): string {
  return required(action.live.aws.arn ?? action.aws.arn, `the ARN of ${action.key}`);
}
