// Turns a failed request into error-summary problems: server field issues, its message, or "offline".
import { lang, t } from '../i18n/i18n.ts';
import { issueText } from '../i18n/issues.ts';
import { StorageFullError } from '../local-db/quota.ts';
import { ApiError, NetworkError } from '../sync/api.ts';
import type { FormProblem } from './components/error-summary.tsx';

/** Problems to show for `error`; `fieldIds` maps a server field name to the form's input id. */
export function problemsFromError(error: unknown, fieldIds: Record<string, string> = {}): FormProblem[] {
  if (error instanceof NetworkError) return [{ message: t().networkError }];
  if (error instanceof StorageFullError) return [{ message: t().storageFull }];
  if (error instanceof ApiError) {
    const problems: FormProblem[] = error.issues.map((issue) => ({
      field: Object.hasOwn(fieldIds, issue.field) ? fieldIds[issue.field] : undefined,
      message: issueText(issue.code, lang()),
    }));
    if (error.text) problems.unshift({ message: error.text[lang()] });
    return problems.length > 0 ? problems : [{ message: t().saveFailed }];
  }
  return [{ message: t().saveFailed }];
}
