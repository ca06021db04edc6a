// DNS names as tiered compares them: lowercase, no trailing dot, Route 53's octal escapes
// (`\052` for `*`) decoded, and the `dualstack.` prefix Route 53 adds to ALB alias targets gone.

export function normaliseDnsName(name: string): string {
  const decoded = name.replace(/\\(\d{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
  return decoded.toLowerCase().replace(/\.$/, '');
}

export function normaliseAliasTarget(name: string): string {
  return normaliseDnsName(name).replace(/^dualstack\./, '');
}
