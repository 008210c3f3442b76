// The text of any field or refusal code from the shared rules, whichever catalogue defines it.
import { message } from '../../schemas/entities/messages.ts';
import { USER_MESSAGES } from '../../schemas/entities/user.ts';
import { ADMIN_MESSAGES } from '../../schemas/rules/administration.ts';
import { PERMISSION_MESSAGES } from '../../schemas/rules/permissions.ts';
import { en } from './en.ts';
import type { Lang } from './plural.ts';
import { pl } from './pl.ts';

const CATALOGUES = [USER_MESSAGES, PERMISSION_MESSAGES, ADMIN_MESSAGES];

/** Account, permission and administration codes first; everything else (and unknown codes) through message(). */
export function issueText(code: string, lang: Lang): string {
  for (const catalogue of CATALOGUES) if (Object.hasOwn(catalogue, code)) return catalogue[code][lang];
  return message(code, lang);
}

/**
 * The text of `code` naming the field it is about ("Tekst w polu „Uwagi” jest za długi – skróć go"),
 * when the catalogue has such a form and the field's label is known; else issueText().
 */
export function fieldIssueText(code: string, field: string | undefined, lang: Lang): string {
  const forms = (lang === 'en' ? en : pl).fieldIssue;
  const named = field && Object.hasOwn(forms, code) ? forms[code] : undefined;
  return named && field ? named(field) : issueText(code, lang);
}
