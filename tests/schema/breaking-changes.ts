/**
 * What a schema change breaks for clients of the released schema, by @graphql-inspector/core's
 * criticality: a removed type, field, argument or enum value, a changed type, a new required
 * argument or input field break a client that uses them (BREAKING); additions, deprecations
 * and description changes do not. DANGEROUS changes (a new enum value, a changed default) do not
 * fail the check, but are listed: a client may still want to know.
 */
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';

export interface SchemaChanges {
  breaking: Change[];
  dangerous: Change[];
}

/** Compares two schemas' SDL, the released one first. */
export async function compareSchemas(released: string, current: string): Promise<SchemaChanges> {
  const changes = await diff(buildSchema(released), buildSchema(current));
  return {
    breaking: changes.filter((change) => change.criticality.level === CriticalityLevel.Breaking),
    dangerous: changes.filter((change) => change.criticality.level === CriticalityLevel.Dangerous),
  };
}

/** One line per change: what changed, where, and why it matters when the inspector says. */
export function describeChange(change: Change): string {
  const reason = change.criticality.reason ? ` (${change.criticality.reason})` : '';
  return `${change.path ?? change.type}: ${change.message}${reason}`;
}
