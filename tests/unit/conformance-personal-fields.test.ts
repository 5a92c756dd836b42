import { printSubgraphSchema } from '@apollo/subgraph';
import { unguardedPersonalFields } from '../../scripts/conformance/personal-fields';
import { SchemaIndex } from '../../scripts/conformance/schema-index';
import { auditorsSubgraph } from '../../subgraphs/auditors';
import { engineeringSubgraph } from '../../subgraphs/engineering';
import { guildsSubgraph } from '../../subgraphs/guilds';
import { labsSubgraph } from '../../subgraphs/labs';

/**
 * PRIV-1's reading of a subgraph's schema: every national code and contact a client can reach asks
 * personal:read, through a union or an interface too, and a field composition forbids marking
 * (an interface's) is not asked to be marked.
 */

const schema = (types: string) =>
  SchemaIndex.of(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@requiresScopes"])
    type ContactDetails @shareable { phone: String email: String address: String }
    ${types}`);
const GUARD = '@requiresScopes(scopes: [["personal:read"]])';

describe("PRIV-1's schema check", () => {
  it('finds nothing in the four founding registries', () => {
    for (const subgraph of [labsSubgraph, auditorsSubgraph, engineeringSubgraph, guildsSubgraph]) {
      expect([subgraph.key, unguardedPersonalFields(SchemaIndex.of(printSubgraphSchema(subgraph.schema)))]).toEqual([subgraph.key, []]);
    }
  });

  it('reaches the types of a union or an interface, and a contact behind one', () => {
    const problems = unguardedPersonalFields(
      schema(`
        interface Desk { id: ID }
        type ProbeDesk implements Desk { id: ID holderNationalCode: String }
        type Withheld { reason: String }
        union ReachAt = ContactDetails | Withheld
        type Counter { reachAt: ReachAt }
        union CounterOrWithheld = Counter | Withheld
        type Query { desks: [Desk!]! counters: [CounterOrWithheld!]! }`),
    );
    expect(problems.sort()).toEqual([expect.stringMatching(/^Counter\.reachAt is personal/), expect.stringMatching(/^ProbeDesk\.holderNationalCode is personal/)]);
  });

  it("does not ask an interface's field for the mark composition refuses there, when its implementations carry it", () => {
    const problems = unguardedPersonalFields(
      schema(`
        interface Desk { holderNationalCode: String reachAt: ContactDetails }
        type ProbeDesk implements Desk { holderNationalCode: String ${GUARD} reachAt: ContactDetails ${GUARD} }
        type Query { desks: [Desk!]! }`),
    );
    expect(problems).toEqual([]);
  });
});
