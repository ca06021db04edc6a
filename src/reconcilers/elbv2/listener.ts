// The infra group's one listener: its default action answers a request for a tenant this ALB
// does not host with a fixed 404 naming the tenant endpoint. Everything tiered sets is
// changeable in place with one ModifyListener.
import type { Action as ElbAction, CreateListenerCommandInput, ModifyListenerCommandInput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { isAwsError } from '../../aws/errors.js';
import type { DesiredResource } from '../../desired/topology/resource.js';
import type { Attrs } from '../attr-store.js';
import type { ActionEnv, Reconciler } from '../reconciler.js';
import { liveArn, required, specToSend, tagList } from '../reconciler.js';
import { elbv2InTheWay, existingOurs } from '../existing-ours.js';
import type { ResolvedSpec } from '../resolved-fields.js';
import { num, obj, optStr, str } from '../resolved-fields.js';

export function defaultActions(spec: ResolvedSpec): ElbAction[] {
  const a = obj(spec, 'defaultAction');
  return [
    {
      Type: 'fixed-response',
      FixedResponseConfig: { StatusCode: str(a, 'statusCode'), ContentType: str(a, 'contentType'), MessageBody: str(a, 'messageBody') },
    },
  ];
}

function listenerFields(spec: ResolvedSpec): Omit<ModifyListenerCommandInput, 'ListenerArn'> & { DefaultActions: ElbAction[] } {
  const cert = optStr(spec, 'certificateArn');
  return {
    Protocol: str(spec, 'protocol') as ModifyListenerCommandInput['Protocol'],
    Port: num(spec, 'port'),
    ...(cert === undefined ? {} : { Certificates: [{ CertificateArn: cert }] }),
    DefaultActions: defaultActions(spec),
  };
}

export function createListenerInput(loadBalancerArn: string, spec: ResolvedSpec, tags: Readonly<Record<string, string>>): CreateListenerCommandInput {
  return { LoadBalancerArn: loadBalancerArn, ...listenerFields(spec), Tags: tagList(tags) };
}

export function modifyListenerInput(listenerArn: string, spec: ResolvedSpec): ModifyListenerCommandInput {
  return { ListenerArn: listenerArn, ...listenerFields(spec) };
}

function parentArn(env: ActionEnv, desired: DesiredResource): string {
  return env.store.attr(required(desired.identity.parent, `the load balancer of ${desired.key}`));
}

/** The listener on our port that a lost create answer left: ours only if tagged ours. */
async function existingListener(env: ActionEnv, desired: DesiredResource, lbArn: string, port: number): Promise<string> {
  const listeners = await env.read(() => env.clients.elbv2.describeListeners({ loadBalancerArn: lbArn }));
  const arn = listeners.find((l) => l.Port === port)?.ListenerArn;
  const inTheWay = await elbv2InTheWay(env, arn, arn);
  return existingOurs(env, desired, inTheWay, { code: 'DuplicateListener', message: `port ${port} of ${lbArn} holds a listener that is not ours` });
}

export const listenerReconciler: Reconciler = {
  async create(env, desired) {
    const spec = specToSend(env.store, desired);
    const lbArn = parentArn(env, desired);
    try {
      const out = await env.mutate(() => env.clients.elbv2.createListener(createListenerInput(lbArn, spec, desired.tags)));
      return { arn: required(out.Listeners?.[0]?.ListenerArn, 'ListenerArn') };
    } catch (err) {
      if (!isAwsError(err, 'DuplicateListener')) throw err;
      const arn = await existingListener(env, desired, lbArn, num(spec, 'port'));
      await env.mutate(() => env.clients.elbv2.modifyListener(modifyListenerInput(arn, spec)));
      return { arn };
    }
  },
  async update(env, action) {
    const arn = liveArn(action);
    await env.mutate(() => env.clients.elbv2.modifyListener(modifyListenerInput(arn, specToSend(env.store, action.desired))));
    return action.live.attrs;
  },
  async adopt(env, action) {
    const arn = liveArn(action);
    await env.mutate(() => env.clients.elbv2.addTags({ ResourceArns: [arn], Tags: tagList(action.desired.tags) }));
    if (action.changes.length > 0) {
      await env.mutate(() => env.clients.elbv2.modifyListener(modifyListenerInput(arn, specToSend(env.store, action.desired))));
    }
    return { ...action.live.attrs, arn } satisfies Attrs;
  },
  async delete(env, action) {
    try {
      await env.mutate(() => env.clients.elbv2.deleteListener(liveArn(action)));
    } catch (err) {
      if (!isAwsError(err, 'ListenerNotFound')) throw err;
    }
  },
};
