import * as labsModule from '../../subgraphs/labs';
import { builtSubgraphOf, localSubgraphSdl } from '../../scripts/schema-workflow/sources';

describe("a subgraph folder's exports, as the schema workflow reads them", () => {
  it('picks the built subgraph, not the definition it is built from, whichever is exported first', () => {
    expect(Object.keys(labsModule)[0]).toBe('labsDefinition');
    expect(builtSubgraphOf(labsModule, 'labs')).toBe(labsModule.labsSubgraph);
  });

  it('gives the SDL the subgraph serves (npm run compose --local)', async () => {
    const sdl = await localSubgraphSdl('labs');
    expect(sdl).toContain('labsMembers');
  });

  it('says which folder exports no subgraph with the key asked for', () => {
    expect(() => builtSubgraphOf(labsModule, 'auditors')).toThrow('subgraphs/auditors/index.ts exports no subgraph definition with key "auditors"');
  });
});
