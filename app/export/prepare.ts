// Builds an export job from what the page holds: the order, the attributes and people known on the
// device, the UI texts, and what the table shows (filter, sort, row count). Loaded with the export.
import type { Attribute } from '../../schemas/entities/attribute.ts';
import type { Client } from '../../schemas/entities/client.ts';
import type { DirectoryUser } from '../../schemas/entities/directory-user.ts';
import type { Order } from '../../schemas/entities/order.ts';
import type { Dictionary } from '../i18n/dictionary.ts';
import { isEmptyValue } from '../../schemas/entities/custom-values.ts';
import { customColumns, type Lang } from './columns.ts';
import type { ExportJob } from './protocol.ts';
import { exportFileName } from './safe-text.ts';

export { exportRecord } from './columns.ts';

export interface ExportFacts {
  order: Pick<Order, 'name' | 'attributeIds'>;
  attributes: readonly Attribute[];
  people: readonly Pick<DirectoryUser, 'id' | 'name'>[];
  /** The exported records (only `custom` is read here). */
  records: Iterable<Pick<Client, 'custom'>>;
  count: number;
  exportedBy: string;
  filterRejected: boolean;
  sortColumn: string;
  ascending: boolean;
  now: number;
  /** Warsaw's calendar day of `now` (YYYY-MM-DD), for the file name. */
  day: string;
  lang: Lang;
  t: Dictionary;
}

/** Records scanned per task: a scan of 100,000 records in one task held the main thread for ~90 ms. */
const SCAN_SLICE = 5_000;
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The custom keys that hold a value in any record, in first-seen order, scanned a slice per task so the
 * page stays responsive (QUALITY: no task over 50 ms), as one synthetic record for customColumns().
 */
export async function heldCustomKeys(records: Iterable<Pick<Client, 'custom'>>): Promise<Pick<Client, 'custom'>[]> {
  const held = new Set<string>();
  let scanned = 0;
  for (const record of records) {
    const custom = record.custom;
    for (const key in custom) if (!held.has(key) && !isEmptyValue(custom[key])) held.add(key);
    if (++scanned % SCAN_SLICE === 0) await nextTask();
  }
  return [{ custom: Object.fromEntries([...held].map((key) => [key, true])) }];
}

export async function prepareExport(facts: ExportFacts): Promise<{ job: ExportJob; fileName: string }> {
  const { t } = facts;
  const byId = new Map(facts.attributes.map((a) => [a.id, a]));
  const custom = customColumns(facts.order.attributeIds, byId, await heldCustomKeys(facts.records));
  const job: ExportJob = {
    setup: {
      lang: facts.lang,
      texts: {
        status: { unverified: t.status.unverified ?? '', approved: t.status.approved ?? '', rejected: t.status.rejected ?? '', corrected: t.status.corrected ?? '' },
        statusColumn: t.colStatus,
        reason: t.exportColReason,
        notes: t.exportColNotes,
        comments: t.exportColComments,
        verifier: t.exportColVerifier,
        operator: t.exportColOperator,
        created: t.exportColCreated,
        updated: t.exportColUpdated,
        yes: t.customYes,
        no: t.customNo,
      },
      custom,
      people: Object.fromEntries(facts.people.map((p) => [p.id, p.name])),
    },
    orderName: facts.order.name,
    sheetFallback: t.exportSheetFallback,
    infoSheet: t.exportInfoSheet,
    info: [
      [t.exportInfoOrder, facts.order.name],
      [t.exportInfoBy, facts.exportedBy],
      [t.exportInfoAt, { time: facts.now }],
      [t.exportInfoFilter, facts.filterRejected ? t.exportFilterRejected : t.exportFilterAll],
      [t.exportInfoSort, t.exportSort(facts.sortColumn, facts.ascending)],
      [t.exportInfoCount, facts.count],
      [t.exportInfoTimes, t.exportInfoTimesValue],
    ],
    total: facts.count,
  };
  return { job, fileName: exportFileName(facts.order.name, facts.day, t.exportSheetFallback) };
}
