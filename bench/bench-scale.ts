// How far the moto-backed scenarios are scaled down: `npm run bench -- --scale 0.2` or
// TIERED_BENCH_SCALE=0.2; 1 (1,000 tenants) when neither is given.
export function benchScale(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): number {
  const i = argv.indexOf('--scale');
  const raw = i >= 0 ? argv[i + 1] : env['TIERED_BENCH_SCALE'];
  if (raw === undefined) return 1;
  const scale = Number(raw);
  if (!(scale > 0 && scale <= 1)) throw new Error(`bench scale must be within (0, 1], got ${JSON.stringify(raw)}`);
  return scale;
}
