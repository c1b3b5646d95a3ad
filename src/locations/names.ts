/**
 * Place names for search: how a name and a query are folded so that "sao paulo", "São Paulo"
 * and "SÃO PAULO" meet, which of a place's names are indexed, and how places that match alike
 * are ranked. The seed indexes names with these; a query folds its search term the same way.
 */

// Letters that Unicode does not decompose into a base letter plus a mark.
const letters: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ŋ: 'n',
  ħ: 'h',
};

/**
 * `name` folded for search: compatibility forms unfolded (full-width `Ｔｏｋｙｏ` is `tokyo`), lower
 * case, accents stripped from Latin, Greek and Cyrillic letters (elsewhere a mark is part of the
 * letter: Devanagari's vowel signs, kana's voicing marks), `ß` as `ss` and friends, and every run
 * of spaces and punctuation as one space ("St. Louis" is "st louis", "Saint-Louis" "saint louis").
 */
export function searchKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/([\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])\p{M}+/gu, '$1')
    .toLowerCase()
    .replace(/[ßæœøłđðþıŋħ]/g, (c) => letters[c] ?? c)
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .trim()
    .normalize('NFC');
}

/** The smallest string greater than every string that starts with `prefix` (for a range scan). */
export function prefixUpperBound(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}

/** Folded names longer than this are not indexed (a search is at most 100 characters). */
const MAX_KEY_LENGTH = 100;

export interface IndexedName {
  key: string;
  /** As written. */
  name: string;
  /** `code`: matched only by a search equal to it (db/schema.ts). */
  kind: 'name' | 'alternate' | 'code';
}

/**
 * The names of a place to index, once per folded form: its name first, then its ASCII name and
 * alternate names. Links are left out; codes (`MUC`, `NYC`: two to five capitals or digits) and
 * nothing else match only exactly, so that "mu" does not find every airport beginning with MU.
 */
export function indexedNames(place: { name: string; asciiName?: string; alternateNames?: readonly string[] }): IndexedName[] {
  const byKey = new Map<string, IndexedName>();
  const add = (name: string, isAlternate: boolean) => {
    if (/:\/\/|^www\.|\.(com|org|net|html?)$/i.test(name)) return;
    const key = searchKey(name);
    if (key === '' || key.length > MAX_KEY_LENGTH || /^\d+$/.test(key)) return;
    const kind = !isAlternate ? 'name' : /^[A-Z0-9]{2,5}$/.test(name) ? 'code' : 'alternate';
    const had = byKey.get(key);
    // A name beats a code of the same letters ("Ulm" the name over "ULM" the airport), and of
    // two alternate spellings the one with its accents is shown ("München" over "Munchen").
    const better =
      !had ||
      (had.kind === 'code' && kind !== 'code') ||
      (had.kind === kind && kind === 'alternate' && isPlain(had.name) && !isPlain(name));
    if (better) byKey.set(key, { key, name, kind });
  };
  add(place.name, false);
  if (place.asciiName) add(place.asciiName, false);
  for (const name of place.alternateNames ?? []) add(name, true);
  return [...byKey.values()];
}

const isPlain = (name: string) => /^[\x20-\x7e]*$/.test(name);

/** How much a capital (`PPLC`) and the seat of a first-order division (`PPLA`) are lifted over their population. */
const LIFT: Record<string, number> = { PPLC: 1.5, PPLA: 1.2 };

/** The rank of a place among those that match a search alike: its population, a little more for a capital or a seat. */
export function searchRank(population: number, featureCode: string): number {
  return Math.round(population * (LIFT[featureCode] ?? 1));
}
