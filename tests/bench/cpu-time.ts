// CPU time used by this process's descendants (Chromium's processes, the spawned server), read from /proc:
// a measure of work that the other load of a shared machine inflates far less than wall time. Linux only;
// elsewhere every reading is empty and the figures read 0.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface Proc { pid: number; ppid: number; name: string; ticks: number }

function processes(): Proc[] {
  if (!existsSync('/proc/self/stat')) return [];
  const list: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' '); // from field 3 (state): ppid is [1], utime [11], stime [12]
      list.push({ pid: Number(entry), ppid: Number(fields[1]), name, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // the process ended meanwhile
    }
  }
  return list;
}

function chromiumType(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').match(/--type=([a-z-]+)/)?.[1] ?? 'browser';
  } catch {
    return 'browser'; // ended meanwhile
  }
}

/**
 * CPU milliseconds so far of every living descendant, by kind: 'chromium' (all its processes), 'chromium
 * renderer' / 'chromium browser' (the one that writes IndexedDB) / …, else the process name ('node': the server).
 */
export function descendantCpu(): Record<string, number> {
  const children = new Map<number, Proc[]>();
  for (const p of processes()) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const totals: Record<string, number> = {};
  const add = (kind: string, ms: number) => (totals[kind] = (totals[kind] ?? 0) + ms);
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      const ms = (child.ticks * 1000) / TICKS_PER_SECOND;
      if (/chrom/i.test(child.name)) {
        add('chromium', ms);
        add(`chromium ${chromiumType(child.pid)}`, ms);
      } else add(child.name, ms);
      walk(child.pid);
    }
  };
  walk(process.pid);
  return totals;
}

/** CPU milliseconds of one kind between two readings (read the second before closing what you measure). */
export function cpuBetween(before: Record<string, number>, after: Record<string, number>, kind: string): number {
  return (after[kind] ?? 0) - (before[kind] ?? 0);
}
