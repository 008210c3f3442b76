// Texts of the field message codes returned by the validators, in Polish and English (GOV.UK style: say how to fix it).

export const MESSAGES: Record<string, { pl: string; en: string }> = {
  required: { pl: 'To pole jest wymagane', en: 'This field is required' },
  'name.required': { pl: 'Wpisz nazwę firmy', en: 'Enter the company name' },
  // Without the field's name (the UI names it where it can: app/i18n/parts/voice.ts fieldIssue).
  tooLong: { pl: 'Tekst jest za długi – skróć go', en: 'The text is too long – shorten it' },
  'chars.control': {
    pl: 'Usuń znaki sterujące (np. znak nowej linii) z tego pola',
    en: 'Remove control characters (such as line breaks) from this field',
  },

  'nip.length': { pl: 'NIP musi mieć 10 cyfr', en: 'NIP must have 10 digits' },
  'nip.chars': {
    pl: 'NIP może zawierać tylko cyfry, spacje, myślniki i przedrostek PL',
    en: 'NIP must only include digits, spaces, hyphens and the PL prefix',
  },
  'nip.checksum': {
    pl: 'Nieprawidłowa cyfra kontrolna NIP. Sprawdź, czy NIP jest przepisany bez błędu – ostatnia cyfra nie zgadza się z pozostałymi',
    en: 'The NIP check digit is wrong. Check that the NIP is copied without a mistake – the last digit does not match the others',
  },
  'regon.length': { pl: 'REGON musi mieć 9 lub 14 cyfr', en: 'REGON must have 9 or 14 digits' },
  'regon.chars': {
    pl: 'REGON może zawierać tylko cyfry i spacje',
    en: 'REGON must only include digits and spaces',
  },
  'regon.checksum': {
    pl: 'Nieprawidłowa cyfra kontrolna REGON. Sprawdź, czy REGON jest przepisany bez błędu – ostatnia cyfra nie zgadza się z pozostałymi',
    en: 'The REGON check digit is wrong. Check that the REGON is copied without a mistake – the last digit does not match the others',
  },
  'pkd.format': { pl: 'Kod PKD wpisz w postaci 10.11.Z', en: 'Enter the PKD code in the form 10.11.Z' },
  'postalCode.format': {
    pl: 'Kod pocztowy wpisz w postaci 00-950',
    en: 'Enter the postal code in the form 00-950',
  },
  'voivodeship.unknown': { pl: 'Wybierz województwo z listy', en: 'Select a voivodeship from the list' },

  'email.format': {
    pl: 'Adres email wpisz w postaci nazwa@firma.pl',
    en: 'Enter an email address in the form name@firma.pl',
  },
  'url.format': {
    pl: 'Adres strony wpisz w postaci firma.pl lub https://firma.pl',
    en: 'Enter a website address in the form firma.pl or https://firma.pl',
  },
  'phone.format': {
    pl: 'Numer telefonu wpisz w postaci 123 456 789 lub +48 123 456 789',
    en: 'Enter a phone number in the form 123 456 789 or +48 123 456 789',
  },

  // Custom attribute values (custom-values.ts) [V6].
  'custom.required': { pl: 'To pole jest wymagane – uzupełnij je', en: 'This field is required – fill it in' },
  'custom.requiredChoice': { pl: 'Wybierz jedną z możliwości', en: 'Choose one of the options' },
  'custom.integer': { pl: 'Wpisz liczbę całkowitą, np. 25', en: 'Enter a whole number, for example 25' },
  'custom.decimal': { pl: 'Wpisz liczbę, np. 12,5', en: 'Enter a number, for example 12.5' },
  'custom.date': { pl: 'Wpisz prawdziwą datę w postaci 2026-11-27', en: 'Enter a real date in the form 2026-11-27' },
  'custom.boolean': { pl: 'Wybierz „tak” albo „nie”', en: 'Choose yes or no' },
  'custom.choice': { pl: 'Wybierz możliwość z listy', en: 'Choose an option from the list' },
  'attribute.labelRequired': { pl: 'Wpisz etykietę atrybutu', en: 'Enter the attribute label' },
  'attribute.choicesRequired': { pl: 'Dodaj co najmniej jedną możliwość wyboru', en: 'Add at least one option' },
  'attribute.choiceDuplicate': { pl: 'Możliwości wyboru nie mogą się powtarzać', en: 'Options must not repeat' },
  'attribute.choiceLabel': { pl: 'Każda możliwość wyboru musi mieć etykietę', en: 'Every option needs a label' },
  'attribute.noChoices': { pl: 'Ten rodzaj pola nie ma możliwości wyboru', en: 'This kind of field has no options' },
  'attribute.unknown': { pl: 'Nie ma takiego atrybutu', en: 'There is no such attribute' },
  'custom.retired': {
    pl: 'To pole zostało wycofane – zapisanej wartości nie można już zmienić',
    en: 'This field has been retired – its stored value can no longer change',
  },
  'custom.notBound': {
    pl: 'To pole nie należy do tego zlecenia – zmiana nie została zapisana',
    en: 'This field does not belong to this order – the change was not saved',
  },

  // Server-side answers to documents that bypassed the form (another app version, a crafted push).
  'value.type': { pl: 'Wartość tego pola musi być tekstem', en: 'The value of this field must be text' },
  'value.notNormalized': {
    pl: 'Wartość nie jest zapisana w postaci standardowej – zapisz rekord ponownie',
    en: 'The value is not in its standard form – save the record again',
  },
  'document.invalid': { pl: 'Nieprawidłowy rekord', en: 'The record is not valid' },
  // Refused by the device itself: no push can carry it [S29].
  'document.tooLarge': {
    pl: 'Rekord jest za duży, by go wysłać – skróć najdłuższe pola (uwagi, atrybuty) i zapisz go ponownie',
    en: 'The record is too large to send – shorten its longest fields (notes, attributes) and save it again',
  },
  'json.forbiddenKey': { pl: 'Nazwa pola jest niedozwolona', en: 'This field name is not allowed' },
  'json.tooDeep': { pl: 'Rekord ma zbyt głęboko zagnieżdżone dane', en: 'The record is nested too deeply' },
};

const FALLBACK = { pl: 'Sprawdź wartość tego pola', en: 'Check the value of this field' };

/** The text of a message code; unknown codes (e.g. from a newer server) get a generic text. */
export function message(code: string, lang: 'pl' | 'en'): string {
  // Object.hasOwn keeps codes like 'toString' from reaching the prototype.
  return (Object.hasOwn(MESSAGES, code) ? MESSAGES[code] : FALLBACK)?.[lang] ?? FALLBACK[lang];
}
