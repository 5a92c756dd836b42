/**
 * Attributes a V8 CPU profile (`node --cpu-prof`, or the inspector's Profiler) to named parts of the
 * code: a sample belongs to a part when any frame of its stack is in one of the part's files, the
 * frame nearest the root deciding (so a part's time is its self time plus that of everything it
 * calls: jose, node:crypto, JSON). Idle time is left out of the total; garbage collection and
 * `(program)` stay in it, unattributed.
 *
 * Samples are counted, not weighted by the time between them: on a shared machine a process is
 * descheduled now and then, and the sample taken when it runs again would carry that whole pause.
 * With the sampling interval fixed, a part's share of the busy samples is its share of the CPU.
 */

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A part of the code, by the files its functions live in (a part of the frame's URL: `gateway/trust/caller-signer.` for the source or its compiled file, `node_modules/jose/`). */
export interface CodePart {
  name: string;
  files: string[];
}

export interface PartTime {
  name: string;
  /** Samples attributed to the part. */
  samples: number;
  /** The functions the part's samples ended in (self time), the largest first. */
  leaves: { function: string; samples: number }[];
}

export interface ProfileShares {
  /** Busy samples: every sample but `(idle)`, within the window. */
  busySamples: number;
  idleSamples: number;
  garbageCollectionSamples: number;
  parts: PartTime[];
}

/** `sign gateway/trust/caller-signer.ts`, `signOneShot node:internal/crypto/sig` (tsx's output has no useful line numbers). */
const frameName = (node: CpuProfileNode) =>
  `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*\/(node_modules\/)/, '$1').replace(/^file:.*\/((gateway|shared|bench)\/)/, '$1')}`;

/** The parts' time in `profile`, counting only samples taken within `window` (monotonic microseconds, the profile's clock) when given. */
export function profileShares(profile: CpuProfile, parts: CodePart[], window?: { start: number; end: number }): ProfileShares {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const partOfNode = new Map<number, number>();
  const partOf = (id: number): number => {
    const known = partOfNode.get(id);
    if (known !== undefined) return known;
    const up = parent.get(id);
    // The outermost frame decides: look above first.
    let part = up === undefined ? -1 : partOf(up);
    if (part === -1) {
      const url = byId.get(id)!.callFrame.url;
      part = parts.findIndex((p) => p.files.some((file) => url.includes(file)));
    }
    partOfNode.set(id, part);
    return part;
  };
  const counts = parts.map(() => 0);
  const leaves = parts.map(() => new Map<string, number>());
  let busy = 0;
  let idle = 0;
  let gc = 0;
  let time = profile.startTime;
  for (let i = 0; i < profile.samples.length; i += 1) {
    time += profile.timeDeltas[i]!;
    if (window && (time < window.start || time > window.end)) continue;
    const node = byId.get(profile.samples[i]!)!;
    const name = node.callFrame.functionName;
    if (name === '(idle)') {
      idle += 1;
      continue;
    }
    busy += 1;
    if (name === '(garbage collector)') gc += 1;
    const part = partOf(node.id);
    if (part >= 0) {
      counts[part]! += 1;
      const leaf = frameName(node);
      leaves[part]!.set(leaf, (leaves[part]!.get(leaf) ?? 0) + 1);
    }
  }
  return {
    busySamples: busy,
    idleSamples: idle,
    garbageCollectionSamples: gc,
    parts: parts.map((part, i) => ({
      name: part.name,
      samples: counts[i]!,
      leaves: [...leaves[i]!.entries()].sort((a, b) => b[1] - a[1]).map(([fn, n]) => ({ function: fn, samples: n })),
    })),
  };
}
