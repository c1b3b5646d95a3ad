/**
 * Folding and indexing place names: pure functions, no database.
 */
import { describe, expect, it } from '@jest/globals';
import { indexedNames, searchKey, searchRank } from '../src/locations/names.js';

describe('searchKey', () => {
  it.each([
    ['München', 'munchen'],
    ['SÃO PAULO', 'sao paulo'],
    ['Straße', 'strasse'],
    ['Tromsø', 'tromso'],
    ['Łódź', 'lodz'],
    ['St. Louis', 'st louis'],
    ['Saint-Louis', 'saint louis'],
    ["Val-d'Or", 'val d or'],
    ['  Rio   de Janeiro ', 'rio de janeiro'],
    ['ＴＯＫＹＯ', 'tokyo'],
    ['Москва', 'москва'],
    ['東京', '東京'],
  ])('folds %s to %s', (name, key) => {
    expect(searchKey(name)).toBe(key);
  });

  it('keeps the marks that are part of a letter outside Latin, Greek and Cyrillic', () => {
    // Devanagari's vowel signs: stripping them would make म्यूनिख (Munich) meet unrelated words.
    expect(searchKey('म्यूनिख')).toBe('म्यूनिख'.normalize('NFC'));
    // Kana's voicing mark: ド is not ト.
    expect(searchKey('ドレスデン')).not.toBe(searchKey('トレステン'));
  });
});

describe('indexedNames', () => {
  it('indexes each folded form once, the place name first, codes as exact-only and links not at all', () => {
    const names = indexedNames({
      name: 'Munich',
      asciiName: 'Munich',
      alternateNames: ['Munchen', 'München', 'MUC', 'Мюнхен', 'https://en.wikipedia.org/wiki/Munich', '80331', 'munich'],
    });
    expect(names).toEqual([
      { key: 'munich', name: 'Munich', kind: 'name' },
      { key: 'munchen', name: 'München', kind: 'alternate' },
      { key: 'muc', name: 'MUC', kind: 'code' },
      { key: 'мюнхен', name: 'Мюнхен', kind: 'alternate' },
    ]);
  });

  it('prefers a name to a code with the same letters', () => {
    expect(indexedNames({ name: 'Ulm', alternateNames: ['ULM'] })).toEqual([{ key: 'ulm', name: 'Ulm', kind: 'name' }]);
  });
});

describe('searchRank', () => {
  it('lifts capitals and first-order seats a little over their population', () => {
    expect(searchRank(1_000_000, 'PPL')).toBe(1_000_000);
    expect(searchRank(1_000_000, 'PPLA')).toBe(1_200_000);
    expect(searchRank(1_000_000, 'PPLC')).toBe(1_500_000);
  });
});
