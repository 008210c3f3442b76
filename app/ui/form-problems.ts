// Turns a failed request into error-summary problems: server field issues, its message, or "offline".
import { lang, t } from '../i18n/i18n.ts';
import { message } from '../../schemas/entities/messages.ts';
import { DocumentTooLargeError } from '../local-db/document-size.ts';
import { StorageFullError } from '../local-db/quota.ts';
import { ApiError, NetworkError } from '../sync/api.ts';
import { serverIssueProblems, type IssueNaming } from './field-issues.ts';

/** One problem of a form's error summary: `field` is the id of the input it links to; without it the text stands alone. */
export interface FormProblem {
  field?: string;
  message: string;
}

/**
 * Problems to show for `error`; `fieldIds` maps a server field name to the form's input id. With
 * `naming` (which documents the request was about) each field issue names its field [issue 14].
 */
export function problemsFromError(error: unknown, fieldIds: Record<string, string> = {}, naming?: IssueNaming): FormProblem[] {
  if (error instanceof NetworkError) return [{ message: t().networkError }];
  if (error instanceof StorageFullError) return [{ message: t().storageFull }];
  if (error instanceof DocumentTooLargeError) return [{ message: message('document.tooLarge', lang()) }];
  if (error instanceof ApiError) {
    const problems: FormProblem[] = serverIssueProblems(error.issues, fieldIds, naming, lang());
    if (error.text) problems.unshift({ message: error.text[lang()] });
    return problems.length > 0 ? problems : [{ message: t().saveFailed }];
  }
  return [{ message: t().saveFailed }];
}
