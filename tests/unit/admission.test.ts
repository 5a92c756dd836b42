import { AdmissionGate, AdmissionSettings, eventLoopBusyShare } from '../../shared/server/admission';

/**
 * The admission gate (shared/server/admission.ts) on a hand clock and a given busy share: who runs,
 * who waits, in what order, how the limit moves, and a held request whose client leaves.
 */

const SETTINGS: AdmissionSettings = { minActive: 2, busyAbove: 0.9, windowMs: 20 };

function gateWith(initialBusy: number) {
  let now = 0;
  let busy = initialBusy;
  const gate = new AdmissionGate(
    SETTINGS,
    () => busy,
    () => now,
  );
  const order: string[] = [];
  /** Enters as `name`; the returned `leave` leaves, `go` makes its client go away while held. */
  const arrive = (name: string) => {
    let gone: (() => void) | undefined;
    const entered = gate.enter((listener) => (gone = listener));
    const admitted = entered === true ? Promise.resolve(true) : entered;
    void admitted.then((ran) => ran && order.push(name));
    return { admitted, go: () => gone?.() };
  };
  return {
    gate,
    order,
    arrive,
    later: (ms: number) => (now += ms),
    setBusy: (share: number) => (busy = share),
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the admission gate', () => {
  it('lets minActive run at once, busy or not, and holds the next until one leaves, first come first served', async () => {
    const { gate, order, arrive } = gateWith(1);
    arrive('a');
    arrive('b');
    arrive('c');
    arrive('d');
    await settle();
    expect(order).toEqual(['a', 'b']);
    expect(gate.state).toEqual({ running: 2, waiting: 2, limit: 2 });
    gate.leave();
    await settle();
    expect(order).toEqual(['a', 'b', 'c']);
    gate.leave();
    gate.leave();
    await settle();
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    gate.leave();
    expect(gate.state).toEqual({ running: 0, waiting: 0, limit: 2 });
  });

  it('raises the limit while the event loop has room and requests wait, so waits on slow subgraphs hold no place', async () => {
    const { gate, order, arrive, later } = gateWith(0.1);
    for (const name of ['a', 'b', 'c', 'd', 'e']) arrive(name);
    await settle();
    expect(order).toEqual(['a', 'b']);
    // Nobody leaves; a window later the loop had room: the limit grows by a quarter (at least one).
    later(20);
    arrive('f');
    await settle();
    expect(gate.state.limit).toBe(3);
    expect(order).toEqual(['a', 'b', 'c']);
    later(20);
    gate.leave();
    await settle();
    expect(gate.state.limit).toBe(4);
    expect(order).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('lowers the limit by a tenth a window while the event loop is busy, never below minActive', async () => {
    const { gate, arrive, later, setBusy } = gateWith(0.1);
    for (let i = 0; i < 40; i += 1) arrive(`r${i}`);
    for (let window = 0; window < 12; window += 1) {
      later(20);
      arrive(`more${window}`);
    }
    await settle();
    const grown = gate.state.limit;
    expect(grown).toBeGreaterThan(20);
    setBusy(0.95);
    later(20);
    arrive('busy0');
    expect(gate.state.limit).toBe(Math.floor(grown * 0.9));
    // Arrivals while busy (no request leaves more often than it entered) take the limit down to minActive.
    for (let window = 1; window <= 60; window += 1) {
      later(20);
      arrive(`busy${window}`);
    }
    expect(gate.state.limit).toBe(SETTINGS.minActive);
  });

  it('lets a held request whose client left go without running it or taking a place', async () => {
    const { gate, order, arrive } = gateWith(1);
    arrive('a');
    arrive('b');
    const c = arrive('c');
    arrive('d');
    c.go();
    expect(await c.admitted).toBe(false);
    expect(gate.state.waiting).toBe(1);
    gate.leave();
    await settle();
    expect(order).toEqual(['a', 'b', 'd']);
    // Going after being let in changes nothing.
    c.go();
    expect(gate.state).toEqual({ running: 2, waiting: 0, limit: 2 });
  });

  it('lets held requests in without anyone leaving once the loop has room (looked at every window)', async () => {
    jest.useFakeTimers();
    try {
      let now = 0;
      let busy = 1;
      const gate = new AdmissionGate(
        SETTINGS,
        () => busy,
        () => now,
      );
      expect(gate.enter(() => undefined)).toBe(true);
      expect(gate.enter(() => undefined)).toBe(true);
      let third = false;
      void (gate.enter(() => undefined) as Promise<boolean>).then((ran) => (third = ran));
      busy = 0;
      now += 20;
      jest.advanceTimersByTime(20);
      await Promise.resolve();
      expect(third).toBe(true);
      expect(gate.state).toEqual({ running: 3, waiting: 0, limit: 3 });
      // None held: the timer is gone.
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it("measures the event loop's busy share between calls", async () => {
    const share = eventLoopBusyShare();
    share();
    const until = Date.now() + 30;
    while (Date.now() < until) {
      // busy on purpose
    }
    expect(share()).toBeGreaterThan(0.8);
    // A window spent waiting on a timer is idle, unless the process was off the CPU until the timer
    // was already due: then the loop never blocks and the window reads 1 (seen on a loaded CI machine).
    // So a few windows are tried, and one of them must read mostly idle.
    const idleWindows: number[] = [];
    for (let tries = 0; tries < 10 && !idleWindows.some((s) => s < 0.5); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 60));
      idleWindows.push(share());
    }
    expect(Math.min(...idleWindows)).toBeLessThan(0.5);
  });
});
