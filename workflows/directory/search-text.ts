/**
 * Folds Vietnamese text for search: lower case, diacritics removed (NFD, combining marks dropped),
 * đ → d, whitespace collapsed. `Xã Bình Đức` → `xa binh duc`, so `xa binh` and `Xã Bình` both match.
 * We keep this folded text in a column instead of relying on the `unaccent` extension, so search behaves
 * the same on every PostgreSQL (managed services do not all offer unaccent) and can be indexed.
 */
export function foldSearchText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
