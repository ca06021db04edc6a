// Docker cannot run here, so the deployment artifacts are checked by reading them: what the
// Dockerfile copies exists and passes .dockerignore, it starts the built CLI, and the JSON
// documents agree with it and with the ownership-tag contract.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { TAG } from '../../../src/desired/tags.js';

// dist/test/unit/deploy/ -> the repository root.
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const read = (rel: string): string => readFileSync(join(ROOT, rel), 'utf8');
const json = <T>(rel: string): T => JSON.parse(read(rel)) as T;

interface Instruction {
  readonly op: string;
  readonly args: string;
  readonly stage: string;
}

/** Dockerfile instructions with continuation lines joined and comments dropped. */
function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  let stage = '';
  for (const line of text.replace(/\\\n/g, ' ').split('\n')) {
    const m = /^\s*([A-Z]+)\s+(.*)$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    const [, op, args] = m as unknown as [string, string, string];
    if (op === 'FROM') stage = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? '';
    out.push({ op, args: args.trim(), stage });
  }
  return out;
}

const dockerfile = instructions(read('Dockerfile'));
const runtime = dockerfile.filter((i) => i.stage === 'runtime');
const execForm = (op: string): string[] => JSON.parse(runtime.find((i) => i.op === op)!.args) as string[];

test('every file the Dockerfile copies from the context exists and is not excluded by .dockerignore', () => {
  const allowed = read('.dockerignore')
    .split('\n')
    .filter((l) => l.startsWith('!'))
    .map((l) => l.slice(1).replace(/\/$/, ''));
  const copies = dockerfile.filter((i) => i.op === 'COPY' && !i.args.startsWith('--from'));
  assert.ok(copies.length > 0);
  for (const { args } of copies) {
    const sources = args.split(/\s+/).slice(0, -1);
    for (const source of sources) {
      assert.ok(existsSync(join(ROOT, source)), `COPY ${source}: no such file`);
      assert.ok(allowed.some((a) => source === a || source.startsWith(`${a}/`)), `COPY ${source}: excluded by .dockerignore`);
    }
  }
});

test('the image starts the built CLI: ENTRYPOINT is the compiled main, the same as the package bin', () => {
  const [node, main] = execForm('ENTRYPOINT');
  assert.equal(node, 'node');
  assert.equal(main, 'dist/src/cli/main.js');
  assert.equal(json<{ bin: Record<string, string> }>('package.json').bin.tiered, main);
  assert.ok(existsSync(join(ROOT, main)), 'tsc emits src/cli/main.ts there');
  assert.deepEqual(execForm('CMD'), ['run', '--manifests', '/manifests']);
});

test('the runtime stage installs production dependencies only and runs as a non-root user', () => {
  const runs = runtime.filter((i) => i.op === 'RUN').map((i) => i.args);
  assert.ok(runs.some((r) => /npm ci --omit=dev/.test(r)));
  const user = runtime.filter((i) => i.op === 'USER').at(-1)?.args;
  assert.ok(user !== undefined && user !== 'root' && user !== '0', `USER ${user}`);
  assert.match(dockerfile[0]!.args, /^NODE_IMAGE=node:20-[a-z]+-slim$/, 'a maintained Node 20 LTS slim base');
});

test('the health check probes /healthz with node, the same probe as the ECS task definition', () => {
  const check = runtime.find((i) => i.op === 'HEALTHCHECK')!.args;
  const probe = JSON.parse(check.slice(check.indexOf('CMD') + 3).trim()) as string[];
  assert.deepEqual(probe.slice(0, 2), ['node', '-e']);
  assert.match(probe[2]!, /http:\/\/127\.0\.0\.1:8080\/healthz/);
  assert.doesNotThrow(() => new Script(probe[2]!), 'the probe is valid JavaScript');
  const task = json<{ containerDefinitions: { name: string; healthCheck?: { command: string[] }; command?: string[] }[] }>(
    'deploy/ecs-task-definition.json',
  );
  const tiered = task.containerDefinitions.find((c) => c.name === 'tiered')!;
  assert.deepEqual(tiered.healthCheck?.command, ['CMD', ...probe]);
  assert.equal(tiered.command?.[0], 'run');
});

interface Statement {
  readonly Sid: string;
  readonly Action: string | string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

test('every ELB, ECS, EC2, Logs, Application Auto Scaling and CloudWatch write in the IAM policy is bound to the ownership tag or to a create action', () => {
  const policy = json<{ Statement: Statement[] }>('deploy/iam-policy.json');
  // Writes AWS cannot condition on tags: each is a statement of its own, named for why.
  const documented = new Set(['DeregisterTaskDefinitionHasNoResourceLevelPermissions', 'CreateVpcEndpointInReferencedNetworks']);
  const isWrite = (a: string) => /^(elasticloadbalancing|ecs|ec2|logs|application-autoscaling|cloudwatch):/.test(a) && !/:(Describe|List|Get)/.test(a);
  for (const s of policy.Statement) {
    const actions = ([] as string[]).concat(s.Action);
    if (!actions.some(isWrite) || documented.has(s.Sid)) continue;
    const keys = Object.values(s.Condition ?? {}).flatMap((c) => Object.keys(c));
    const bound =
      keys.includes(`aws:ResourceTag/${TAG.managedBy}`) ||
      keys.includes(`aws:RequestTag/${TAG.managedBy}`) ||
      keys.some((k) => k.endsWith(':CreateAction'));
    assert.ok(bound, `${s.Sid}: ${actions.join(', ')} unconditioned`);
  }
});
