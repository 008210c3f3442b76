// Demo data: Polish surnames and given names, and the shapes of meat-industry company names built from them.

export const SURNAMES: readonly string[] = [
  'Kowalski', 'Nowak', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymański',
  'Woźniak', 'Dąbrowski', 'Kozłowski', 'Jankowski', 'Mazur', 'Kwiatkowski', 'Krawczyk', 'Piotrowski', 'Grabowski',
  'Nowakowski', 'Pawłowski', 'Michalski', 'Nowicki', 'Adamczyk', 'Dudek', 'Zając', 'Wieczorek', 'Jabłoński', 'Król',
  'Majewski', 'Olszewski', 'Jaworski', 'Wróbel', 'Malinowski', 'Pawlak', 'Witkowski', 'Walczak', 'Stępień', 'Górski',
  'Rutkowski', 'Michalak', 'Sikora', 'Ostrowski', 'Baran', 'Duda', 'Szewczyk', 'Tomaszewski', 'Pietrzak', 'Marciniak',
  'Wróblewski', 'Zalewski', 'Jakubowski', 'Jasiński', 'Zawadzki', 'Sadowski', 'Bąk', 'Chmielewski', 'Włodarczyk',
  'Borkowski', 'Czarnecki', 'Sawicki', 'Sokołowski', 'Urbański', 'Kubiak', 'Maciejewski', 'Szczepański', 'Kucharski',
];

const MEN = ['Jan', 'Piotr', 'Andrzej', 'Krzysztof', 'Stanisław', 'Tomasz', 'Paweł', 'Józef', 'Marek', 'Marcin', 'Grzegorz', 'Zbigniew'];
const WOMEN = ['Anna', 'Maria', 'Katarzyna', 'Małgorzata', 'Agnieszka', 'Barbara', 'Ewa', 'Krystyna', 'Elżbieta', 'Zofia'];

/** A surname in its feminine form: Kowalski → Kowalska, Nowak stays Nowak. */
function feminine(surname: string): string {
  return /(ski|cki|dzki)$/.test(surname) ? `${surname.slice(0, -1)}a` : surname;
}

/** Nominative plural for a family business: Kowalski → Kowalscy, Nowak → Nowakowie. */
function family(surname: string): string {
  if (surname.endsWith('ski')) return `${surname.slice(0, -3)}scy`;
  if (surname.endsWith('cki')) return `${surname.slice(0, -3)}ccy`;
  if (surname.endsWith('dzki')) return `${surname.slice(0, -4)}dzcy`;
  return `${surname}owie`;
}

type Pick = <T>(list: readonly T[]) => T;

export interface CompanyName {
  name: string;
  /** A short ASCII handle for the web address, e.g. 'zm-kowalski'. */
  slug: string;
}

function ascii(text: string): string {
  return text.toLowerCase().replace(/ł/g, 'l').normalize('NFD').replace(/\p{M}/gu, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** One realistic company name, e.g. 'Zakłady Mięsne Kowalski Sp. z o.o.' or 'Masarnia Anna Nowak'. */
export function companyName(pick: Pick, city: string): CompanyName {
  const surname = pick(SURNAMES);
  const woman = pick([false, false, true]);
  const person = woman ? `${pick(WOMEN)} ${feminine(surname)}` : `${pick(MEN)} ${surname}`;
  const shapes: [string, string][] = [
    [`Zakłady Mięsne ${surname} Sp. z o.o.`, `zm-${ascii(surname)}`],
    [`Masarnia ${person}`, `masarnia-${ascii(surname)}`],
    [`Zakład Masarski ${family(surname)} s.c.`, `masarstwo-${ascii(surname)}`],
    [`Przetwórstwo Mięsa ${surname} i Syn Sp. j.`, `${ascii(surname)}-mieso`],
    [`PPHU „${surname}” ${person}`, `pphu-${ascii(surname)}`],
    [`Wędliniarnia ${person}`, `wedliny-${ascii(surname)}`],
    [`Ubojnia ${city} Sp. z o.o.`, `ubojnia-${ascii(city)}`],
    [`${city.split(' ')[0]}-Mięs Sp. z o.o.`, `${ascii(city.split(' ')[0] ?? city)}-mies`],
    [`Rzeźnia ${person}`, `rzeznia-${ascii(surname)}`],
    [`Zakłady Drobiarskie ${surname} S.A.`, `drob-${ascii(surname)}`],
  ];
  const [name, slug] = pick(shapes);
  return { name, slug };
}

export const ACTIVITIES: readonly { pkd: string; text: string }[] = [
  { pkd: '10.11.Z', text: 'Ubój i rozbiór bydła oraz trzody chlewnej' },
  { pkd: '10.11.Z', text: 'Rozbiór i konfekcjonowanie mięsa wieprzowego' },
  { pkd: '10.13.Z', text: 'Produkcja wędlin i kiełbas' },
  { pkd: '10.13.Z', text: 'Produkcja wędlin tradycyjnych wędzonych dymem olchowym' },
  { pkd: '10.13.Z', text: 'Produkcja konserw i pasztetów' },
  { pkd: '10.12.Z', text: 'Ubój i przetwórstwo drobiu' },
  { pkd: '46.32.Z', text: 'Sprzedaż hurtowa mięsa i wędlin' },
];

export const EMPLOYMENT: readonly string[] = ['1–9', '10–49', '10–49', '50–249', '250 i więcej'];
export const SOURCES: readonly string[] = ['CEIDG', 'KRS', 'REGON (GUS)', 'Strona firmy', 'Panorama Firm'];
