// Dates and places as the UI shows them: Warsaw time (the teams work in Poland), voivodeship names.
import { VOIVODESHIPS } from '../../schemas/entities/polish-identifiers.ts';
import type { Lang } from '../i18n/plural.ts';

const ZONE = 'Europe/Warsaw';
const dayKeyFormat = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day in Warsaw (YYYY-MM-DD) of an epoch-ms time: "today" means today in Poland. */
export const warsawDay = (time: number): string => dayKeyFormat.format(new Date(time));

const dateTimeFormats: Record<Lang, Intl.DateTimeFormat> = {
  pl: new Intl.DateTimeFormat('pl-PL', { timeZone: ZONE, dateStyle: 'short', timeStyle: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, dateStyle: 'short', timeStyle: 'short' }),
};

export const formatDateTime = (time: number, lang: Lang): string => dateTimeFormats[lang].format(new Date(time));

const voivodeshipNames = new Map(VOIVODESHIPS.map((v) => [v.code, v.name]));

/** "mazowieckie, łódzkie"; an empty list means the whole country. */
export function voivodeshipList(codes: readonly string[], whole: string): string {
  return codes.length === 0 ? whole : codes.map((code) => voivodeshipNames.get(code) ?? code).join(', ');
}

/** Names in Polish alphabetical order (Ł after L, Ś after S). */
export const nameCollator = new Intl.Collator('pl');
