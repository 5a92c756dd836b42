import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';

/**
 * The machine is shared: before each measured run, wait (at most `maxSeconds`, polling every 5 s)
 * until no gateway benchmark (`bench/run.ts`) is running, and note the load average then.
 */

export interface Quiet {
  /** Seconds waited for bench/run.ts to finish. */
  waitedSeconds: number;
  /** False when bench/run.ts was still running after the wait (measured anyway). */
  quiet: boolean;
  /** 1-, 5- and 15-minute load averages when the run started. */
  loadAverage: [number, number, number];
}

function gatewayBenchRunning(): boolean {
  try {
    const out = execFileSync('pgrep', ['-f', 'bench/run.ts'], { encoding: 'utf8' });
    const own = String(process.pid);
    return out.split('\n').some((pid) => pid.trim() !== '' && pid.trim() !== own);
  } catch {
    return false; // pgrep exits 1 when nothing matches
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rounded = () => loadavg().map((v) => Math.round(v * 100) / 100) as [number, number, number];

export async function waitForQuiet(log: (line: string) => void, maxSeconds = 600): Promise<Quiet> {
  const started = Date.now();
  let said = false;
  for (let attempt = 0; attempt <= maxSeconds / 5; attempt += 1) {
    if (!gatewayBenchRunning()) return { waitedSeconds: Math.round((Date.now() - started) / 1000), quiet: true, loadAverage: rounded() };
    if (!said) log('bench/run.ts is running: waiting until it ends (at most 10 minutes)');
    said = true;
    await sleep(5_000);
  }
  log('bench/run.ts still running after the wait; measuring anyway (noted in the results)');
  return { waitedSeconds: Math.round((Date.now() - started) / 1000), quiet: false, loadAverage: rounded() };
}
