// Turns a failed request into error-summary problems: server field issues, its message, or "offline".
import { lang, t } from '../i18n/i18n.ts';
import { StorageFullError } from '../local-db/quota.ts';
import { ApiError, NetworkError } from '../sync/api.ts';
import type { FormProblem } from './components/error-summary.tsx';
import { serverIssueProblems, type IssueNaming } from './field-issues.ts';

/**
 * Problems to show for `error`; `fieldIds` maps a server field name to the form's input id. With
 * `naming` (which documents the request was about) each field issue names its field [issue 14].
 */
export function problemsFromError(error: unknown, fieldIds: Record<string, string> = {}, naming?: IssueNaming): FormProblem[] {
  if (error instanceof NetworkError) return [{ message: t().networkError }];
  if (error instanceof StorageFullError) return [{ message: t().storageFull }];
  if (error instanceof ApiError) {
    const problems: FormProblem[] = serverIssueProblems(error.issues, fieldIds, naming, lang());
    if (error.text) problems.unshift({ message: error.text[lang()] });
    return problems.length > 0 ? problems : [{ message: t().saveFailed }];
  }
  return [{ message: t().saveFailed }];
}
