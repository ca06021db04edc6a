// Which AWS operations read and which write: the lease fence lets a deposed leader read but
// never write, and local AWS counts mutating calls by the same rule.

/** Read-only operations whose names do not start with Describe/List/Get. */
const READ_ONLY = new Set(['AssumeRole', 'Query', 'Scan', 'BatchGetItem', 'TestDNSAnswer']);

/** Reads change nothing, so a deposed leader may still make them (AssumeRole included: it only
 * yields credentials). Every other operation (Create, Delete, Modify, Register, Set, Add,
 * Remove, Change, Update, ...) writes. The one classification of tiered and its local AWS. */
export function isReadOperation(operation: string): boolean {
  return /^(Describe|List|Get)/.test(operation) || READ_ONLY.has(operation);
}
