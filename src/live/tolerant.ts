// Batched describes by identifier fail as a whole when one identifier is gone (ELBv2 answers
// TargetGroupNotFound for the batch). The Tagging API is eventually consistent, so a resource
// deleted a moment ago may still be listed: retry that batch one by one and skip the missing.
import { classifyAwsError } from '../aws/errors.js';

export async function describeSkippingMissing<T>(
  ids: readonly string[],
  describe: (ids: readonly string[]) => Promise<T[]>,
): Promise<T[]> {
  if (ids.length === 0) return [];
  try {
    return await describe(ids);
  } catch (err) {
    if (classifyAwsError(err) !== 'not-found' || ids.length === 1) {
      if (classifyAwsError(err) === 'not-found') return [];
      throw err;
    }
  }
  const out: T[] = [];
  for (const id of ids) out.push(...(await describeSkippingMissing([id], describe)));
  return out;
}
