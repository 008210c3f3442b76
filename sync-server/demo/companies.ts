// Demo data: generated meat-industry companies with valid NIP and REGON, as client documents in their stored form.
import { emptyClient, type Client } from '../../schemas/entities/client.ts';
import { checkEmail, checkPhone, checkUrl } from '../../schemas/entities/contact.ts';
import { nipCheckDigit, regonCheckDigit } from '../../schemas/entities/polish-identifiers.ts';
import { ACTIVITIES, EMPLOYMENT, SOURCES, companyName } from './names.ts';
import { STREETS, type Town } from './places.ts';

/** mulberry32: a small seeded generator, so the same seed gives the same demo organisation. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Generator {
  random: () => number;
  pick: <T>(list: readonly T[]) => T;
  digits: (n: number) => string;
}

export function generator(seed: number): Generator {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  return { random, pick, digits };
}

/** A valid NIP from a tax office prefix [V1]: draws again when the check digit would be 10. */
function nip(g: Generator, prefix: string): string {
  for (;;) {
    const first9 = prefix + g.digits(6);
    const check = nipCheckDigit(first9);
    if (check !== null) return first9 + check;
  }
}

/** A valid 9-digit REGON [V2]; its first two digits follow the voivodeship as new REGONs do. */
function regon(g: Generator, voivodeship: string): string {
  const first8 = voivodeship + g.digits(6);
  return first8 + regonCheckDigit(first8);
}

function postalCode(g: Generator, town: Town): string {
  const [prefix, first, last] = town.postal;
  const head = prefix.replace('-', '');
  const code = head + String(first + Math.floor(g.random() * (last - first + 1))).padStart(5 - head.length, '0');
  return `${code.slice(0, 2)}-${code.slice(2)}`;
}

/** The stored form of a value, through the same checks the server applies [V5]. */
function stored(check: (input: string) => { ok: boolean; value?: string }, input: string): string {
  const result = check(input);
  if (!result.ok || result.value === undefined) throw new Error(`demo data does not pass its own check: ${input}`);
  return result.value;
}

export interface CompanyInit {
  id: string;
  orderId: string;
  ownerId: string;
  voivodeship: string;
  towns: readonly Town[];
  now: number;
}

/** One company record as an operator would have entered it, every field in its stored form. */
export function company(g: Generator, init: CompanyInit): Client {
  const town = g.pick(init.towns);
  const { name, slug } = companyName(g.pick, town.city);
  const activity = g.pick(ACTIVITIES);
  const mobile = `${g.pick(['5', '6', '7', '8'])}${g.digits(8)}`;
  const base = emptyClient({ id: init.id, orderId: init.orderId, ownerId: init.ownerId, now: init.now });
  const fields = {
    nip: nip(g, g.pick(town.nipPrefixes)),
    pkd: activity.pkd,
    regon: regon(g, init.voivodeship),
    name,
    street: g.pick(STREETS),
    buildingNumber: g.random() < 0.2 ? `${1 + Math.floor(g.random() * 120)}/${1 + Math.floor(g.random() * 9)}` : String(1 + Math.floor(g.random() * 180)),
    postalCode: postalCode(g, town),
    city: town.city,
    voivodeship: init.voivodeship,
    businessActivity: activity.text,
    website: g.random() < 0.7 ? stored(checkUrl, `www.${slug}.pl`) : '',
    email: g.random() < 0.8 ? stored(checkEmail, `${g.pick(['biuro', 'sekretariat', 'kontakt', 'handel'])}@${slug}.pl`) : '',
    landlinePhone: stored(checkPhone, `${town.area}${g.pick(['2', '3', '6', '7'])}${g.digits(6)}`),
    mobilePhone: g.random() < 0.6 ? stored(checkPhone, mobile) : '',
    fax: g.random() < 0.15 ? stored(checkPhone, `${town.area}${g.pick(['2', '3', '6', '7'])}${g.digits(6)}`) : '',
    employmentLevel: g.pick(EMPLOYMENT),
    dataSource1: g.pick(SOURCES),
    notes: g.random() < 0.1 ? 'Prosi o kontakt po godzinie 14.' : '',
  };
  const fieldTimes = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== '').map(([k]) => [k, init.now]));
  return { ...base, ...fields, fieldTimes };
}
