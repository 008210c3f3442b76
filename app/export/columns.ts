// What the export writes: the columns of an order's sheet (standard attributes in catalogue order, the
// order's custom attributes, then verification and bookkeeping) and each record's cells. Pure, so the
// worker and the unit tests share it; every value from user text goes through neutralise() [X1].
import type { Attribute } from '../../schemas/entities/attribute.ts';
import { STANDARD_KEYS, type Client, type StandardKey, type VerificationState } from '../../schemas/entities/client.ts';
import { isEmptyValue } from '../../schemas/entities/custom-values.ts';
import { VOIVODESHIPS } from '../../schemas/entities/polish-identifiers.ts';
import { STANDARD_ATTRIBUTES } from '../../schemas/entities/standard-attributes.ts';
import { neutralise } from './safe-text.ts';

export type Lang = 'pl' | 'en';

/** The fields of a record the export reads: only these cross to the worker (no fieldTimes, ids, meta). */
export type ExportRecord = Pick<Client, StandardKey | 'custom' | 'verification' | 'ownerId' | 'createdAt' | 'updatedAt'> & {
  /** How many comments the record's thread holds on this device. */
  comments?: number;
};

/** A record cut down to what the export reads, which halves what is copied to the worker. */
export function exportRecord(doc: ExportRecord, comments = 0): ExportRecord {
  const slim = {
    custom: doc.custom, verification: doc.verification, ownerId: doc.ownerId, createdAt: doc.createdAt, updatedAt: doc.updatedAt, comments,
  } as ExportRecord;
  for (const key of STANDARD_KEYS) slim[key] = doc[key];
  return slim;
}

/** How a column's cells are typed and formatted. */
export type ColumnKind = 'text' | 'number' | 'date' | 'datetime';
export type CellValue = string | number | Date | null;

export interface ExportColumn {
  header: string;
  kind: ColumnKind;
  /** Width in characters. */
  width: number;
}

/** The texts the workbook needs, in the UI language (plain strings: they cross to the worker). */
export interface ExportTexts {
  status: Record<VerificationState, string>;
  statusColumn: string;
  reason: string;
  /** The verdict's per-field notes column. */
  notes: string;
  verifier: string;
  operator: string;
  created: string;
  updated: string;
  /** The comment-count column. */
  comments: string;
  yes: string;
  no: string;
}

/** What the export knows besides the records: the order, its attributes and the people by id. */
export interface ExportSetup {
  lang: Lang;
  texts: ExportTexts;
  /** Custom attributes as columns, in order (see customColumns). */
  custom: readonly Attribute[];
  /** User id → name (operators and verifiers). */
  people: Readonly<Record<string, string>>;
}

/** Identifiers and codes: text with the "@" format, so leading zeros survive and Excel never re-types them. */
const IDENTIFIERS: ReadonlySet<StandardKey> = new Set(['nip', 'regon', 'pkd', 'postalCode', 'landlinePhone', 'mobilePhone', 'fax']);
const WIDE: ReadonlySet<StandardKey> = new Set(['name', 'businessActivity', 'notes', 'street', 'website', 'email']);
const voivodeshipNames = new Map(VOIVODESHIPS.map((v) => [v.code, v.name]));

const widthFor = (header: string, base: number) => Math.min(60, Math.max(base, header.length + 2));

/**
 * Custom attributes that get a column: those bound to the order in its order, a retired one only when
 * some exported record holds a value, then attributes since unbound that records still hold [X4].
 */
export function customColumns(
  attributeIds: readonly string[], attributes: ReadonlyMap<string, Attribute>, records: Iterable<Pick<Client, 'custom'>>,
): Attribute[] {
  const bound: Attribute[] = [];
  const seen = new Set<string>();
  const candidates = new Set<string>();
  for (const id of attributeIds) {
    const attr = attributes.get(id);
    if (!attr || seen.has(id)) continue;
    seen.add(id);
    bound.push(attr);
    if (attr.retired) candidates.add(id);
  }
  const held = new Set<string>();
  const unbound: string[] = [];
  for (const record of records) {
    for (const key of Object.keys(record.custom)) {
      if (held.has(key) || isEmptyValue(record.custom[key])) continue;
      if (candidates.has(key)) held.add(key);
      else if (!seen.has(key) && attributes.has(key)) {
        held.add(key);
        unbound.push(key);
      }
    }
  }
  return [...bound.filter((a) => !a.retired || held.has(a.id)), ...unbound.map((id) => attributes.get(id)!)];
}

const localLabel = (pl: string, en: string, lang: Lang) => (lang === 'en' && en.trim() !== '' ? en : pl);

/** The header row and cell types, in the order rowCells() fills them. */
export function exportColumns(setup: ExportSetup): ExportColumn[] {
  const { lang, texts } = setup;
  const standard = STANDARD_ATTRIBUTES.map((attr): ExportColumn => {
    const header = attr.label[lang];
    return { header, kind: 'text', width: widthFor(header, IDENTIFIERS.has(attr.key) ? 16 : WIDE.has(attr.key) ? 36 : 18) };
  });
  const custom = setup.custom.map((attr): ExportColumn => {
    const header = neutralise(localLabel(attr.label, attr.labelEn, lang));
    const kind: ColumnKind = attr.kind === 'integer' || attr.kind === 'decimal' ? 'number' : attr.kind === 'date' ? 'date' : 'text';
    return { header, kind, width: widthFor(header, kind === 'text' ? 24 : 12) };
  });
  const text = (header: string, base: number): ExportColumn => ({ header, kind: 'text', width: widthFor(header, base) });
  const time = (header: string): ExportColumn => ({ header, kind: 'datetime', width: widthFor(header, 17) });
  return [
    ...standard,
    ...custom,
    text(texts.statusColumn, 14),
    text(texts.reason, 36),
    text(texts.notes, 40),
    text(texts.verifier, 22),
    text(texts.operator, 22),
    time(texts.created),
    time(texts.updated),
    { header: texts.comments, kind: 'number', width: widthFor(texts.comments, 10) },
  ];
}

/** A text cell: empty stays empty, anything else neutralised. */
const textCell = (value: string): CellValue => (value === '' ? null : neutralise(value));

/** 'YYYY-MM-DD' → the date at UTC midnight, which exceljs writes as that day's serial number. */
export function dayValue(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
}

// Excel times have no zone: they are written as Warsaw wall-clock time, as the UI shows them.
const warsawParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});
const offsets = new Map<number, number>();

/** Warsaw's offset from UTC (ms) at an instant; cached per hour, since Intl is slow per call. */
function warsawOffset(time: number): number {
  const hour = Math.floor(time / 3_600_000);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const at = hour * 3_600_000;
    const p = Object.fromEntries(warsawParts.formatToParts(new Date(at)).map((part) => [part.type, part.value]));
    offset = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)) - at;
    offsets.set(hour, offset);
  }
  return offset;
}

/** An epoch-ms time as a Date whose UTC fields are Warsaw's wall clock (0 = never → empty). */
export function warsawTime(time: number): Date | null {
  return time > 0 ? new Date(time + warsawOffset(time)) : null;
}

function customCell(attr: Attribute, value: unknown, setup: ExportSetup): CellValue {
  if (value === undefined || isEmptyValue(value)) return null;
  const choiceLabel = (key: string) => {
    const choice = attr.choices.find((c) => c.key === key);
    return choice ? localLabel(choice.label, choice.labelEn, setup.lang) : key;
  };
  switch (attr.kind) {
    case 'integer':
    case 'decimal':
      return typeof value === 'number' && Number.isFinite(value) ? value : textCell(String(value));
    case 'date':
      return typeof value === 'string' ? (dayValue(value) ?? textCell(value)) : null;
    case 'boolean':
      return value === true ? setup.texts.yes : value === false ? setup.texts.no : null;
    case 'choice':
      return textCell(choiceLabel(String(value)));
    case 'multiChoice':
      return textCell((Array.isArray(value) ? value : [value]).map((v) => choiceLabel(String(v))).join(', '));
    default:
      return textCell(typeof value === 'string' ? value : String(value));
  }
}

/** One record's cells, in exportColumns() order. */
export function rowCells(record: ExportRecord, setup: ExportSetup): CellValue[] {
  const cells: CellValue[] = [];
  for (const attr of STANDARD_ATTRIBUTES) {
    const value = record[attr.key] ?? '';
    cells.push(attr.key === 'voivodeship' ? textCell(voivodeshipNames.get(value) ?? value) : textCell(value));
  }
  for (const attr of setup.custom) {
    cells.push(customCell(attr, Object.hasOwn(record.custom, attr.id) ? record.custom[attr.id] : undefined, setup));
  }
  const { state, reason, verifierId, notes } = record.verification;
  cells.push(
    setup.texts.status[state] ?? state,
    textCell(reason),
    textCell(notesText(notes ?? {}, setup)),
    verifierId ? textCell(setup.people[verifierId] ?? verifierId) : null,
    textCell(setup.people[record.ownerId] ?? record.ownerId),
    warsawTime(record.createdAt),
    warsawTime(record.updatedAt),
    record.comments ? record.comments : null,
  );
  return cells;
}

const standardLabels = new Map(STANDARD_ATTRIBUTES.map((attr) => [attr.key as string, attr.label]));

/** A verdict's field notes as one cell: "NIP: należy do innej firmy; Nazwa: …", fields by their labels. */
export function notesText(notes: Readonly<Record<string, string>>, setup: ExportSetup): string {
  const parts: string[] = [];
  for (const [path, note] of Object.entries(notes)) {
    const standard = standardLabels.get(path);
    const attr = path.startsWith('custom:') ? setup.custom.find((a) => a.id === path.slice(7)) : undefined;
    const label = standard ? standard[setup.lang] : attr ? localLabel(attr.label, attr.labelEn, setup.lang) : path;
    parts.push(`${label}: ${note}`);
  }
  return parts.join('; ');
}
