// Address ranges for bootstrapped networks: each VPC a free 10.N.0.0/16, each subnet a free /24
// inside its VPC. Only CIDRs of exactly these shapes are produced, so a textual comparison
// with the CIDRs already in use is enough.

export function freeVpcCidr(used: ReadonlySet<string>): string {
  for (let n = 0; n < 256; n++) {
    const cidr = `10.${n}.0.0/16`;
    if (!used.has(cidr)) return cidr;
  }
  throw new Error('local bootstrap: every 10.N.0.0/16 is taken (more than 256 VPCs)');
}

export function freeSubnetCidr(vpcCidr: string, used: readonly string[]): string {
  const match = /^(\d+)\.(\d+)\.0\.0\/16$/.exec(vpcCidr);
  if (match === null) throw new Error(`local bootstrap: cannot place subnets in VPC CIDR ${vpcCidr} (expected a /16)`);
  const taken = new Set(used);
  for (let k = 0; k < 256; k++) {
    const cidr = `${match[1]}.${match[2]}.${k}.0/24`;
    if (!taken.has(cidr)) return cidr;
  }
  throw new Error(`local bootstrap: VPC ${vpcCidr} has no free /24 left`);
}
