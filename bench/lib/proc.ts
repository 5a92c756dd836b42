import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { PEERS_DIR, peerPackageNames } from './peers';

/** Clock ticks per second of /proc's CPU times (USER_HZ); 100 on every common Linux. */
function clockTicks(): number {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    if (Number.isFinite(value) && value > 0) return value;
  } catch {
    // getconf missing: fall through
  }
  return 100;
}

export const CLOCK_TICKS = clockTicks();

interface ProcStat {
  pid: number;
  ppid: number;
  /** user + system CPU time of the process (all its threads), in ticks */
  ticks: number;
}

function readProcStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may contain spaces: split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); ppid is field 4, utime 14, stime 15.
  return { pid, ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
}

/** The process and every descendant alive now (a gateway that forks workers is counted whole). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry));
    if (!stat) continue;
    const list = children.get(stat.ppid) ?? [];
    list.push(stat.pid);
    children.set(stat.ppid, list);
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** CPU seconds (user + system) used so far by the given processes. */
export function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) ticks += readProcStat(pid)?.ticks ?? 0;
  return ticks / CLOCK_TICKS;
}

/** A field of /proc/<pid>/status in KiB (VmHWM: peak resident set; VmRSS: resident now). */
export function statusKiB(pid: number, field: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Busy and total ticks of each CPU from /proc/stat, to tell how loaded each pinned core was. */
export function perCoreTicks(): { cpu: number; busy: number; total: number }[] {
  const lines = readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .filter((line) => /^cpu\d+ /.test(line));
  return lines.map((line) => {
    const [name, ...rest] = line.trim().split(/\s+/);
    const values = rest.map(Number);
    const idle = (values[3] ?? 0) + (values[4] ?? 0); // idle + iowait
    const total = values.slice(0, 8).reduce((sum, v) => sum + v, 0); // user..steal
    return { cpu: Number(name!.slice(3)), busy: total - idle, total };
  });
}

/** Per-core utilisation (0..1) between two perCoreTicks() samples. */
export function coreUtilisation(before: ReturnType<typeof perCoreTicks>, after: ReturnType<typeof perCoreTicks>): Record<string, number> {
  const result: Record<string, number> = {};
  for (const a of after) {
    const b = before.find((x) => x.cpu === a.cpu);
    if (!b || a.total === b.total) continue;
    result[`cpu${a.cpu}`] = (a.busy - b.busy) / (a.total - b.total);
  }
  return result;
}

export function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function packageVersion(root: string, name: string): string {
  const file = join(root, 'node_modules', name, 'package.json');
  if (!existsSync(file)) return 'not installed';
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  kernel: string;
  taskset: boolean;
  packages: Record<string, string>;
}

export function machineInfo(root: string): MachineInfo {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match) cpuModel = match[1]!.trim();
  } catch {
    // not Linux: keep os.cpus()'s answer
  }
  return {
    cpuModel,
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    kernel: release(),
    taskset: hasTaskset(),
    packages: Object.fromEntries([
      ...['@apollo/gateway', '@apollo/server', '@apollo/subgraph', 'autocannon', 'graphql'].map((name): [string, string] => [name, packageVersion(root, name)]),
      // the other gateways come from their own install in bench/peers (bench/lib/peers.ts)
      ...peerPackageNames().map((name): [string, string] => [name, packageVersion(PEERS_DIR, name)]),
    ]),
  };
}
