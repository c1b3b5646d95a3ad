/**
 * Folding place names for search, so that "sao paulo", "São Paulo" and "SAO PAULO" meet.
 * The seed stores the folded name; a query folds its search term the same way.
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

/** `name` lower-cased, without accents, with runs of spaces, hyphens and apostrophes folded to one space. */
export function searchKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþıŋħ]/g, (c) => letters[c] ?? c)
    .replace(/[\s\-'’ʼ`]+/g, ' ')
    .trim();
}

/** The smallest string greater than every string that starts with `prefix` (for a range scan). */
export function prefixUpperBound(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}
