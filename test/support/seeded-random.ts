// A deterministic replacement for Math.random, so jitter is repeatable in tests: the same
// mulberry32 stream the local proxy draws its fault decisions from.
export { seededRandom } from '../../src/local/proxy/random.js';
