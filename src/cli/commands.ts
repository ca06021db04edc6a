// The table of subcommands. Each lives in its own file and returns the process exit code.
import { loadLocalAwsModule } from './local-aws-module.js';
import { runPlacement } from './placement.js';
import { runValidate } from './validate.js';

export interface Command {
  readonly summary: string;
  run(argv: string[]): Promise<number>;
}

export const commands: Record<string, Command> = {
  validate: { summary: 'check a manifest directory: schemas and whole-set rules', run: runValidate },
  placement: { summary: 'where each tenant would be placed, and the fill of every infra group', run: runPlacement },
  capacity: { summary: 'per tier, the use of every account quota and ALB limit, room for more tenants, and whether to add an infra group or a cell', run: async (argv) => (await import('./capacity.js')).runCapacity(argv) },
  'iam-policy': { summary: "the controller's least-privilege IAM policy for a manifest directory", run: async (argv) => (await import('./iam-policy.js')).runIamPolicy(argv) },
  local: { summary: 'local AWS (moto + counting/fault proxy), optionally bootstrapped from manifests', run: async (argv) => (await loadLocalAwsModule(() => import('./local.js'))).runLocal(argv) }, // lazy: the AWS SDK takes seconds to load, and local AWS may not be installed
  plan: { summary: 'the drift report: what apply would change (exit 0 in sync, 2 changes pending, 1 error)', run: async (argv) => (await import('./plan.js')).runPlan(argv) },
  apply: { summary: 'apply the plan: converge AWS to the manifests', run: async (argv) => (await import('./apply.js')).runApply(argv) },
  verify: { summary: 'read-only checks of live AWS against the manifests: DNS, rule matching, endpoints, alarms (exit 0 all pass, 1 any fails)', run: async (argv) => (await import('./verify.js')).runVerify(argv) },
  get: { summary: 'a table of tenants, infra groups or tiers from the manifests and live AWS (state: in-sync, drift, moving, unschedulable, suspended)', run: async (argv) => (await import('./get.js')).runGet(argv) },
  describe: { summary: 'one tenant in full: its resources with AWS names and ARNs, live against desired, recent ECS service events', run: async (argv) => (await import('./describe.js')).runDescribe(argv) },
  run: { summary: 'the long-running controller: watch manifests (a directory or git), keep every tier converged', run: async (argv) => (await import('./run.js')).runRun(argv) },
};
