import { printSubgraphSchema } from '@apollo/subgraph';
import { unguardedPersonalFieldsOf } from '../../scripts/conformance/personal-fields';
import { labsSubgraph } from '../../subgraphs/labs';

/**
 * PRIV-1's reading of a subgraph's schema, which is the gateway's (gateway/personal-fields.ts): every
 * national code and contact a client can reach asks personal:read, through a union or an interface
 * too, and a field composition forbids marking (an interface's) is not asked to be marked.
 */

const URL = 'http://127.0.0.1:1/graphql';
const GUARD = '@requiresScopes(scopes: [["personal:read"]])';
const LABS_SDL = printSubgraphSchema(labsSubgraph.schema);

/** The labs registry's schema with `types` added: what a registry adding them would serve. */
const labsWith = (types: string): string[] | undefined => unguardedPersonalFieldsOf('labs', URL, `${LABS_SDL}\n${types}`);

describe("PRIV-1's schema check", () => {
  // The four registries composed together pass the gateway's same check in every suite that starts the graph.
  it('finds nothing in the labs registry', () => {
    expect(labsWith('')).toEqual([]);
  });

  it('reaches the types of a union or an interface, and a contact behind one', () => {
    const problems = labsWith(`
        interface LabsDesk { id: ID }
        type LabsProbeDesk implements LabsDesk { id: ID holderNationalCode: String }
        type LabsWithheld { reason: String }
        union LabsReachAt = ContactDetails | LabsWithheld
        type LabsCounter { reachAt: LabsReachAt }
        union LabsCounterOrWithheld = LabsCounter | LabsWithheld
        extend type Query { labsDesks: [LabsDesk!]! labsCounters: [LabsCounterOrWithheld!]! }`);
    expect(problems?.sort()).toEqual([
      expect.stringMatching(/^LabsCounter\.reachAt holds personal data but labs/),
      expect.stringMatching(/^LabsProbeDesk\.holderNationalCode holds personal data but labs/),
    ]);
  });

  it("does not ask an interface's field for the mark composition refuses there, when its implementations carry it", () => {
    const problems = labsWith(`
        interface LabsDesk { holderNationalCode: String reachAt: ContactDetails }
        type LabsProbeDesk implements LabsDesk { holderNationalCode: String ${GUARD} reachAt: ContactDetails ${GUARD} }
        extend type Query { labsDesks: [LabsDesk!]! }`);
    expect(problems).toEqual([]);
  });

  it('is not read from a schema that does not compose (COMPOSE-1 says why)', () => {
    expect(labsWith('extend type Query { labsBroken: NoSuchType }')).toBeUndefined();
  });
});
