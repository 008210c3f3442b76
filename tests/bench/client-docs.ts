// Generates N valid, realistic client documents (~1.2 kB of JSON each) for the benchmarks, deterministically.
import { emptyClient, type Client } from '../../schemas/entities/client.ts';
import { nipCheckDigit, regonCheckDigit } from '../../schemas/entities/polish-identifiers.ts';
import { checkClientDocument } from '../../schemas/entities/validate-client.ts';
import { seededRandom } from '../../sync-server/demo/companies.ts';

const CITIES = ['Warszawa', 'Radom', 'Płock', 'Siedlce', 'Ostrołęka', 'Pruszków', 'Legionowo', 'Otwock'];
const STREETS = ['Marszałkowska', 'Puławska', 'Grójecka', 'Żelazna', 'Mokotowska', 'Wiejska', 'Chmielna'];
const TRADES = ['Zakłady mięsne', 'Przetwórstwo mięsa', 'Masarnia', 'Ubojnia drobiu', 'Wędliniarnia'];

function digits(next: () => number, count: number): string {
  let s = '';
  for (let i = 0; i < count; i++) s += Math.floor(next() * 10);
  return s;
}

function validNip(next: () => number): string {
  for (;;) {
    const first9 = digits(next, 9);
    const check = nipCheckDigit(first9);
    if (check !== null) return first9 + check;
  }
}

function validRegon9(next: () => number): string {
  const first8 = digits(next, 8);
  return first8 + regonCheckDigit(first8);
}

export interface DocsOptions {
  n: number;
  orderId: string;
  ownerId: string;
  seed?: number;
  /** Epoch ms used for createdAt / updatedAt / fieldTimes (fixed so runs are comparable). */
  now?: number;
  idPrefix?: string;
}

/** N client documents that pass the shared schema and field checks (S10); ids `<prefix>000001`…. */
export function generateClients({ n, orderId, ownerId, seed = 1, now = 1_780_000_000_000, idPrefix = 'bench-' }: DocsOptions): Client[] {
  const next = seededRandom(seed);
  const docs: Client[] = [];
  for (let i = 0; i < n; i++) {
    const city = CITIES[i % CITIES.length]!;
    const trade = TRADES[i % TRADES.length]!;
    const doc = emptyClient({ id: `${idPrefix}${String(i + 1).padStart(6, '0')}`, orderId, ownerId, now: now + i });
    const filled: Partial<Client> = {
      nip: validNip(next),
      regon: validRegon9(next),
      pkd: '10.13.Z',
      name: `${trade} „${city} ${i + 1}” Sp. z o.o.`,
      street: STREETS[i % STREETS.length]!,
      buildingNumber: `${1 + (i % 180)}`,
      postalCode: `0${Math.floor(next() * 10)}-${digits(next, 3)}`,
      city,
      voivodeship: '14',
      businessActivity: `${trade}: produkcja wędlin, kiełbas i wyrobów garmażeryjnych; sprzedaż hurtowa i detaliczna, dostawy do sklepów w regionie.`,
      email: `biuro${i + 1}@firma-${i + 1}.example.pl`,
      mobilePhone: `+48 6${digits(next, 2)} ${digits(next, 3)} ${digits(next, 3)}`,
      employmentLevel: '10-49',
      dataSource1: 'Rejestr REGON',
      notes: 'Kontakt z właścicielem; prosi o telefon po godzinie 10.',
    };
    Object.assign(doc, filled);
    doc.fieldTimes = Object.fromEntries(Object.keys(filled).map((k) => [k, now + i]));
    docs.push(doc);
  }
  return docs;
}

/** Throws when the first documents do not pass the shared field checks: the bench must seed valid data. */
export function assertValid(docs: Client[]): void {
  for (const doc of docs.slice(0, 50)) {
    const issues = checkClientDocument(doc);
    if (issues.length) throw new Error(`generated document ${doc.id} is invalid: ${JSON.stringify(issues)}`);
  }
}
