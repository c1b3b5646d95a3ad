/**
 * The seeded database every integration test starts from, built once per `npm test` (jest's
 * globalSetup runs seed-template.ts) and copied into each suite's own temp folder.
 */

/** The instant tests pin "now" to: the day before Europe's spring DST switch (2026-03-29). */
export const TEST_NOW = '2026-03-28T12:00:00Z';

/** Places that get a forecast at seed time; the rest exercise read-through filling. */
export const TEST_SEED_FORECAST_PLACES = 300;

/** Set by globalSetup; jest's workers inherit the environment of the process that ran it. */
const TEMPLATE_ENV = 'SKYGRAPH_TEST_TEMPLATE';

export function templatePath(): string {
  const path = process.env[TEMPLATE_ENV];
  if (!path) throw new Error(`${TEMPLATE_ENV} is not set: run the tests through jest (npm test), whose globalSetup seeds it`);
  return path;
}
