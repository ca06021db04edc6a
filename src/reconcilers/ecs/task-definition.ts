// A tenant's task definition family. Revisions are immutable: any change registers a new one
// (with our tags in the register call), and the family keeps at most the revision live services
// may still run plus the new one; older ACTIVE revisions are deregistered. Deleting the family
// deregisters every ACTIVE revision.
import type { LogConfiguration, RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import type { Reconciler, ActionEnv } from '../reconciler.js';
import { required, specToSend } from '../reconciler.js';
import type { ResolvedSpec } from '../resolved-fields.js';
import { list, num, obj, str, strs } from '../resolved-fields.js';
import { ecsTags } from './ecs-tags.js';

function logConfiguration(l: ResolvedSpec): LogConfiguration {
  const options = obj(l, 'options');
  return { logDriver: str(l, 'logDriver') as LogConfiguration['logDriver'], options: Object.fromEntries(Object.keys(options).map((k) => [k, str(options, k)])) };
}

export function registerTaskDefinitionInput(spec: ResolvedSpec, tags: Readonly<Record<string, string>>): RegisterTaskDefinitionCommandInput {
  const c = obj(spec, 'container');
  const env = obj(c, 'environment');
  const secrets = c['secrets'] === undefined ? {} : obj(c, 'secrets');
  return {
    family: str(spec, 'family'),
    requiresCompatibilities: strs(spec, 'requiresCompatibilities') as RegisterTaskDefinitionCommandInput['requiresCompatibilities'],
    networkMode: str(spec, 'networkMode') as RegisterTaskDefinitionCommandInput['networkMode'],
    cpu: String(num(spec, 'cpu')),
    memory: String(num(spec, 'memory')),
    taskRoleArn: str(spec, 'taskRoleArn'),
    executionRoleArn: str(spec, 'executionRoleArn'),
    containerDefinitions: [
      {
        name: str(c, 'name'),
        image: str(c, 'image'),
        essential: true,
        portMappings: list(c, 'portMappings').map((p) => ({
          containerPort: num(p, 'containerPort'),
          protocol: str(p, 'protocol') as 'tcp' | 'udp',
        })),
        environment: Object.keys(env).sort().map((name) => ({ name, value: str(env, name) })),
        ...(Object.keys(secrets).length > 0 && { secrets: Object.keys(secrets).sort().map((name) => ({ name, valueFrom: str(secrets, name) })) }),
        ...(c['logConfiguration'] !== undefined ? { logConfiguration: logConfiguration(obj(c, 'logConfiguration')) } : {}),
      },
    ],
    tags: ecsTags(tags),
  };
}

/** The family of a task definition ARN (`…:task-definition/{family}:{revision}`). */
export function familyOfArn(arn: string): string | undefined {
  return /:task-definition\/([^:]+):\d+$/.exec(arn)?.[1];
}

async function activeRevisions(env: ActionEnv, family: string): Promise<string[]> {
  const arns = await env.read(() => env.clients.ecs.listTaskDefinitions({ familyPrefix: family, status: 'ACTIVE' }));
  // familyPrefix is a prefix: `t-a` also lists `t-ab`.
  return arns.filter((a) => familyOfArn(a) === family);
}

async function deregister(env: ActionEnv, arns: readonly string[]): Promise<void> {
  for (const arn of arns) await env.mutate(() => env.clients.ecs.deregisterTaskDefinition(arn));
}

async function register(env: ActionEnv, spec: ResolvedSpec, tags: Readonly<Record<string, string>>): Promise<string> {
  const out = await env.mutate(() => env.clients.ecs.registerTaskDefinition(registerTaskDefinitionInput(spec, tags)));
  return required(out.taskDefinition?.taskDefinitionArn, 'taskDefinitionArn');
}

export const taskDefinitionReconciler: Reconciler = {
  async create(env, desired) {
    return { arn: await register(env, specToSend(env.store, desired), desired.tags) };
  },
  async update(env, action) {
    const spec = specToSend(env.store, action.desired);
    const arn = await register(env, spec, action.desired.tags);
    const keep = new Set([arn, action.live.attrs.arn]);
    await deregister(env, (await activeRevisions(env, str(spec, 'family'))).filter((a) => !keep.has(a)));
    return { arn };
  },
  async adopt(env, action) {
    // Revisions cannot be tagged after the fact in a way discovery trusts more than a fresh
    // revision with our tags, and registering is cheap: adoption registers ours.
    return { arn: await register(env, specToSend(env.store, action.desired), action.desired.tags) };
  },
  async delete(env, action) {
    // An older ACTIVE revision (a lost register answer's, or one a crash left) lives under the
    // name `family:revision` and goes alone; the family's own key takes every revision with it.
    const { name, arn } = action.live.aws;
    if (arn !== undefined && familyOfArn(arn) !== name) await deregister(env, [arn]);
    else await deregister(env, await activeRevisions(env, name));
  },
};
