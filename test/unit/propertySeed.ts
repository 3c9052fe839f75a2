// Property tests run with a fixed seed so that CI is reproducible: a failure seen once is seen again on the
// next run. Set FC_SEED to explore other inputs locally; the seed in use is printed so any failure can be replayed.
import fc from 'fast-check';

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : 20261130;
fc.configureGlobal({ seed });
console.log(`[fast-check] seed ${seed}`);
