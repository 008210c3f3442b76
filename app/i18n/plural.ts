// Plural forms chosen by Intl.PluralRules, so counts read right in Polish (1 rekord, 2 rekordy, 5 rekordów, 22 rekordy).

export type Lang = 'pl' | 'en';

/** The forms of one noun; a language uses only the categories its rules produce, 'other' always. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

const rules: Record<Lang, Intl.PluralRules> = {
  pl: new Intl.PluralRules('pl'),
  en: new Intl.PluralRules('en'),
};

/** The form of `forms` that goes with the number `n` in `lang`. */
export function pluralForm(lang: Lang, n: number, forms: PluralForms): string {
  return forms[rules[lang].select(n)] ?? forms.other;
}

/** "5 rekordów": the number followed by its plural form. */
export function countOf(lang: Lang, n: number, forms: PluralForms): string {
  return `${n.toLocaleString(lang === 'pl' ? 'pl-PL' : 'en-GB')} ${pluralForm(lang, n, forms)}`;
}
