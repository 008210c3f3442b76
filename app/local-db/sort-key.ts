// Sort keys for IndexedDB: plain code-unit order of sortKey(a), sortKey(b) = Intl.Collator('pl', { numeric: true }).
//
// IndexedDB orders string keys by UTF-16 code units; the records table sorts with the Polish collator
// (app/ui/components/records-table.tsx). A key stored beside each record lets a page be read from an index.
//
// Key layout (every unit is valid UTF-16 below U+D800; no U+0000):
//   primary units · SEP · secondary units · SEP · tertiary units   (trailing SEPs dropped)
// SEP (U+0001) is lower than every weight, so a shorter level sorts first, as in ICU.
// - Primary: one unit per character, its rank among the primary groups of a repertoire (Latin-1,
//   Latin Extended-A, ș ț, general punctuation, currency, controls) found at module load by sorting it
//   with the engine's own Intl.Collator('pl') and splitting groups with sensitivity 'base'. Nothing
//   about the Polish alphabet is written here. A run of decimal digits (any script, as ICU) is
//   NUM · length · value in 4-digit units, leading zeros dropped (ICU ignores them: "07" == "7"), and a
//   run longer than 254 significant digits is split as ICU does (CollationIterator::appendNumericCEs).
//   A character outside the repertoire gets FALLBACK · 2 units of its code point, after every known
//   weight. Characters the collator ignores (controls, soft hyphen, zero-width) get no weight at all.
// - Secondary / tertiary: the rank of each repertoire character inside its primary group
//   (sensitivity 'accent') and inside its primary+secondary group ('variant'). Ranks inside a group are
//   enough: a lower level is compared only when the primaries are equal, and then the characters at
//   every position share a group. This holds because each repertoire character weighs as one primary
//   plus accents (the tests check every pair). Digits and fallback characters emit no rank (their
//   counterpart in an equal-primary string is the same number / character). Ranks are packed: each
//   non-zero rank after k zero ranks is one unit, so plain lower-case text costs nothing here.
//
// Known mismatches with the collator (keys stay deterministic, well-formed, and never throw):
// - ß ẞ æ Æ œ Œ ₧ and compatibility expansions (ĳ ŉ ŀ ½ … ‥ ″ ₨ ™ №) are keyed by fallback: ICU sorts
//   "Straße" between "Strasse" and "Strast", "Æble" between "Aeble" and "Afble"; here they follow "z".
//   ¹ ² ³ are not numeric for ICU either, and are keyed by fallback (after every letter).
// - Every other character outside the repertoire sorts after all known ones, by code point:
//   emoji (ICU: before digits and letters), letters with accents not in the repertoire ("ǎ" after
//   "z", ICU: a + caron, before "b"), other scripts among themselves ("ё" after "ж", ICU: before).
//   Greek, Cyrillic and CJK still sort after all Latin letters, as in ICU.
// - A combining mark that does not compose with its letter ("b" + U+0301) is a fallback primary, where
//   ICU sees an accent; the order against other letters usually still holds.
// - Input is NFC-normalised (the collator treats canonical equivalents as equal), except where NFC
//   would make it longer (composition-excluded U+FB2C, U+0958…): then it is keyed as typed and
//   differs from its decomposition, which the collator calls equal. This keeps SORT_KEY_MAX_LENGTH 3n + 2.
// - Lone surrogates are keyed by their code unit, after every known character.

const LOCALE = 'pl';
const SEP = 0x0001;
/** Smallest weight unit; every weight is above SEP. */
const W = 0x0002;
/** Highest unit used, below the surrogates. */
const MAX_UNIT = 0xd7ff;
/** ICU splits digit runs into numbers of at most this many significant digits. */
const MAX_NUMERIC_DIGITS = 254;

/** Maximum sortKey(text).length for text.length <= maxInputLength (UTF-16 units), e.g. for a schema maxLength. */
export function SORT_KEY_MAX_LENGTH(maxInputLength: number): number {
  // At most 3 units per code point (primary + secondary + tertiary, a lone digit NUM+length+chunk,
  // a fallback F+2), code points <= units, plus the two separators.
  return 3 * maxInputLength + 2;
}

/** Code-unit comparison, as IndexedDB orders string keys. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Characters ICU weighs as several letters (ß = ss, æ = ae, ₧ = Pts) and superscript digits (not numeric for ICU).
// Compatibility expansions (ĳ, ŉ, ŀ, ½, …, ‥, ″, ₨, ™) are found below from their NFKD.
const EXCLUDED = new Set('ßẞæÆœŒ¹²³₧'.split(''));

/** True when the compatibility decomposition has more than one base character: ICU weighs it as several. */
function expands(ch: string): boolean {
  return ch.normalize('NFKD').replace(/\p{M}/gu, '').length > 1;
}

function repertoire(): string[] {
  const chars: string[] = [];
  const range = (from: number, to: number) => {
    for (let cp = from; cp <= to; cp++) {
      const ch = String.fromCharCode(cp);
      if (!EXCLUDED.has(ch) && !expands(ch)) chars.push(ch);
    }
  };
  range(0x0000, 0x017f); // C0, Basic Latin, C1, Latin-1, Latin Extended-A
  range(0x0218, 0x021b); // Romanian ș ț
  range(0x2010, 0x2027); // dashes, quotes „ ” ‘ ’, bullets
  range(0x2030, 0x203a); // ‰ ′ ″ ‹ ›
  range(0x20a0, 0x20c0); // currency signs, € among them
  range(0x200b, 0x200f); // zero-width and direction marks (ignorable)
  range(0x2060, 0x2064);
  range(0xfe00, 0xfe0f); // variation selectors
  range(0xfeff, 0xfeff);
  return chars;
}

interface Weights {
  primary: number;
  secondary: number;
  tertiary: number;
}

function buildTables() {
  const full = new Intl.Collator(LOCALE);
  const base = new Intl.Collator(LOCALE, { sensitivity: 'base' });
  const accent = new Intl.Collator(LOCALE, { sensitivity: 'accent' });
  const table = new Map<number, Weights | null>(); // null: ignored by the collator
  const sorted = repertoire().sort(full.compare);
  let primary = -1;
  let secondary = 0;
  let tertiary = 0;
  let numeric = -1;
  let prev = '';
  let secondaryRanks = 1;
  let tertiaryRanks = 1;
  for (const ch of sorted) {
    const cp = ch.charCodeAt(0);
    if (full.compare(ch, '') === 0) {
      table.set(cp, null);
      continue;
    }
    if (isDigit(cp)) {
      // Every decimal digit shares the one numeric primary, placed where the digits sort.
      if (numeric < 0) numeric = ++primary;
      prev = '';
      continue;
    }
    if (prev === '' || base.compare(prev, ch) !== 0) {
      primary++;
      secondary = 0;
      tertiary = 0;
    } else if (accent.compare(prev, ch) !== 0) {
      secondary++;
      tertiary = 0;
    } else if (full.compare(prev, ch) !== 0) {
      tertiary++;
    }
    table.set(cp, { primary, secondary, tertiary });
    secondaryRanks = Math.max(secondaryRanks, secondary + 1);
    tertiaryRanks = Math.max(tertiaryRanks, tertiary + 1);
    prev = ch;
  }
  return { table, numeric: W + numeric, fallback: W + primary + 1, secondaryRanks, tertiaryRanks };
}

function isDigit(cp: number): boolean {
  return cp < 0x80 ? cp >= 0x30 && cp <= 0x39 : /\p{Nd}/u.test(String.fromCodePoint(cp));
}

/** Digit value of a decimal digit: Unicode keeps each script's 0–9 contiguous, starting at a zero. */
function digitValue(cp: number): number {
  if (cp < 0x80) return cp - 0x30;
  let start = cp;
  while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

const { table: TABLE, numeric: NUM, fallback: FALLBACK, secondaryRanks: SECONDARY_RANKS, tertiaryRanks: TERTIARY_RANKS } = buildTables();

/** Appends one number (digits without leading zeros, at most MAX_NUMERIC_DIGITS) as NUM · length · chunks. */
function pushNumber(out: number[], digits: number[], from: number, to: number): void {
  out.push(NUM, W + (to - from));
  for (let i = from; i < to; i += 4) {
    let chunk = 0;
    for (let j = i; j < Math.min(i + 4, to); j++) chunk = chunk * 10 + digits[j]!;
    out.push(W + chunk);
  }
}

/** Mirrors ICU: skip leading zeros (keeping one digit), emit at most 254 digits, repeat. */
function pushDigitRun(out: number[], digits: number[]): void {
  let pos = 0;
  do {
    while (pos < digits.length - 1 && digits[pos] === 0) pos++;
    const end = Math.min(pos + MAX_NUMERIC_DIGITS, digits.length);
    pushNumber(out, digits, pos, end);
    pos = end;
  } while (pos < digits.length);
}

/**
 * Packs one lower level: each non-zero rank w after k zero ranks becomes one unit ordered by (-k, w),
 * so most characters (lower case, no accent) cost nothing. Comparing the units compares the rank
 * sequences: where one has more zeros, the other has a non-zero rank first and sorts after.
 * A run longer than the unit range can count is cut with a (limit, 0) unit. Trailing zeros are dropped.
 */
function pack(out: number[], ranks: number[], levels: number): void {
  const limit = Math.floor((MAX_UNIT - W) / levels) - 1;
  let zeros = 0;
  for (const rank of ranks) {
    if (rank === 0 && zeros < limit) {
      zeros++;
      continue;
    }
    out.push(W + (limit - zeros) * levels + rank);
    zeros = 0;
  }
}

function normalized(text: string): string {
  const nfc = text.normalize('NFC');
  return nfc.length <= text.length ? nfc : text;
}

/** A string whose code-unit order equals Intl.Collator('pl', { numeric: true }) order (see the module comment). */
export function sortKey(text: string): string {
  const s = normalized(text);
  const primary: number[] = [];
  const secondary: number[] = [];
  const tertiary: number[] = [];
  let digits: number[] = [];
  for (let i = 0; i < s.length; ) {
    const cp = s.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    const weights = TABLE.get(cp);
    if (weights === undefined && isDigit(cp)) {
      digits.push(digitValue(cp));
      continue;
    }
    // Any other character, even an ignored one, ends a digit run, as in ICU.
    if (digits.length > 0) {
      pushDigitRun(primary, digits);
      digits = [];
    }
    if (weights === null) continue;
    if (weights === undefined) {
      primary.push(FALLBACK, W + (cp >> 15), W + (cp & 0x7fff));
      continue;
    }
    primary.push(W + weights.primary);
    secondary.push(weights.secondary);
    tertiary.push(weights.tertiary);
  }
  if (digits.length > 0) pushDigitRun(primary, digits);
  const units = primary;
  units.push(SEP);
  pack(units, secondary, SECONDARY_RANKS);
  units.push(SEP);
  pack(units, tertiary, TERTIARY_RANKS);
  let end = units.length;
  while (end > 0 && units[end - 1] === SEP) end--;
  let key = '';
  for (let i = 0; i < end; i += 4096) key += String.fromCharCode(...units.slice(i, Math.min(i + 4096, end)));
  return key;
}

/**
 * Names the weight tables this engine built (its ICU's Polish collation): keys stored under another
 * version (a browser update changed the collation) no longer order with new ones and are rebuilt.
 */
export const SORT_KEY_VERSION: string = (() => {
  let hash = 0x811c9dc5; // FNV-1a over every table entry
  const mix = (n: number) => {
    hash ^= n;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  };
  for (const [cp, weights] of TABLE) {
    mix(cp);
    if (weights === null) mix(0xffff);
    else for (const weight of [weights.primary, weights.secondary, weights.tertiary]) mix(weight);
  }
  mix(FALLBACK);
  return hash.toString(36);
})();
