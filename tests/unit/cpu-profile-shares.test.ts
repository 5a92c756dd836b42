import { CpuProfile, profileShares } from '../../bench/lib/cpu-profile-shares';

const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({ id, callFrame: { functionName, url, lineNumber: 0 }, children });

/** root → serve (gateway/serve.ts) → sign (caller-signer) → signOneShot (node:crypto); root → plan; (idle); (garbage collector). */
const PROFILE: CpuProfile = {
  nodes: [
    frame(1, '(root)', '', [2, 5, 6, 7]),
    frame(2, 'serve', 'file:///app/gateway/serve.ts', [3]),
    frame(3, 'sign', 'file:///app/gateway/trust/caller-signer.ts', [4]),
    frame(4, 'signOneShot', 'node:internal/crypto/sig'),
    frame(5, 'plan', 'file:///app/gateway/execution/plan.ts'),
    frame(6, '(idle)', ''),
    frame(7, '(garbage collector)', ''),
  ],
  startTime: 1_000,
  endTime: 2_000,
  // One sample every 100 µs, from 1,100 to 2,000.
  samples: [4, 4, 3, 5, 5, 6, 6, 7, 4, 5],
  timeDeltas: [100, 100, 100, 100, 100, 100, 100, 100, 100, 100],
};

describe('profile shares', () => {
  it('count a sample for the outermost part its stack passes through, self and child time, idle left out', () => {
    const shares = profileShares(PROFILE, [
      { name: 'assertions', files: ['gateway/trust/caller-signer.ts'] },
      { name: 'crypto', files: ['internal/crypto/'] },
    ]);
    expect(shares).toMatchObject({ busySamples: 8, idleSamples: 2, garbageCollectionSamples: 1 });
    // signOneShot is in both parts' files: the caller's part (nearer the root) takes it.
    expect(shares.parts.map((p) => [p.name, p.samples])).toEqual([
      ['assertions', 4],
      ['crypto', 0],
    ]);
    expect(shares.parts[0]!.leaves).toEqual([
      { function: 'signOneShot node:internal/crypto/sig', samples: 3 },
      { function: 'sign gateway/trust/caller-signer.ts', samples: 1 },
    ]);
  });

  it('keep only the samples inside the window, on the profile clock', () => {
    const shares = profileShares(PROFILE, [{ name: 'assertions', files: ['gateway/trust/caller-signer.ts'] }], { start: 1_250, end: 1_850 });
    // Samples at 1,300 to 1,800: sign, plan, plan, idle, idle, gc.
    expect(shares).toMatchObject({ busySamples: 4, idleSamples: 2, garbageCollectionSamples: 1 });
    expect(shares.parts[0]!.samples).toBe(1);
  });
});
