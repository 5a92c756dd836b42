/**
 * The child process of include-flood.test.ts, run with `--expose-gc`: the whole test graph in this
 * process, flooded with one operation of 40 `@include(if: $vN)` fragments, each request with random
 * booleans (a new combination every time). Prints one JSON line: the heap retained after a forced
 * garbage collection once the warm-up is done and again after the flood, and how many answers were
 * right (each holds exactly the fields its variables included).
 */
import { startTestGraph } from '../support/graph';

const FRAGMENTS = 40;
const FIELDS = ['id', 'name', 'kind', 'city'] as const;
const WARM_UP = Number(process.env.FLOOD_WARM_UP ?? 1_000);
const FLOOD = Number(process.env.FLOOD_REQUESTS ?? 10_000);

const variables = Array.from({ length: FRAGMENTS }, (_, i) => `$v${i}: Boolean!`).join(', ');
const fragments = Array.from({ length: FRAGMENTS }, (_, i) => `... @include(if: $v${i}) { ${FIELDS[i % FIELDS.length]} }`).join(' ');
const QUERY = `query IncludeFlood(${variables}) { labsOrganisations(first: 2) { nodes { labs { ${fragments} } } } }`;

const gc = (globalThis as { gc?: () => void }).gc;

function retainedHeap(): number {
  for (let i = 0; i < 4; i += 1) gc!();
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  if (!gc) throw new Error('run with node --expose-gc');
  const graph = await startTestGraph();
  let right = 0;
  let sent = 0;
  const send = async () => {
    const values = Object.fromEntries(Array.from({ length: FRAGMENTS }, (_, i) => [`v${i}`, Math.random() < 0.5]));
    const expected = FIELDS.filter((_, f) => Array.from({ length: FRAGMENTS }, (_, i) => i).some((i) => i % FIELDS.length === f && values[`v${i}`]));
    const answer = await graph.query<{ labsOrganisations: { nodes: { labs: Record<string, unknown> }[] } }>(QUERY, values);
    sent += 1;
    const nodes = (answer.data?.labsOrganisations.nodes ?? []).map((node) => node.labs);
    if (!answer.errors && nodes.length === 2 && nodes.every((node) => JSON.stringify(Object.keys(node).sort()) === JSON.stringify([...expected].sort()))) right += 1;
  };
  for (let i = 0; i < WARM_UP; i += 1) await send();
  const afterWarmUp = retainedHeap();
  for (let i = 0; i < FLOOD; i += 1) await send();
  const afterFlood = retainedHeap();
  await graph.stop();
  process.stdout.write(`${JSON.stringify({ sent, right, afterWarmUp, afterFlood })}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
