import { describe, expect, it } from '@jest/globals';
import { cleanText, unsafeCharacter } from '../src/text.js';

describe('text people write for others to read', () => {
  it.each([
    ['NUL', 'Ana\u0000'],
    ['a tab', 'Ana\tB'],
    ['a C1 control', 'Ana\u0085'],
    ['a right-to-left override', 'gpj\u202Eexe'],
    ['a bidi isolate', '\u2067Ana'],
    ['a directional mark', 'Ana\u200F'],
    ['a lone high surrogate', 'Ana\uD83D'],
    ['a lone low surrogate', '\uDE00Ana'],
    ['a noncharacter', 'Ana\uFFFF'],
  ])('refuses %s', (_what, text) => {
    expect(unsafeCharacter(text)).toMatch(/^U\+[0-9A-F]{4}$/);
    expect(() => cleanText(text, 'label', 50)).toThrow(/label must not contain control, bidirectional or invalid characters, got U\+/);
  });

  it.each([
    ['emoji with joiners', '👩‍👩‍👧 Home'],
    ['a flag', '🇩🇪'],
    ['right-to-left script', 'תל אביב'],
    ['CJK', '東京の家'],
    ['SQL metacharacters', "'; drop table accounts; --"],
  ])('keeps %s', (_what, text) => {
    expect(cleanText(text, 'label', 50)).toBe(text.normalize('NFC'));
  });

  it('trims, composes to NFC and counts characters, not UTF-16 units', () => {
    expect(cleanText('  Cafe\u0301  ', 'label', 50)).toBe('Café');
    expect(cleanText('😀'.repeat(50), 'label', 50)).toBe('😀'.repeat(50));
    expect(() => cleanText('😀'.repeat(51), 'label', 50)).toThrow('label must be at most 50 characters, got 51');
    expect(cleanText('   ', 'label', 50)).toBeNull();
  });
});
