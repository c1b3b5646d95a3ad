import { describe, expect, it } from '@jest/globals';
import { pick, seededRandom, zipf } from './bench/random.js';

describe("the benchmark's seeded randomness", () => {
  it('gives the same sequence for the same seed and another for another seed, always in [0, 1)', () => {
    const draw = (seed: number) => Array.from({ length: 1_000 }, seededRandom(seed));
    expect(draw(42)).toEqual(draw(42));
    expect(draw(43)).not.toEqual(draw(42));
    expect(draw(42).every((x) => x >= 0 && x < 1)).toBe(true);
    // Not stuck in a corner of the interval.
    const mean = draw(7).reduce((a, b) => a + b, 0) / 1_000;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });

  it('draws rank r in proportion to 1 / (r + 1)^s, the first and the last rank included', () => {
    const n = 10;
    const draws = 200_000;
    const rank = zipf(n, 1);
    const random = seededRandom(1);
    const counts = new Array<number>(n).fill(0);
    for (let i = 0; i < draws; i++) counts[rank(random)]!++;
    const harmonic = Array.from({ length: n }, (_, r) => 1 / (r + 1)).reduce((a, b) => a + b, 0);
    counts.forEach((count, r) => {
      const expected = draws / (r + 1) / harmonic;
      expect(Math.abs(count - expected) / expected).toBeLessThan(0.05);
    });
  });

  it('makes a steeper exponent favour the first ranks more', () => {
    const share = (exponent: number) => {
      const rank = zipf(1_000, exponent);
      const random = seededRandom(2);
      let first = 0;
      for (let i = 0; i < 20_000; i++) if (rank(random) === 0) first++;
      return first / 20_000;
    };
    expect(share(1.2)).toBeGreaterThan(share(1) * 1.3);
  });

  it('picks every item of a list', () => {
    const random = seededRandom(3);
    const seen = new Set(Array.from({ length: 200 }, () => pick(['a', 'b', 'c'], random)));
    expect(seen).toEqual(new Set(['a', 'b', 'c']));
  });
});
