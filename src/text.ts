/**
 * Text that people write and others read back (emails, display names, favorite labels): stored
 * in Unicode NFC, and refused when it holds characters that hide, reorder or corrupt what is
 * shown: control characters (NUL included), bidirectional overrides and isolates (which make
 * "gpj.exe" read as "exe.jpg"), lone surrogates (not text at all; SQLite would store U+FFFD) and
 * noncharacters. Emoji, joiners and every script are fine.
 */
import { badUserInput } from './errors.js';

// \p{Cc}: C0 and C1 controls. U+200E/U+200F and U+061C are directional marks; U+202A-U+202E
// embeddings and overrides; U+2066-U+2069 isolates. \p{Cs}: a surrogate that is not half of a
// pair. U+FFFE/U+FFFF and U+FDD0-U+FDEF: noncharacters.
const UNSAFE = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\p{Cs}\uFDD0-\uFDEF\uFFFE\uFFFF]/u;

/** Why `text` cannot be shown as it is, or null when it can. */
export function unsafeCharacter(text: string): string | null {
  const match = UNSAFE.exec(text);
  if (!match) return null;
  const code = match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `U+${code}`;
}

/**
 * `input` trimmed and in NFC, or null when that leaves nothing; BAD_USER_INPUT when it holds an
 * unsafe character or is longer than `maxLength` characters.
 */
export function cleanText(input: string, argumentName: string, maxLength: number): string | null {
  const unsafe = unsafeCharacter(input);
  if (unsafe)
    throw badUserInput(`${argumentName} must not contain control, bidirectional or invalid characters, got ${unsafe}`, argumentName);
  const text = input.trim().normalize('NFC');
  if ([...text].length > maxLength)
    throw badUserInput(`${argumentName} must be at most ${maxLength} characters, got ${[...text].length}`, argumentName);
  return text || null;
}
