// The catalogue of a client's standard attributes in DESIGN.md's order: labels, hints, form input and check.
import { clientSchema, type StandardKey } from './client.ts';
import { checkEmail, checkPhone, checkUrl } from './contact.ts';
import {
  checkNip, checkPkd, checkPostalCode, checkRegon, checkVoivodeship, type Checked,
} from './polish-identifiers.ts';

type Text = { pl: string; en: string };

export interface StandardAttribute {
  key: StandardKey;
  label: Text;
  hint: Text;
  input: 'text' | 'textarea' | 'select';
  /** The on-screen keyboard; digits use 'numeric'/'tel', never type=number (it drops leading zeros). */
  inputmode?: 'numeric' | 'email' | 'tel' | 'url' | 'text';
  // No autocomplete tokens: these fields describe a client company, not the user, and tokens such as
  // 'organization' or 'email' make browsers offer the user's own details (the form sets "off").
  required: boolean;
  maxLength: number;
  /** Checks a trimmed, non-empty value and returns its stored form. */
  check?: (input: string) => Checked;
}

/** An entry as written below: optional fields default to a plain, optional text input. */
type Entry = Omit<StandardAttribute, 'key' | 'maxLength' | 'required' | 'input'> &
  Partial<Pick<StandardAttribute, 'required' | 'input'>>;

// maxLength comes from the JSON schema so the form and the server can never disagree on it.
function attr(key: StandardKey, entry: Entry): StandardAttribute {
  const { required = false, input = 'text', ...more } = entry;
  return { key, required, input, maxLength: clientSchema.properties[key].maxLength, ...more };
}

const phoneHint = (example: string): Text => ({
  pl: `9 cyfr, np. ${example}`,
  en: `9 digits, e.g. ${example}; foreign numbers start with +`,
});

const dataSource = (n: 1 | 2 | 3 | 4): StandardAttribute =>
  attr(`dataSource${n}`, {
    label: { pl: `Źródło danych ${n}`, en: `Data source ${n}` },
    hint: { pl: 'Skąd pochodzą dane, np. CEIDG, KRS, strona firmy', en: 'Where the data comes from, e.g. CEIDG, KRS, company website' },
  });

export const STANDARD_ATTRIBUTES: readonly StandardAttribute[] = [
  attr('nip', {
    label: { pl: 'NIP', en: 'NIP (tax ID)' },
    hint: { pl: '10 cyfr, np. 526-025-02-74', en: '10 digits, e.g. 526-025-02-74' },
    inputmode: 'numeric',
    check: checkNip,
  }),
  attr('pkd', {
    label: { pl: 'PKD', en: 'PKD (activity code)' },
    hint: { pl: 'Kod podklasy, np. 10.11.Z', en: 'Subclass code, e.g. 10.11.Z' },
    check: checkPkd,
  }),
  attr('regon', {
    label: { pl: 'REGON', en: 'REGON (statistical ID)' },
    hint: { pl: '9 lub 14 cyfr, np. 123456785', en: '9 or 14 digits, e.g. 123456785' },
    inputmode: 'numeric',
    check: checkRegon,
  }),
  attr('name', {
    label: { pl: 'Nazwa', en: 'Name' },
    hint: { pl: 'Pełna nazwa firmy, np. z rejestru KRS lub CEIDG', en: 'Full company name, e.g. as in the KRS or CEIDG register' },
    required: true,
  }),
  attr('street', {
    label: { pl: 'Ulica', en: 'Street' },
    hint: { pl: 'Np. Marszałkowska', en: 'E.g. Marszałkowska' },
  }),
  attr('buildingNumber', {
    label: { pl: 'Numer', en: 'Number' },
    hint: { pl: 'Numer budynku i lokalu, np. 12/4', en: 'Building and unit number, e.g. 12/4' },
  }),
  attr('postalCode', {
    label: { pl: 'Kod pocztowy', en: 'Postal code' },
    hint: { pl: 'Np. 00-950', en: 'E.g. 00-950' },
    inputmode: 'numeric',
    check: checkPostalCode,
  }),
  attr('city', {
    label: { pl: 'Miejscowość', en: 'City or town' },
    hint: { pl: 'Np. Warszawa', en: 'E.g. Warszawa' },
  }),
  attr('voivodeship', {
    label: { pl: 'Województwo', en: 'Voivodeship' },
    hint: { pl: 'Wybierz z listy', en: 'Select from the list' },
    input: 'select',
    check: checkVoivodeship,
  }),
  attr('businessActivity', {
    label: { pl: 'Firma zajmuje się', en: 'Business activity' },
    hint: { pl: 'Krótko, czym zajmuje się firma, np. produkcja wędlin', en: 'In short, what the company does, e.g. meat processing' },
    input: 'textarea',
  }),
  attr('website', {
    label: { pl: 'Strona www', en: 'Website' },
    hint: { pl: 'Np. firma.pl', en: 'E.g. firma.pl' },
    inputmode: 'url',
    check: checkUrl,
  }),
  attr('email', {
    label: { pl: 'Email', en: 'Email' },
    hint: { pl: 'Np. biuro@firma.pl', en: 'E.g. biuro@firma.pl' },
    inputmode: 'email',
    check: checkEmail,
  }),
  attr('landlinePhone', {
    label: { pl: 'Tel. stacjonarny', en: 'Landline phone' },
    hint: phoneHint('22 123 45 67'),
    inputmode: 'tel',
    check: checkPhone,
  }),
  attr('mobilePhone', {
    label: { pl: 'Tel. komórkowy', en: 'Mobile phone' },
    hint: phoneHint('600 123 456'),
    inputmode: 'tel',
    check: checkPhone,
  }),
  attr('fax', {
    label: { pl: 'Fax', en: 'Fax' },
    hint: phoneHint('22 123 45 68'),
    inputmode: 'tel',
    check: checkPhone,
  }),
  attr('employmentLevel', {
    label: { pl: 'Poziom zatrudnienia', en: 'Employment level' },
    hint: { pl: 'Liczba pracowników lub przedział, np. 10–49', en: 'Number of employees or a range, e.g. 10–49' },
  }),
  dataSource(1),
  dataSource(2),
  dataSource(3),
  dataSource(4),
  attr('notes', {
    label: { pl: 'Uwagi', en: 'Notes' },
    hint: { pl: 'Dodatkowe informacje dla zespołu', en: 'Anything else the team should know' },
    input: 'textarea',
  }),
];
