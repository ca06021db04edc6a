// YAML documents many manifest tests share verbatim.

/** Cell cell-1 of tier-1 in account 111111111111, as a document to put after a `---`. */
export const CELL_1_YAML = `apiVersion: tiered.dev/v1alpha1
kind: Cell
metadata: {name: cell-1}
spec: {tier: tier-1, accountId: "111111111111", roleArn: "arn:aws:iam::111111111111:role/tiered"}`;

/** Infra group ig-1 of tier-1/cell-1 on the VPC, subnets and security group local AWS's
 * bootstrap creates by name, with an HTTP listener (local AWS has no certificates). */
export const IG_1_YAML = `apiVersion: tiered.dev/v1alpha1
kind: InfraGroup
metadata: {name: ig-1}
spec:
  tier: tier-1
  cell: cell-1
  vpc: {name: tier-1-cell-1-ig-1}
  subnets: {name: tier-1-cell-1-ig-1-private}
  securityGroups: {name: tier-1-cell-1-ig-1-tasks}
  listener: {protocol: HTTP, port: 80}`;

/** tier-1 with cell-1/ig-1 and one tenant `acme` of two clusters, on local AWS's bootstrap. */
export function oneTenantSet(workload = '{image: app:1}'): string {
  return `apiVersion: tiered.dev/v1alpha1
kind: Tier
metadata: {name: tier-1}
spec:
  region: us-east-1
  dns: {zone: example.com, endpoint: tier-1.us-east-1.example.com}
  routing: {match: host}
  workload: ${workload}
---
${CELL_1_YAML}
---
${IG_1_YAML}
---
apiVersion: tiered.dev/v1alpha1
kind: Tenant
metadata: {name: acme}
spec: {tier: tier-1, clusters: 2}
`;
}
