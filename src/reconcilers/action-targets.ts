// Where an action's calls go. Creates, updates and adoptions carry their desired scope. A
// delete only has the live resource: its account and region come from its ARN (or from another
// action of the plan in the same account), its role from the plan's actions in that account;
// a DNS delete's zone is the longest known zone (from live lookups) that holds its name.
import type { AwsTarget } from '../aws/clients.js';
import { absoluteName } from '../aws/route53.js';
import type { Scope } from '../desired/topology/resource.js';
import { zoneLookupKey } from '../desired/topology/resource.js';
import type { Action } from '../plan/action.js';
import type { LiveState } from '../plan/live-resource.js';
import { ReconcileError } from './reconciler.js';

/** The region Route 53 (a global service) is called in. */
export const ROUTE53_REGION = 'us-east-1';

export type ActionTarget =
  | { readonly kind: 'account'; readonly target: AwsTarget }
  | { readonly kind: 'zone'; readonly zoneId: string; readonly target: AwsTarget };

export function bareZoneId(id: string): string {
  return id.replace(/^\/?hostedzone\//, '');
}

function regionOfArn(arn: string | undefined): string | undefined {
  const region = arn?.split(':')[3];
  return region === undefined || region === '' ? undefined : region;
}

export class ActionTargets {
  private readonly accountScopes = new Map<string, Extract<Scope, { kind: 'account' }>>();
  private readonly zoneRoles = new Map<string, string | undefined>();

  constructor(
    plan: readonly Action[],
    private readonly live: LiveState,
    private readonly accounts: ReadonlyMap<string, AwsTarget> = new Map(),
  ) {
    for (const a of plan) {
      if (a.action === 'delete') continue;
      const s = a.desired.scope;
      if (s.kind === 'account') this.accountScopes.set(s.account, s);
      else this.zoneRoles.set(this.zoneIdOf(s.zone) ?? '', s.roleArn);
    }
  }

  private zoneIdOf(zone: Extract<Scope, { kind: 'zone' }>['zone']): string | undefined {
    const found = this.live.lookups.get(zoneLookupKey(zone));
    if (typeof found === 'string') return bareZoneId(found);
    return 'id' in zone ? bareZoneId(zone.id) : undefined;
  }

  of(action: Action): ActionTarget {
    if (action.action !== 'delete') {
      const s = action.desired.scope;
      if (s.kind === 'account') return { kind: 'account', target: { region: s.region, roleArn: s.roleArn } };
      const zoneId = this.zoneIdOf(s.zone);
      if (zoneId === undefined) throw new ReconcileError('MissingReference', `hosted zone ${JSON.stringify(s.zone)} was not found`);
      return { kind: 'zone', zoneId, target: { region: ROUTE53_REGION, ...(s.roleArn === undefined ? {} : { roleArn: s.roleArn }) } };
    }
    const live = action.live;
    if (action.kind === 'dns-record' || action.kind === 'dns-ownership') {
      const name = live.spec['name'];
      const zoneId = this.zoneHolding(typeof name === 'string' ? name : '');
      const roleArn = this.zoneRoles.get(zoneId);
      return { kind: 'zone', zoneId, target: { region: ROUTE53_REGION, ...(roleArn === undefined ? {} : { roleArn }) } };
    }
    const given = live.account === undefined ? undefined : this.accounts.get(live.account);
    if (given !== undefined) return { kind: 'account', target: { ...given, region: regionOfArn(live.aws.arn) ?? given.region } };
    const scope = live.account === undefined ? undefined : this.accountScopes.get(live.account);
    const region = regionOfArn(live.aws.arn) ?? scope?.region;
    if (scope === undefined || region === undefined) {
      throw new ReconcileError(
        'UnknownAccount',
        `no role is known for account ${live.account ?? '?'} of ${action.key}: no desired resource of the plan lives there`,
      );
    }
    return { kind: 'account', target: { region, roleArn: scope.roleArn } };
  }

  /** The zone among live lookups whose name is the longest suffix of `recordName`. */
  private zoneHolding(recordName: string): string {
    const name = absoluteName(recordName);
    let best: { zone: string; id: string } | undefined;
    for (const [key, value] of this.live.lookups) {
      if (!key.startsWith('zone:') || typeof value !== 'string') continue;
      const zone = absoluteName(key.slice('zone:'.length));
      if ((name === zone || name.endsWith(`.${zone}`)) && (best === undefined || zone.length > best.zone.length)) best = { zone, id: value };
    }
    if (best === undefined) throw new ReconcileError('MissingReference', `no known hosted zone holds ${recordName}`);
    return bareZoneId(best.id);
  }
}
