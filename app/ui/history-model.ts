// A record's audit history (GET /api/records/:id/history) turned into table rows: Warsaw time, the
// author, the field's label, both values in words, the kind, and what can be restored [H1–H4]. Pure:
// the texts come in as a dictionary, so it is unit-tested without a page.
import type { Attribute } from '../../schemas/entities/attribute.ts';
import { isEmptyValue } from '../../schemas/entities/custom-values.ts';
import { VOIVODESHIPS } from '../../schemas/entities/polish-identifiers.ts';
import { STANDARD_ATTRIBUTES } from '../../schemas/entities/standard-attributes.ts';
import type { HistoryEntry, HistoryKind, RestoreRequest } from '../../schemas/protocol/records.ts';
import { isRestorablePath } from '../../schemas/rules/history.ts';
import type { Dictionary } from '../i18n/dictionary.ts';
import type { Lang } from '../i18n/plural.ts';
import { displayValue, localText } from './custom-form.ts';
import { formatDateTime } from './format.ts';

/**
 * A text as shown: `user` marks Polish text someone typed (or defined), read with a Polish voice in the
 * English UI; `lead` is UI text before it ("Odrzucony:" before a rejection's reason).
 */
export interface Shown {
  text: string;
  user: boolean;
  lead?: string;
}

export interface HistoryRow {
  id: string;
  when: string;
  /** For `<time datetime>`. */
  whenIso: string;
  who: Shown;
  field: Shown;
  from: Shown;
  to: Shown;
  kind: string;
  /** The value a restore would bring back, when the user may restore it. */
  restore: { which: RestoreRequest['which']; label: string; value: string } | null;
}

export interface HistoryContext {
  lang: Lang;
  words: Dictionary;
  /** Attribute definitions by id, for custom fields' labels and choice labels. */
  attributes: ReadonlyMap<string, Attribute>;
  canRestore: boolean;
  /** The name of a record the device holds (the other record of a duplicate flag). */
  recordName?: (id: string) => string | undefined;
}

/** Set once when the record is created and never changed [P2]: their creation entries say nothing. */
const FIXED_PATHS: ReadonlySet<string> = new Set(['id', 'orderId', 'ownerId', 'createdAt', 'updatedAt', 'fieldTimes']);

const standard = new Map(STANDARD_ATTRIBUTES.map((a) => [a.key as string, a]));
const voivodeships = new Map(VOIVODESHIPS.map((v) => [v.code, v.name]));
const kindWord = (kind: HistoryKind, w: Dictionary) =>
  kind === 'lost' ? w.historyKindLost : kind === 'restore' ? w.historyKindRestore : w.historyKindChange;

const customId = (path: string) => (path.startsWith('custom:') ? path.slice('custom:'.length) : null);

function fieldOf(path: string, c: HistoryContext): Shown {
  const std = standard.get(path);
  if (std) return { text: std.label[c.lang], user: false };
  if (path === 'verification') return { text: c.words.historyVerification, user: false };
  if (path === '_deleted') return { text: c.words.historyDeleted, user: false };
  if (path === 'duplicateOf') return { text: c.words.historyDuplicate, user: false };
  const id = customId(path);
  const attr = id === null ? undefined : c.attributes.get(id);
  if (!attr) return { text: id === null ? path : c.words.recFieldUnknown, user: false };
  const label = localText(attr.label, attr.labelEn, c.lang);
  return { text: label.text, user: label.lang === 'pl' };
}

function valueOf(path: string, value: unknown, c: HistoryContext): Shown {
  const w = c.words;
  if (value === undefined || value === null || isEmptyValue(value)) return { text: w.historyEmptyValue, user: false };
  if (typeof value === 'boolean') return { text: value ? w.historyYes : w.historyNo, user: false };
  if (path === 'verification' && typeof value === 'object') {
    const v = value as { state?: string; reason?: string };
    const state = w.status[v.state ?? ''] ?? String(v.state ?? '');
    return v.reason ? { lead: `${state}:`, text: v.reason, user: true } : { text: state, user: false };
  }
  if (path === 'voivodeship' && typeof value === 'string') return { text: voivodeships.get(value) ?? value, user: false };
  if (path === 'duplicateOf' && typeof value === 'string') {
    const name = c.recordName?.(value);
    return name ? { text: name, user: true } : { text: w.historyOtherRecord, user: false };
  }
  const id = customId(path);
  const attr = id === null ? undefined : c.attributes.get(id);
  if (attr) {
    // A choice shown by its label: Polish user text unless the label has an English version in use.
    const text = displayValue(attr, value, c.lang, { yes: w.historyYes, no: w.historyNo });
    const choice = attr.kind === 'choice' && typeof value === 'string' ? attr.choices.find((ch) => ch.key === value) : undefined;
    const english = choice !== undefined && localText(choice.label, choice.labelEn, c.lang).lang === 'en';
    return { text, user: typeof value === 'string' || Array.isArray(value) ? !english : false };
  }
  if (typeof value === 'number') return { text: c.lang === 'pl' ? String(value).replace('.', ',') : String(value), user: false };
  if (Array.isArray(value)) return { text: value.map(String).join(', '), user: true };
  return { text: typeof value === 'string' ? value : JSON.stringify(value), user: true };
}

/**
 * What a restore would bring back: a replaced value (`old`) of a change or restore, the typed value
 * (`new`) that lost a conflict — for data fields only, never an empty value (clearing is an edit).
 */
function restoreOf(entry: HistoryEntry, c: HistoryContext, from: Shown, to: Shown): HistoryRow['restore'] {
  if (!c.canRestore || !isRestorablePath(entry.path)) return null;
  const which = entry.kind === 'lost' ? 'new' : 'old';
  const value = which === 'new' ? entry.new : entry.old;
  if (value === undefined || value === null || isEmptyValue(value)) return null;
  const shown = which === 'new' ? to : from;
  return { which, label: c.words.historyRestore(shown.text), value: shown.text };
}

export function historyRows(entries: readonly HistoryEntry[], c: HistoryContext): HistoryRow[] {
  return entries.filter((entry) => !FIXED_PATHS.has(entry.path)).map((entry) => {
    const from = valueOf(entry.path, entry.old, c);
    const to = valueOf(entry.path, entry.new, c);
    return {
      id: entry.id,
      when: formatDateTime(entry.at, c.lang),
      whenIso: new Date(entry.at).toISOString(),
      who: entry.userName ? { text: entry.userName, user: true } : { text: c.words.historyUnknownUser, user: false },
      field: fieldOf(entry.path, c),
      from,
      to,
      kind: kindWord(entry.kind, c.words),
      restore: restoreOf(entry, c, from, to),
    };
  });
}

export type HistoryProblem = 'offline' | 'notFound' | 'failed';

/** Why the history could not be shown: no connection, a record outside the scope (404), anything else. */
export function historyProblem(failure: { offline: boolean; status: number | undefined }): HistoryProblem {
  if (failure.offline) return 'offline';
  if (failure.status === 404) return 'notFound';
  return 'failed';
}
