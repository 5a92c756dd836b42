import { printSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError } from 'graphql';
import { composeWithDirectory, CompositionError, SubgraphSdl } from '../../gateway/compose';
import { registryOfTypeName } from '../../gateway/subgraph-boundaries';
import { auditorsSubgraph } from '../../subgraphs/auditors';
import { engineeringSubgraph } from '../../subgraphs/engineering';
import { guildsSubgraph } from '../../subgraphs/guilds';
import { labsSubgraph } from '../../subgraphs/labs';

/**
 * One association's subgraph cannot reach into another's part of the graph (registry contract
 * OWN-1): composition refuses a subgraph that takes a field over from another (`@override`, under
 * any imported name) or declares a type of another registry, so the gateway never sends it another
 * registry's keys (a member's national code) nor serves its answers as that registry's.
 */

const FOUNDING: SubgraphSdl[] = [labsSubgraph, auditorsSubgraph, engineeringSubgraph, guildsSubgraph].map((subgraph) => ({
  name: subgraph.key,
  url: `http://${subgraph.key}.invalid/graphql`,
  sdl: printSubgraphSchema(subgraph.schema),
}));

const federation = (imports: string) => `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: [${imports}])`;

/** A subgraph `probe` (not a registry) beside the four registries. */
const withProbe = (sdl: string) => composeWithDirectory([...FOUNDING, { name: 'probe', url: 'http://probe.invalid/graphql', sdl }], { probe: false });

function refusal(compose: () => unknown): string[] {
  try {
    compose();
  } catch (error) {
    expect(error).toBeInstanceOf(CompositionError);
    return (error as CompositionError).errors.map((e: GraphQLError) => `${String(e.extensions.code)}: ${e.message}`);
  }
  throw new Error('composed, but should have been refused');
}

describe('subgraph boundaries at composition', () => {
  it('composes the four registries and a subgraph that keeps to its own types', () => {
    const { supergraphSdl } = withProbe(`${federation('"@key"')}
      type ProbeReading @key(fields: "id") { id: ID! value: Int }
      type Query { probeReadings: [ProbeReading!]! }`);
    expect(supergraphSdl).toContain('probeReadings');
  });

  it("refuses a subgraph that takes a registry member's contact over, even without naming the registry's type first", () => {
    const messages = refusal(() =>
      withProbe(`${federation('"@key", "@override", "@external", "@shareable"')}
        type LabsMember @key(fields: "nationalCode") { nationalCode: String! @external contact: ContactDetails @override(from: "labs") }
        type ContactDetails @shareable { phone: String email: String address: String }
        type Query { probe: String }`),
    );
    expect(messages).toEqual([expect.stringMatching(/^SUBGRAPH_TAKEOVER: subgraph probe declares LabsMember, a type of the labs registry\. .*OWN-1/)]);
  });

  it('refuses a field a subgraph takes over from another (@override), under the directive name it imported', () => {
    for (const [imports, directive] of [
      ['"@override"', '@override'],
      ['{ name: "@override", as: "@borrow" }', '@borrow'],
    ] as const) {
      const messages = refusal(() => withProbe(`${federation(imports)}\n type Query { labsMemberCount: Int ${directive}(from: "labs") }`));
      expect(messages).toEqual([expect.stringMatching(/^SUBGRAPH_TAKEOVER: subgraph probe takes Query\.labsMemberCount over from labs \(@override\)/)]);
    }
  });

  it("refuses another registry's enum or input type too", () => {
    const messages = refusal(() =>
      withProbe(`${federation('"@key"')}
        enum GuildsOrder { NEWEST }
        input EngineeringFilter { city: String }
        type Query { probe(order: GuildsOrder, filter: EngineeringFilter): String }`),
    );
    expect(messages.sort()).toEqual([
      expect.stringContaining('subgraph probe declares EngineeringFilter, a type of the engineering registry'),
      expect.stringContaining('subgraph probe declares GuildsOrder, a type of the guilds registry'),
    ]);
  });

  /** The four registries with guilds' schema grown by `extra` (a guilds operator reaching for others' data). */
  const withGuildsExtended = (extra: string) =>
    composeWithDirectory(FOUNDING.map((subgraph) => (subgraph.name === 'guilds' ? { ...subgraph, sdl: `${subgraph.sdl}\n${extra}` } : subgraph)));

  it("refuses a registry that asks to be sent another registry's committee seats with a field of its own (@requires)", () => {
    const messages = refusal(() =>
      withGuildsExtended(`extend type JointProject {
        engineering: RegistryProjectView @federation__external
        guildsAudit: String @federation__requires(fields: "engineering { members { nationalCode position } }")
      }`),
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^SUBGRAPH_TAKEOVER: subgraph guilds asks to be sent engineering \{ members \{ nationalCode position \} \} with JointProject\.guildsAudit \(@requires\)\. .*OWN-1/,
        ),
        expect.stringMatching(/^SUBGRAPH_TAKEOVER: subgraph guilds declares JointProject\.engineering @external/),
      ]),
    );
  });

  it("refuses a registry that asks to be sent every credential holder's national code (@requires on a list entity)", () => {
    const messages = refusal(() =>
      withGuildsExtended(`extend type CredentialList {
        engineering: CredentialCatalog! @federation__external
        guildsSpy: String @federation__requires(fields: "engineering { entries { holderNationalCode number title } }")
      }`),
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('subgraph guilds asks to be sent engineering { entries { holderNationalCode number title } } with CredentialList.guildsSpy (@requires)'),
      ]),
    );
  });

  it('refuses a key of its own choosing on a type other subgraphs declare, and keeps the keys the directory gives', () => {
    // Every registry resolves ContactDetails (a shared value type): keyed by guilds, the planner would send it the phone of any contact asked for with guildsSpy.
    const messages = refusal(() => withGuildsExtended(`extend type ContactDetails @key(fields: "phone") { guildsSpy: String }`));
    expect(messages).toEqual([
      expect.stringMatching(/^SUBGRAPH_TAKEOVER: subgraph guilds keys ContactDetails, a type other subgraphs declare, by phone, a key the directory does not give it \(@key\)/),
    ]);
    expect(withGuildsExtended(`extend type Organisation @key(fields: "id") { guildsNote: String }`).supergraphSdl).toContain('guildsNote');
  });

  it('refuses a subgraph that is not a registry but declares Person or Me, whose keys are national codes no member list screens', () => {
    // Composed, the gateway sent it the code of every labs member an anonymous `labsMembers { nodes { probeNote } }` listed.
    const messages = refusal(() =>
      withProbe(`${federation('"@key"')}
        type Person @key(fields: "nationalCode") { nationalCode: String! probeNote: String }
        type Me @key(fields: "nationalCode") { nationalCode: String! probeSeen: Boolean }
        type Query { probe: String }`),
    );
    expect(messages.sort()).toEqual([
      expect.stringMatching(/^SUBGRAPH_TAKEOVER: subgraph probe declares Me, which is keyed by national code, but is not a registry.*OWN-1/),
      expect.stringMatching(/^SUBGRAPH_TAKEOVER: subgraph probe declares Person, which is keyed by national code, but is not a registry.*OWN-1/),
    ]);
    // A reference it only returns, never resolves, names people the same way.
    expect(
      refusal(() =>
        withProbe(`${federation('"@key"')}\n type Person @key(fields: "nationalCode", resolvable: false) { nationalCode: String! }\n type Query { probePeople: [Person!]! }`),
      ),
    ).toEqual([expect.stringContaining('subgraph probe declares Person, which is keyed by national code, but is not a registry')]);
  });

  it('refuses a subgraph that hides or guards what it shares with the registries (@inaccessible, @requiresScopes...), and lets it repeat their own marks', () => {
    // Composed, PageInfo.hasNextPage left every registry's lists for every client, and the gateway refused ContactDetails.phone to anyone without a scope the probe made up.
    const messages = refusal(() =>
      withProbe(`${federation('"@shareable", "@inaccessible", "@requiresScopes"')}
        type PageInfo @shareable { hasNextPage: Boolean! @inaccessible endCursor: String }
        type ContactDetails @shareable { phone: String @requiresScopes(scopes: [["probe:admin"]]) email: String address: String }
        type Query { probePage: PageInfo probeContact: ContactDetails }`),
    );
    expect(messages.sort()).toEqual([
      expect.stringMatching(
        /^SUBGRAPH_TAKEOVER: subgraph probe puts @inaccessible on PageInfo\.hasNextPage, which labs, auditors, engineering, guilds, directory declare too without it.*OWN-1/,
      ),
      expect.stringMatching(/^SUBGRAPH_TAKEOVER: subgraph probe puts @requiresScopes\(\{"scopes":\[\["probe:admin"\]\]\}\) on ContactDetails\.phone, which labs, auditors/),
    ]);
    // The registries' own mark on what they share, and a mark on its own field, are the probe's to repeat and to put.
    const { supergraphSdl } = withProbe(`${federation('"@shareable", "@inaccessible"')}
      type Query { _memberCount: Int! @shareable @inaccessible probeSecret: String @inaccessible probe: String }`);
    expect(supergraphSdl).toContain('probeSecret');
  });

  it('refuses a subgraph that deprecates what it shares with the registries or the directory, and lets it deprecate its own', () => {
    // Composed, the public schema told every client that another registry's field or value was going away, in the probe's words.
    expect(
      refusal(() =>
        withProbe(`${federation('"@shareable"')}
          enum Registry { LABS AUDITORS ENGINEERING GUILDS @deprecated(reason: "guilds left the graph") }
          type ContactDetails @shareable { phone: String @deprecated(reason: "use probeContact") email: String address: String }
          type Query { probe(registry: Registry): Registry probeContact: ContactDetails }`),
      ).sort(),
    ).toEqual([
      expect.stringMatching(
        /^SUBGRAPH_TAKEOVER: subgraph probe puts @deprecated\(\{"reason":"guilds left the graph"\}\) on Registry\.GUILDS, which directory declares too without it/,
      ),
      expect.stringMatching(/^SUBGRAPH_TAKEOVER: subgraph probe puts @deprecated\(\{"reason":"use probeContact"\}\) on ContactDetails\.phone, which labs, auditors/),
    ]);
    expect(withProbe(`${federation('"@key"')}\n type Query { probe: String @deprecated(reason: "use probe2") probe2: String }`).supergraphSdl).toContain('use probe2');
  });

  it("refuses a subgraph that hides or guards what the directory serves (the Registry enum), and leaves the registries' types the directory only reads theirs to mark", () => {
    // Composed, GUILDS left the API's Registry enum: every person { registries } naming the guilds registry failed, and jointProjects(registry: GUILDS) could not be asked.
    expect(
      refusal(() =>
        withProbe(`${federation('"@inaccessible", "@requiresScopes"')}
          enum Registry @requiresScopes(scopes: [["probe:admin"]]) { LABS AUDITORS ENGINEERING GUILDS @inaccessible }
          type Query { probe(registry: Registry): Registry }`),
      ).sort(),
    ).toEqual([
      expect.stringMatching(/^SUBGRAPH_TAKEOVER: subgraph probe puts @inaccessible on Registry\.GUILDS, which directory declares too without it.*OWN-1/),
      expect.stringMatching(/^SUBGRAPH_TAKEOVER: subgraph probe puts @requiresScopes\(\{"scopes":\[\["probe:admin"\]\]\}\) on Registry, which directory declares too without it/),
    ]);
    // Repeated as the directory declares it, the enum composes; the four registries' own @inaccessible LabsOwnRecord (which the directory declares only to read) still do.
    expect(withProbe(`${federation('"@key"')}\n enum Registry { LABS AUDITORS ENGINEERING GUILDS }\n type Query { probe(registry: Registry): Registry }`).supergraphSdl).toMatch(
      /type LabsOwnRecord[^{]*@inaccessible/,
    );
  });

  it('refuses a subgraph that declares a shared input with fewer fields or values than the others, or with a field made required', () => {
    // Composed, NAME left every registry's list orders, parentId every registry's move<Key>Organisation, and parentId: ID! the move to the top.
    const messages = refusal(() =>
      withProbe(`${federation('"@key"')}
        enum PersonOrder { NATIONAL_CODE }
        enum OrganisationOrder { ID }
        input MoveOrganisationInput { id: ID! }
        input RenameOrganisationInput { id: ID! name: String! }
        input CloseOrganisationInput { id: ID! closedOn: String! reason: String! }
        type Query { probe(move: MoveOrganisationInput): String }`),
    );
    expect(messages.sort()).toEqual([
      expect.stringMatching(
        /^SUBGRAPH_TAKEOVER: subgraph probe declares MoveOrganisationInput without its field parentId, which labs, auditors, engineering, guilds declare: .*OWN-1/,
      ),
      expect.stringMatching(/^SUBGRAPH_TAKEOVER: subgraph probe declares OrganisationOrder without its value NAME, which labs, auditors, engineering, guilds declare: .*OWN-1/),
      expect.stringMatching(/^SUBGRAPH_TAKEOVER: subgraph probe declares PersonOrder without its value NAME, which labs, auditors, engineering, guilds declare: .*OWN-1/),
    ]);
    expect(
      refusal(() => withProbe(`${federation('"@key"')}\n input MoveOrganisationInput { id: ID! parentId: ID! }\n type Query { probe(move: MoveOrganisationInput): String }`)),
    ).toEqual([expect.stringMatching(/^SUBGRAPH_TAKEOVER: subgraph probe makes MoveOrganisationInput\.parentId ID!, which labs, auditors, engineering, guilds take as optional/)]);
    // Declared alike, or as its own, a shared input composes; an enum also returned by a field is composition's to refuse.
    const { supergraphSdl } = withProbe(`${federation('"@key"')}
      enum PersonOrder { NATIONAL_CODE NAME }
      input MoveOrganisationInput { id: ID! parentId: ID }
      enum ProbeOrder { NEWEST }
      type Query { probe(order: PersonOrder, move: MoveOrganisationInput, own: ProbeOrder): String }`);
    expect(supergraphSdl).toMatch(/enum PersonOrder[^}]*\bNAME\b/);
    expect(refusal(() => withProbe(`${federation('"@key"')}\n enum PersonOrder { NATIONAL_CODE }\n type Query { probe: PersonOrder }`))).toEqual([
      expect.stringMatching(/^ENUM_VALUE_MISMATCH: /),
    ]);
  });

  it("refuses a subgraph that declares a field it shares with the registries without one of their arguments (an interface's, a @shareable one's)", () => {
    // Composed, asOf left every registry's Resolution.overdue: a client's resolutions { nodes { overdue(asOf: ...) } } no longer validated.
    expect(refusal(() => withProbe(`${federation('"@key"')}\n interface Resolution { id: ID! overdue: Boolean! }\n type Query { probe: String }`))).toEqual([
      expect.stringMatching(
        /^SUBGRAPH_TAKEOVER: subgraph probe declares Resolution\.overdue without its argument asOf, which labs, auditors, engineering, guilds declare: .*OWN-1/,
      ),
    ]);
    expect(
      refusal(() => withProbe(`${federation('"@shareable", "@inaccessible"')}\n type Query { _memberCodes(first: Int!): [String!]! @shareable @inaccessible probe: String }`)),
    ).toEqual([expect.stringContaining('subgraph probe declares Query._memberCodes without its argument after, which labs, auditors, engineering, guilds declare')]);
    // Declared with every argument, a shared interface composes.
    const { supergraphSdl } = withProbe(`${federation('"@key"')}\n interface Resolution { id: ID! overdue(asOf: String): Boolean! }\n type Query { probe: String }`);
    // The interface's field, which the probe declares too, keeps asOf.
    expect(supergraphSdl).toMatch(/overdue\(\s*"""[^"]*"""\s*asOf: String\s*\): Boolean! [^\n]*@join__field\(graph: PROBE\)/);
  });

  it('refuses a registry whose national codes or contacts a client could read without personal:read, and a subgraph that serves a contact unguarded', () => {
    const unguarded = FOUNDING.map((subgraph) =>
      subgraph.name === 'labs'
        ? { ...subgraph, sdl: subgraph.sdl.replace(/(nationalCode: String!|contact: ContactDetails)\s*@requiresScopes\(scopes: \[\["personal:read"\]\]\)/g, '$1') }
        : subgraph,
    );
    expect(unguarded[0]!.sdl).not.toEqual(FOUNDING[0]!.sdl);
    expect(refusal(() => composeWithDirectory(unguarded))).toEqual([
      expect.stringMatching(/^PERSONAL_FIELD_UNGUARDED: LabsMember\.nationalCode holds personal data but labs does not guard it: .*PRIV-1/),
      expect.stringMatching(/^PERSONAL_FIELD_UNGUARDED: LabsMember\.contact holds personal data but labs does not guard it/),
    ]);
    expect(
      refusal(() =>
        withProbe(`${federation('"@key", "@shareable"')}
          type ContactDetails @shareable { phone: String email: String address: String }
          type ProbeDesk { holderNationalCode: String reachAt: ContactDetails }
          type Query { probeDesks: [ProbeDesk!]! }`),
      ),
    ).toEqual([
      expect.stringMatching(/^PERSONAL_FIELD_UNGUARDED: ProbeDesk\.holderNationalCode .*probe/),
      expect.stringMatching(/^PERSONAL_FIELD_UNGUARDED: ProbeDesk\.reachAt .*probe/),
    ]);
    // What only the directory reads (behind @inaccessible, CredentialCatalogEntry.holderNationalCode) and the caller's own Me stay as they are.
    expect(composeWithDirectory(FOUNDING).supergraphSdl).toContain('holderNationalCode');
    // Checked for some subgraphs only (`npm run check` against a supergraph file, whose other subgraphs lost their marks): theirs alone.
    expect(refusal(() => composeWithDirectory(unguarded, {}, { personalFieldsOf: ['labs'] }))).toHaveLength(2);
    expect(composeWithDirectory(unguarded, {}, { personalFieldsOf: ['auditors'] }).supergraphSdl).toContain('LabsMember');
  });

  // A contact behind a union or an interface is read with `... on ContactDetails { phone }`, and
  // ContactDetails' own fields carry no mark: the field returning the union must ask personal:read.
  it('refuses a contact a client could read unguarded through a union or an interface it belongs to', () => {
    const contact = 'type ContactDetails @shareable { phone: String email: String address: String }';
    expect(
      refusal(() =>
        withProbe(`${federation('"@key", "@shareable"')}
          ${contact}
          type Withheld { reason: String }
          union ReachAt = ContactDetails | Withheld
          type ProbeDesk { reachAt: ReachAt }
          type Query { probeDesks: [ProbeDesk!]! }`),
      ),
    ).toEqual([expect.stringMatching(/^PERSONAL_FIELD_UNGUARDED: ProbeDesk\.reachAt holds personal data but probe does not guard it/)]);
    expect(
      refusal(() =>
        withProbe(`${federation('"@key", "@shareable"')}
          interface Reachable { phone: String }
          type ContactDetails implements Reachable @shareable { phone: String email: String address: String }
          type ProbeDesk { reachAt: Reachable }
          type Query { probeDesks: [ProbeDesk!]! }`),
      ),
    ).toEqual([expect.stringMatching(/^PERSONAL_FIELD_UNGUARDED: ProbeDesk\.reachAt holds personal data but probe does not guard it/)]);
    // Guarded, the union composes.
    const { supergraphSdl } = withProbe(`${federation('"@key", "@shareable", "@requiresScopes"')}
      ${contact}
      type Withheld { reason: String }
      union ReachAt = ContactDetails | Withheld
      type ProbeDesk { reachAt: ReachAt @requiresScopes(scopes: [["personal:read"]]) }
      type Query { probeDesks: [ProbeDesk!]! }`);
    expect(supergraphSdl).toContain('union ReachAt');
  });

  it("says that a joining registry whose key starts another subgraph's type names may be the one at fault", () => {
    const guild = `${federation('"@key"')}
      type Person @key(fields: "nationalCode") { nationalCode: String! guild: GuildMember }
      type GuildMember { fullName: String! }
      type Query { guildPing: String }`;
    const messages = refusal(() => composeWithDirectory([...FOUNDING, { name: 'guild', url: 'http://guild.invalid/graphql', sdl: guild }]));
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^SUBGRAPH_TAKEOVER: subgraph guilds declares GuildElection, a type of the guild registry \(or the guild registry's key starts the names of another subgraph's types, and guild needs another key\)/,
      ),
    );
  });

  it('tells which registry a type name belongs to by its prefix and the capital after it', () => {
    expect(registryOfTypeName('LabsMember', ['lab', 'labs'])).toBe('labs');
    expect(registryOfTypeName('LabMember', ['lab', 'labs'])).toBe('lab');
    expect(registryOfTypeName('Labs', ['labs'])).toBe('labs');
    expect(registryOfTypeName('LabAccreditation', ['labs'])).toBeUndefined();
    expect(registryOfTypeName('Meeting', ['me'])).toBeUndefined();
    expect(registryOfTypeName('Organisation', ['or'])).toBeUndefined();
  });
});
