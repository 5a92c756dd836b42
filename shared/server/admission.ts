import { performance } from 'node:perf_hooks';
import type { EventLoopUtilization } from 'node:perf_hooks';

/** How many requests run at once: at least `minActive`; more while the event loop has room. */
export interface AdmissionSettings {
  /** Requests that may always run at once, however busy the process. */
  minActive: number;
  /** The share of a window the event loop was busy (0-1) at or above which the process counts as busy. */
  busyAbove: number;
  /** How long a window is, in ms: the limit moves at most once a window, and held requests are looked at again as often. */
  windowMs: number;
}

export const DEFAULT_ADMISSION: AdmissionSettings = { minActive: 8, busyAbove: 0.9, windowMs: 20 };

/** Requests running now (let in and not yet left), held now, and the limit now. */
export interface AdmissionState {
  running: number;
  waiting: number;
  limit: number;
}

/** The event loop's busy share (0-1) since the previous call. */
export type BusyShare = () => number;

/** The event loop's busy share since the previous call, from performance.eventLoopUtilization. */
export function eventLoopBusyShare(): BusyShare {
  let mark: EventLoopUtilization = performance.eventLoopUtilization();
  return () => {
    const next = performance.eventLoopUtilization();
    const share = performance.eventLoopUtilization(next, mark).utilization;
    mark = next;
    return share;
  };
}

/**
 * Lets requests run up to a limit and holds the rest, first come first served. The limit adapts
 * once a window: down by a tenth (to `minActive` at least) while the event loop was busy, up by a
 * quarter while it had room and requests were held. A CPU-bound process gains nothing by starting
 * more requests at once: each only takes longer, and what it holds lives long enough to be promoted
 * to the old space, which costs full collections and peak memory. Requests waiting on a slow
 * subgraph keep no CPU busy, so the limit grows past them: slow subgraphs cannot hold every place.
 */
export class AdmissionGate {
  private active = 0;
  private limit: number;
  private readonly held: { admit: () => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private windowStart: number;

  constructor(
    private readonly settings: AdmissionSettings = DEFAULT_ADMISSION,
    private readonly busyShare: BusyShare = eventLoopBusyShare(),
    private readonly now: () => number = () => performance.now(),
  ) {
    this.limit = settings.minActive;
    this.windowStart = now();
  }

  get state(): AdmissionState {
    return { running: this.active, waiting: this.held.length, limit: this.limit };
  }

  /**
   * `true` when the request may run at once; else a promise of `true` once it may. Then `leave`
   * must be called once, when it is done. The promise resolves `false` when `gone` calls back
   * first (its client left while it was held): it never ran, and `leave` is not called.
   */
  enter(gone: (listener: () => void) => void): true | Promise<boolean> {
    this.adapt();
    if (this.held.length === 0 && this.active < this.limit) {
      this.active += 1;
      return true;
    }
    return new Promise<boolean>((resolve) => {
      const entry = {
        admit: () => {
          this.active += 1;
          resolve(true);
        },
      };
      this.held.push(entry);
      gone(() => {
        const at = this.held.indexOf(entry);
        if (at === -1) return;
        this.held.splice(at, 1);
        resolve(false);
      });
      // The limit may have grown this window: those first in line go first.
      this.letIn();
      if (this.held.length > 0) this.watch();
    });
  }

  leave(): void {
    this.active -= 1;
    this.letIn();
  }

  /** Once a window has passed: the limit down while the loop was busy, up while it had room and requests waited. */
  private adapt(): void {
    const now = this.now();
    if (now - this.windowStart < this.settings.windowMs) return;
    this.windowStart = now;
    const busy = this.busyShare() >= this.settings.busyAbove;
    if (busy) this.limit = Math.max(this.settings.minActive, Math.floor(this.limit * 0.9));
    else if (this.held.length > 0) this.limit += Math.max(1, Math.ceil(this.limit / 4));
  }

  private letIn(): void {
    this.adapt();
    while (this.held.length > 0 && this.active < this.limit) this.held.shift()!.admit();
    if (this.held.length === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** While requests are held, looks again every window: the loop may have room with none leaving (all waiting on subgraphs). */
  private watch(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.letIn(), this.settings.windowMs);
    this.timer.unref();
  }
}
