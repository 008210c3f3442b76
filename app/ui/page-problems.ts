// One error summary per page, shared by its several small forms (GOV.UK: the summary sits at the top
// and takes focus); each form reports its problems here and clears them when it succeeds.
import { createSignal, type Accessor } from 'solid-js';
import type { FormProblem } from './components/error-summary.tsx';

export interface PageProblems {
  problems: Accessor<FormProblem[]>;
  /** For <ErrorSummary ref>. */
  summaryRef(el: HTMLDivElement): void;
  errorOf(field: string): string | undefined;
  /** Shows the problems and focuses the summary; returns it (a dialog gives focus to it on closing). */
  report(found: FormProblem[]): HTMLElement | undefined;
  clear(): void;
}

export function usePageProblems(): PageProblems {
  const [problems, setProblems] = createSignal<FormProblem[]>([]);
  let summary: HTMLDivElement | undefined;
  return {
    problems,
    summaryRef: (el) => (summary = el),
    errorOf: (field) => problems().find((p) => p.field === field)?.message,
    report(found) {
      setProblems(found);
      summary?.focus();
      return summary;
    },
    clear: () => setProblems([]),
  };
}
