/**
 * The provider's request budget over a real SQLite file, opened twice as two processes would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase, type OpenedDatabase } from '../../db/open.js';
import { createProviderBudget, type ProviderBudget } from '../../src/forecasts/provider-budget.js';
import { createRateLimiter } from '../../src/rate-limit.js';

let dir: string;
let databases: OpenedDatabase[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'skygraph-budget-'));
  const path = join(dir, 'budget.db');
  databases = [openDatabase(path), openDatabase(path)];
});
afterAll(() => {
  for (const { sqlite } of databases) sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

const limits = { minute: 10, hour: 25, day: 40 };
let provider = 0;
/** A fresh budget on each of the two connections, under a provider name of its own. */
function budgets(): [ProviderBudget, ProviderBudget] {
  const name = `test-${++provider}`;
  const [a, b] = databases.map(({ db }) => createProviderBudget(createRateLimiter(db), name, limits));
  return [a!, b!];
}

const at = (iso: string) => Date.parse(iso);

describe('the provider budget', () => {
  it('spends within every window and refuses what would pass one, saying when it fits again', async () => {
    const [budget] = budgets();
    expect(await budget.spend(6, at('2026-12-02T10:00:10Z'))).toEqual({ granted: true });
    expect(await budget.spend(4, at('2026-12-02T10:00:20Z'))).toEqual({ granted: true });
    // The minute holds 10: one more waits until the first 6 leave it, at 10:01:10.
    expect(await budget.spend(1, at('2026-12-02T10:00:30Z'))).toEqual({ granted: false, retryAfterSeconds: 40 });
    expect(await budget.spend(6, at('2026-12-02T10:01:11Z'))).toEqual({ granted: true });
    expect(await budget.usage(at('2026-12-02T10:01:11Z'))).toEqual([
      { window: 'minute', used: 10, limit: 10 },
      { window: 'hour', used: 16, limit: 25 },
      { window: 'day', used: 16, limit: 40 },
    ]);
    // The hour holds 25: 16 spent, so 10 more does not fit even in a new minute.
    const refused = await budget.spend(10, at('2026-12-02T10:05:00Z'));
    expect(refused.granted).toBe(false);
    expect(refused.granted === false && refused.retryAfterSeconds).toBeGreaterThan(60);
  });

  it('is one budget for every process on the database, however they race', async () => {
    const [a, b] = budgets();
    const now = at('2026-12-02T11:00:00Z');
    const grants = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).spend(1, now)));
    expect(grants.filter((grant) => grant.granted)).toHaveLength(limits.minute);
    expect((await b.usage(now))[0]).toEqual({ window: 'minute', used: 10, limit: 10 });
  });

  it("after the provider's 429 for an hour, spends nothing until the next whole hour", async () => {
    const [a, b] = budgets();
    await a.exhaust('hour', at('2026-12-02T12:20:00Z'));
    const refused = await b.spend(1, at('2026-12-02T12:40:00Z'));
    expect(refused).toEqual({ granted: false, retryAfterSeconds: 20 * 60 });
    expect(await b.spend(1, at('2026-12-02T13:00:01Z'))).toEqual({ granted: true });
  });

  it('refuses a call heavier than its smallest window at once, rather than waiting for ever', async () => {
    const [budget] = budgets();
    await expect(budget.spend(11, at('2026-12-02T14:00:00Z'))).rejects.toThrow(/never fit a budget of 10/);
  });
});
