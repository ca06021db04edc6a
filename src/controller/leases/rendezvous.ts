// Rendezvous (highest-random-weight) scores of tier × replica: every replica computes the same
// score for a pair without talking to the others, so they agree on which replica a free tier
// prefers and which of its tiers a replica gives up first (docs/leases.md, "Sharing the fleet").
import { createHash } from 'node:crypto';

/** A stable score in [0, 2^48) of `replica` for `tier`; higher means more preferred. */
export function rendezvousScore(tier: string, replica: string): number {
  // A NUL cannot occur in a tier name or holder id, so distinct pairs hash distinct inputs.
  return createHash('sha256').update(`${tier}\0${replica}`).digest().readUIntBE(0, 6);
}
