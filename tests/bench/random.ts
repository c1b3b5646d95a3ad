/**
 * Seeded randomness for the benchmark's workload: the same seed gives the same sequence on every
 * machine and every run, so that contenders and runs see the very same requests.
 */

/** A generator of floats in [0, 1): mulberry32, 32 bits of state, plenty for choosing requests. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Ranks 0 … n-1 drawn with probability proportional to 1 / (rank + 1)^exponent: the first rank
 * (the most popular place) most often, the long tail rarely but surely. Drawing is a binary
 * search over the cumulative weights, computed once.
 */
export function zipf(n: number, exponent: number): (random: () => number) => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let rank = 0; rank < n; rank++) cumulative[rank] = total += 1 / (rank + 1) ** exponent;
  return (random) => {
    const target = random() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle]! <= target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

/** One of `items`, uniformly. */
export const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)]!;
