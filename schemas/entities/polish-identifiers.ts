// Checks and normalises Polish registry identifiers as the registries define them: NIP, REGON, PKD, postal code, voivodeship [V1–V4].

/** A checked value: `value` is the normalised stored form; `code` is a message code (messages.ts). */
export type Checked = { ok: true; value: string } | { ok: false; code: string };

const ok = (value: string): Checked => ({ ok: true, value });
const fail = (code: string): Checked => ({ ok: false, code });

// What people type between digit groups: spaces (incl. no-break space) and hyphen/dash variants
// that word processors substitute for '-' (U+2010–U+2015).
const SEPARATORS = /[\s\-\u2010-\u2015]/g;

const NIP_WEIGHTS = [6, 5, 7, 2, 3, 4, 5, 6, 7];
const REGON9_WEIGHTS = [8, 9, 2, 3, 4, 5, 6, 7];
const REGON14_WEIGHTS = [2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8];

function weightedSum(digits: string, weights: readonly number[]): number {
  return weights.reduce((sum, w, i) => sum + w * Number(digits[i]), 0);
}

/** The 10th NIP digit for 9 digits, or null when the remainder is 10 (no valid NIP starts so). */
export function nipCheckDigit(first9: string): number | null {
  if (!/^\d{9}$/.test(first9)) return null;
  const rest = weightedSum(first9, NIP_WEIGHTS) % 11;
  return rest === 10 ? null : rest;
}

/** The REGON check digit for the 8 (REGON-9) or 13 (REGON-14) digits before it. */
export function regonCheckDigit(digits: string): number {
  if (!/^(\d{8}|\d{13})$/.test(digits)) throw new RangeError('REGON check digit needs 8 or 13 digits');
  const weights = digits.length === 8 ? REGON9_WEIGHTS : REGON14_WEIGHTS;
  // Remainder 10 counts as 0 in REGON (unlike NIP), hence the second modulo.
  return (weightedSum(digits, weights) % 11) % 10;
}

export function checkNip(input: string): Checked {
  const trimmed = input.trim();
  if (trimmed === '') return ok('');
  // The EU VAT form prefixes the country code: 'PL5260250274', 'pl 526-025-02-74'.
  const digits = trimmed.replace(/^PL/i, '').replace(SEPARATORS, '');
  if (/\D/.test(digits)) return fail('nip.chars');
  if (digits.length !== 10) return fail('nip.length');
  if (nipCheckDigit(digits.slice(0, 9)) !== Number(digits[9])) return fail('nip.checksum');
  return ok(digits);
}

const validRegon9 = (d: string) => regonCheckDigit(d.slice(0, 8)) === Number(d[8]);

export function checkRegon(input: string): Checked {
  const trimmed = input.trim();
  if (trimmed === '') return ok('');
  const digits = trimmed.replace(SEPARATORS, '');
  if (/\D/.test(digits)) return fail('regon.chars');
  if (digits.length !== 9 && digits.length !== 14) return fail('regon.length');
  // A 14-digit REGON (a local unit) extends the 9-digit REGON of its company, which must be valid too.
  if (!validRegon9(digits)) return fail('regon.checksum');
  if (digits.length === 14 && regonCheckDigit(digits.slice(0, 13)) !== Number(digits[13])) {
    return fail('regon.checksum');
  }
  return ok(digits);
}

export function checkPkd(input: string): Checked {
  const compact = input.replace(/\s/g, '').toUpperCase();
  if (compact === '') return ok('');
  // The registry prints '1011Z'; people also type '10.11Z' or '10.11.z'. Stored: '10.11.Z'.
  const m = /^(\d{2})\.?(\d{2})\.?([A-Z])$/.exec(compact);
  return m ? ok(`${m[1]}.${m[2]}.${m[3]}`) : fail('pkd.format');
}

export function checkPostalCode(input: string): Checked {
  const compact = input.replace(/\s/g, '').replace(/[\u2010-\u2015]/g, '-');
  if (compact === '') return ok('');
  const m = /^(\d{2})-?(\d{3})$/.exec(compact);
  return m ? ok(`${m[1]}-${m[2]}`) : fail('postalCode.format');
}

/** The 16 voivodeships with their TERYT codes, in code order (DESIGN.md "Polish data facts"). */
export const VOIVODESHIPS: readonly { code: string; name: string }[] = [
  { code: '02', name: 'dolnośląskie' },
  { code: '04', name: 'kujawsko-pomorskie' },
  { code: '06', name: 'lubelskie' },
  { code: '08', name: 'lubuskie' },
  { code: '10', name: 'łódzkie' },
  { code: '12', name: 'małopolskie' },
  { code: '14', name: 'mazowieckie' },
  { code: '16', name: 'opolskie' },
  { code: '18', name: 'podkarpackie' },
  { code: '20', name: 'podlaskie' },
  { code: '22', name: 'pomorskie' },
  { code: '24', name: 'śląskie' },
  { code: '26', name: 'świętokrzyskie' },
  { code: '28', name: 'warmińsko-mazurskie' },
  { code: '30', name: 'wielkopolskie' },
  { code: '32', name: 'zachodniopomorskie' },
];

// Imported spreadsheets write names in any case, sometimes without Polish letters or with a
// 'woj.' prefix; folding makes 'Woj. Slaskie' find 'śląskie'. No two names collide once folded.
function foldName(name: string): string {
  return name
    .toLocaleLowerCase('pl')
    .replace(/ł/g, 'l')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/^woj(ewodztwo|\.)?\s*/, '')
    .replace(/\s*-\s*/g, '-')
    .trim();
}

const VOIVODESHIP_CODES: ReadonlySet<string> = new Set(VOIVODESHIPS.map((v) => v.code));
/** Each name's folded form, folded once: the server checks every pushed record's voivodeship. */
const CODE_BY_FOLDED_NAME: ReadonlyMap<string, string> = new Map(VOIVODESHIPS.map((v) => [foldName(v.name), v.code]));

export function checkVoivodeship(input: string): Checked {
  const trimmed = input.trim();
  if (trimmed === '') return ok('');
  // A code (the stored form) is no name: no need to fold it. Spreadsheets drop the leading zero of '02'.
  if (/^\d{1,2}$/.test(trimmed)) {
    const code = trimmed.padStart(2, '0');
    return VOIVODESHIP_CODES.has(code) ? ok(code) : fail('voivodeship.unknown');
  }
  const code = CODE_BY_FOLDED_NAME.get(foldName(trimmed));
  return code !== undefined ? ok(code) : fail('voivodeship.unknown');
}
