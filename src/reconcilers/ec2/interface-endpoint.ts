// A VPC interface endpoint (PrivateLink) to one downstream of the tier. Created with a
// deterministic ClientToken and our tags in the create call; subnets and security groups are
// changed in place by difference; DeleteVpcEndpoints reports failures per item, not as an error.
import type { CreateVpcEndpointCommandInput, ModifyVpcEndpointCommandInput, UnsuccessfulItem } from '@aws-sdk/client-ec2';
import { clientToken } from '../../desired/naming.js';
import type { Spec } from '../../desired/topology/resource.js';
import type { Reconciler } from '../reconciler.js';
import { driftedFields, ReconcileError, required, specToSend, tagList } from '../reconciler.js';
import type { ResolvedSpec } from '../resolved-fields.js';
import { str, strs } from '../resolved-fields.js';

export function createVpcEndpointInput(key: string, spec: ResolvedSpec, tags: Readonly<Record<string, string>>): CreateVpcEndpointCommandInput {
  return {
    VpcEndpointType: str(spec, 'type') as CreateVpcEndpointCommandInput['VpcEndpointType'],
    VpcId: str(spec, 'vpcId'),
    ServiceName: str(spec, 'serviceName'),
    SubnetIds: strs(spec, 'subnetIds'),
    SecurityGroupIds: strs(spec, 'securityGroupIds'),
    ClientToken: clientToken(`interface-endpoint|${key}`),
    TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: tagList(tags) }],
  };
}

function liveIds(live: Spec, field: string): string[] {
  const v = live[field];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The add/remove lists that turn the live subnets and security groups into the desired ones;
 * undefined when they already match. */
export function modifyVpcEndpointInput(endpointId: string, desired: ResolvedSpec, live: Spec): ModifyVpcEndpointCommandInput | undefined {
  const diff = (field: string) => {
    const want = new Set(strs(desired, field));
    const have = new Set(liveIds(live, field));
    return { add: [...want].filter((x) => !have.has(x)).sort(), remove: [...have].filter((x) => !want.has(x)).sort() };
  };
  const subnets = diff('subnetIds');
  const groups = diff('securityGroupIds');
  const input: ModifyVpcEndpointCommandInput = {
    VpcEndpointId: endpointId,
    ...(subnets.add.length > 0 ? { AddSubnetIds: subnets.add } : {}),
    ...(subnets.remove.length > 0 ? { RemoveSubnetIds: subnets.remove } : {}),
    ...(groups.add.length > 0 ? { AddSecurityGroupIds: groups.add } : {}),
    ...(groups.remove.length > 0 ? { RemoveSecurityGroupIds: groups.remove } : {}),
  };
  return Object.keys(input).length > 1 ? input : undefined;
}

/** The per-item failures of a delete, as an error; a gone endpoint is not a failure. */
export function deleteFailure(unsuccessful: readonly UnsuccessfulItem[]): ReconcileError | undefined {
  const real = unsuccessful.filter((u) => !/NotFound/.test(u.Error?.Code ?? ''));
  const first = real[0];
  if (first === undefined) return undefined;
  return new ReconcileError(first.Error?.Code ?? 'Unsuccessful', `${first.ResourceId ?? 'endpoint'}: ${first.Error?.Message ?? 'not deleted'}`);
}

function endpointId(action: { readonly live: { readonly aws: { readonly id?: string; readonly arn?: string } }; readonly key: string }): string {
  return required(action.live.aws.id, `the endpoint id of ${action.key}`);
}

export const interfaceEndpointReconciler: Reconciler = {
  async create(env, desired) {
    const input = createVpcEndpointInput(desired.key, specToSend(env.store, desired), desired.tags);
    const out = await env.mutate(() => env.clients.ec2.createVpcEndpoint(input));
    return { id: required(out.VpcEndpoint?.VpcEndpointId, 'VpcEndpointId') };
  },
  async update(env, action) {
    if (action.replace) {
      throw new ReconcileError('ReplacementRefused', `endpoint ${action.aws.name} would need replacing (${[...driftedFields(action.changes)].join(', ')} changed)`);
    }
    const input = modifyVpcEndpointInput(endpointId(action), specToSend(env.store, action.desired), action.live.spec);
    if (input !== undefined) await env.mutate(() => env.clients.ec2.modifyVpcEndpoint(input));
    return action.live.attrs;
  },
  async adopt(env, action) {
    const id = endpointId(action);
    await env.mutate(() => env.clients.ec2.createTags({ Resources: [id], Tags: tagList(action.desired.tags) }));
    const input = modifyVpcEndpointInput(id, specToSend(env.store, action.desired), action.live.spec);
    if (input !== undefined) await env.mutate(() => env.clients.ec2.modifyVpcEndpoint(input));
    return { ...action.live.attrs, id };
  },
  async delete(env, action) {
    const failure = deleteFailure(await env.mutate(() => env.clients.ec2.deleteVpcEndpoints([endpointId(action)])));
    if (failure !== undefined) throw failure;
  },
};
