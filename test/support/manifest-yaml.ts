// YAML documents many manifest tests share verbatim.

/** Cell cell-1 of tier-1 in account 111111111111, as a document to put after a `---`. */
export const CELL_1_YAML = `apiVersion: tiered.dev/v1alpha1
kind: Cell
metadata: {name: cell-1}
spec: {tier: tier-1, accountId: "111111111111", roleArn: "arn:aws:iam::111111111111:role/tiered"}`;
