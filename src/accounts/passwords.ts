/**
 * Password hashing with Argon2id at OWASP's recommended cost (19 MiB, 2 passes, 1 lane): about
 * 40 ms here, memory-hard so that GPUs gain little. The PHC string keeps its own salt and
 * parameters, so the cost can be raised later without invalidating stored hashes.
 */
import argon2 from 'argon2';

export const MIN_PASSWORD_LENGTH = 10;
// Bounded so that nobody makes the server hash megabytes.
export const MAX_PASSWORD_LENGTH = 128;

const options = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

// How long a hash takes here, smoothed: what a refusal that needs no hash waits instead.
let typicalHashMs = 40;

/** An Argon2id PHC string of `password` with a fresh random salt. */
export async function hashPassword(password: string): Promise<string> {
  const started = performance.now();
  const hash = await argon2.hash(password, options);
  typicalHashMs = 0.8 * typicalHashMs + 0.2 * (performance.now() - started);
  return hash;
}

/**
 * Waits as long as a hash takes, without hashing: a sign-up refused for a taken email answers
 * no faster than one that hashed, and costs no CPU, so refusals cannot be used to burn it.
 */
export function spendHashTime(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, typicalHashMs));
}

/** Whether `password` matches `hash` (argon2 compares in constant time). */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let decoy: Promise<string> | undefined;

/**
 * Spends the time a real check would take, for a log-in whose email has no account, so that
 * response times do not tell which emails are registered.
 */
export async function verifyNothing(password: string): Promise<false> {
  await verifyPassword(await (decoy ??= hashPassword('decoy password, never matches')), password);
  return false;
}
