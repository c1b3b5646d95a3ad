/**
 * Email addresses as account keys: trimmed and lower-cased, so "Ana@Example.com " and
 * "ana@example.com" are one account.
 */
import { badUserInput } from '../errors.js';
import { unsafeCharacter } from '../text.js';

const MAX_EMAIL_LENGTH = 254; // RFC 5321's limit on a forward path

/** The normalised address, or BAD_USER_INPUT when it cannot be an email address. */
export function normalizeEmail(input: string): string {
  const unsafe = unsafeCharacter(input);
  if (unsafe) throw badUserInput(`email must not contain control, bidirectional or invalid characters, got ${unsafe}`, 'email');
  const email = input.trim().normalize('NFC').toLowerCase();
  if (email.length > MAX_EMAIL_LENGTH || !/^[^\s@]+@[^\s@]+\.[^\s@.]+$/.test(email)) {
    throw badUserInput(`email must be an address such as "ana@example.com" of at most ${MAX_EMAIL_LENGTH} characters`, 'email');
  }
  return email;
}
