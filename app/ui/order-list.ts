// The orders list: each order's standing for the signed-in user (open, closed for them, closed
// definitively) and the search over names and territory.

export type Standing = 'open' | 'closed-for-you' | 'closed';

/** The definitive close wins; otherwise the user's own binding says whether it is closed for them. */
export function standingOf(status: string, own: { closed: boolean } | undefined): Standing {
  if (status === 'closed') return 'closed';
  return own?.closed ? 'closed-for-you' : 'open';
}

/** Closed orders, for everyone or for this user, are history: read-only. */
export const inHistory = (standing: Standing): boolean => standing !== 'open';

/**
 * Text folded for search: lower case, without Polish diacritics, so "lodz" finds "łódzkie" (a
 * tablet keyboard makes "ł" a long press). "ł" has no decomposition, hence its own replacement.
 */
export function foldForSearch(text: string): string {
  return text
    .toLocaleLowerCase('pl')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ł/g, 'l')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Does every word of `query` occur in one of `texts`? An empty query matches everything. */
export function matchesSearch(texts: readonly string[], query: string): boolean {
  const words = foldForSearch(query).split(' ').filter(Boolean);
  if (words.length === 0) return true;
  const haystack = foldForSearch(texts.join(' '));
  return words.every((word) => haystack.includes(word));
}
