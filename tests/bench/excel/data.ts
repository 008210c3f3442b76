// Deterministic records for the Excel export benchmark: 21 standard fields, 3 custom attributes (text,
// integer, date) and the 8 verification/bookkeeping columns = 32 columns (2 more than the goal's 30),
// Polish text, some formula triggers.
import type { Attribute } from '../../../schemas/entities/attribute.ts';
import { emptyClient, type Client } from '../../../schemas/entities/client.ts';
import type { ExportJob } from '../../../app/export/protocol.ts';

const attr = (id: string, kind: Attribute['kind'], label: string): Attribute => ({
  id, label, labelEn: '', kind, required: false, hint: '', hintEn: '', choices: [], retired: false,
  createdBy: '', createdAt: 0, updatedAt: 0, fieldTimes: {},
});

export const BENCH_ATTRIBUTES = [attr('kontakt', 'text', 'Osoba kontaktowa'), attr('pracownicy', 'integer', 'Liczba pracowników'), attr('wizyta', 'date', 'Data wizyty')];

export function benchRecord(i: number): Client {
  const c = emptyClient({ id: `r${i}`, orderId: 'bench', ownerId: `u${i % 7}`, now: 1_764_000_000_000 + i * 1000 });
  const n = String(i).padStart(6, '0');
  return {
    ...c,
    nip: `0${n}123`.slice(0, 10), pkd: '10.11.Z', regon: `0${n}12`, name: `Zakład Mięsny „Żubrówka” nr ${i}`, street: 'Świętokrzyska',
    buildingNumber: `${i % 200}/4`, postalCode: '00-950', city: 'Łódź', voivodeship: '10', businessActivity: 'Produkcja wędlin i przetworów mięsnych',
    website: `https://zaklad${i}.pl`, email: `biuro${i}@zaklad.pl`, landlinePhone: '+48 22 123 45 67', mobilePhone: '+48 600 123 456', fax: '',
    employmentLevel: '10–49', dataSource1: 'CEIDG', dataSource2: 'KRS', dataSource3: i % 10 === 0 ? '=HYPERLINK("x")' : 'strona firmy', dataSource4: '',
    notes: i % 3 === 0 ? 'Zadzwonić po 15:00, pytać o panią Łucję' : '',
    custom: { kontakt: `Jan Kowalski ${i}`, pracownicy: i % 500, wizyta: '2026-11-30' },
    verification: i % 5 === 0 ? { state: 'rejected', reason: 'Brak numeru REGON', verifierId: 'v1', at: c.createdAt + 5000, notes: { regon: 'Uzupełnij REGON' } } : c.verification,
    updatedAt: c.createdAt + 60_000,
  };
}

export function benchJob(): ExportJob {
  return {
    setup: {
      lang: 'pl',
      texts: {
        status: { unverified: 'Niezweryfikowany', approved: 'Zatwierdzony', rejected: 'Odrzucony', corrected: 'Poprawiony' },
        statusColumn: 'Status', reason: 'Powód odrzucenia', notes: 'Uwagi weryfikatora do pól', verifier: 'Weryfikator', operator: 'Operator',
        created: 'Dodano', updated: 'Ostatnia zmiana', comments: 'Komentarze', yes: 'tak', no: 'nie',
      },
      custom: BENCH_ATTRIBUTES,
      people: { v1: 'Wanda Weryfikatorka', u0: 'Olek', u1: 'Ula', u2: 'Ela', u3: 'Piotr', u4: 'Zofia', u5: 'Łukasz', u6: 'Ścibor' },
    },
    orderName: 'Zakłady mięsne: łódzkie [test]',
    sheetFallback: 'Zlecenie',
    infoSheet: 'Informacje o eksporcie',
    info: [['Zlecenie', 'Zakłady mięsne'], ['Liczba rekordów', 0]],
    total: 0,
  };
}
