import { printSubgraphSchema } from '@apollo/subgraph';
import { composeSupergraph, CompositionError } from '../../gateway/compose';
import { composeOffThread } from '../../gateway/composition/off-thread';
import { MemoryStore } from '../../shared/store/memory-store';
import { labsSubgraph } from '../../subgraphs/labs';

/**
 * A running gateway composes in a thread of its own (gateway/composition/off-thread.ts): on the
 * event loop a composition held every request for as long as it ran, seconds for a schema a
 * registry padded with made-up types (audit, 2026-12-07).
 */
describe('composition in a thread of its own', () => {
  const subgraphs = [{ name: 'labs', url: 'http://127.0.0.1:1/graphql' }];
  const sdl = printSubgraphSchema(labsSubgraph.create(new MemoryStore()).module.schema);

  it('gives the supergraph and directory the gateway composes on its own thread', async () => {
    const sdls = new Map([['labs', sdl]]);
    expect(await composeOffThread(subgraphs, sdls)).toEqual(composeSupergraph(subgraphs, sdls));
  });

  it("passes the composer's refusal on with each error's code", async () => {
    const broken = new Map([['labs', `${sdl}\ntype Broken { field: Missing }\n`]]);
    const refusal = await composeOffThread(subgraphs, broken).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(CompositionError);
    expect((refusal as CompositionError).message).toContain('Missing');
    expect((refusal as CompositionError).errors.every((error) => typeof error.extensions['code'] === 'string')).toBe(true);
  });

  it('stops a composition past its time or its heap, and refuses it saying so', async () => {
    const sdls = new Map([['labs', sdl]]);
    const late = await composeOffThread(subgraphs, sdls, {}, { timeoutMs: 1, maxHeapMb: 1024 }).catch((error: unknown) => error);
    expect((late as CompositionError).errors.map((error) => [error.extensions['code'], error.message])).toEqual([
      ['COMPOSITION_STOPPED', 'composition took longer than 1 ms and was stopped'],
    ]);
    const large = await composeOffThread(subgraphs, sdls, {}, { timeoutMs: 60_000, maxHeapMb: 4 }).catch((error: unknown) => error);
    expect((large as CompositionError).errors.map((error) => error.extensions['code'])).toEqual(['COMPOSITION_STOPPED']);
    expect((large as CompositionError).message).toMatch(/composition stopped/);
  });
});
