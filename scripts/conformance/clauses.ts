import { createHmac, generateKeyPairSync } from 'node:crypto';
import { composeWithDirectory, describeCompositionError, CompositionError } from '../../gateway/compose';
import { CallerSigner, GatewaySigningKeys, keyMaterialSource, subgraphKeySetUrl } from '../../gateway/trust';
import { ANONYMOUS, PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { CALLER_HEADER } from '../../shared/auth/caller-assertion';
import { gatewayPublicKeysOf } from '../../shared/auth/gateway-keys';
import { AgreementKey, pairKid } from '../../shared/auth/pairwise-mac';
import { credentialKindEnumName } from '../../shared/credentials/kinds';
import { withIranianCheckDigit } from '../../shared/identity/national-code';
import { registryKeyProblem } from '../../shared/registry/keys';
import { Answer, codeOf, KIT_CALLER, Probe, said } from './probe';
import { unguardedPersonalFieldsOf } from './personal-fields';
import { fieldProblems, keyProblems, SchemaIndex } from './schema-index';

/** The contract's version these clauses check (docs/registry-contract.md). */
export const CONTRACT_VERSION = 1;

export type Level = 'MUST' | 'SHOULD';

/** What the kit found for one clause. */
export type Outcome =
  | { status: 'met'; detail: string }
  | { status: 'not met'; reason: string }
  /** It needs something the kit was not given (a signing key), or a clause it rests on failed. */
  | { status: 'not checked'; reason: string }
  /** A clause no outside check can see (a database outage): the contract describes it. */
  | { status: 'not checkable'; reason: string };

/** What every check reads: the subgraph, its key, its schema (when SRV-1 gave it). */
export interface CheckContext {
  probe: Probe;
  key: string;
  /** `Key`: the key with its first letter in upper case, the prefix of its types. */
  prefix: string;
  sdl?: string;
  index?: SchemaIndex;
  /** Today (UTC), YYYY-MM-DD: the day of the list filters the kit writes. */
  today: string;
  /** The body size over which the subgraph must refuse a request (LIMIT-1). */
  bodyLimitBytes: number;
  /** The kit's key material, when given as such (TRUST-5 pairs its X25519 key with the subgraph's). */
  keys?: GatewaySigningKeys;
}

export interface Clause {
  id: string;
  level: Level;
  /** What it asks, in a few words (the contract says it in full). */
  title: string;
  check(context: CheckContext): Promise<Outcome>;
}

/** The codes a document refused by one of its limits carries (shared/limits/errors.ts). */
const DOCUMENT_LIMIT_CODES = new Set(['QUERY_TOO_DEEP', 'QUERY_TOO_COSTLY', 'QUERY_TOO_COMPLEX', 'TOO_MANY_ALIASES', 'TOO_MANY_TOKENS', 'TOO_MANY_ROOT_FIELDS']);

const met = (detail: string): Outcome => ({ status: 'met', detail });
const notMet = (reason: string): Outcome => ({ status: 'not met', reason });
const NEEDS_KEY: Outcome = { status: 'not checked', reason: 'needs a key the subgraph trusts to sign requests (--signing-key; see the contract, "The caller check")' };
const NOT_COMPOSED: Outcome = {
  status: 'not checked',
  reason: "its schema does not compose with the gateway's directory (COMPOSE-1), and the gateway's reading needs it composed",
};
const NEEDS_SCHEMA: Outcome = { status: 'not checked', reason: "needs the subgraph's schema, which the schema query did not give (SRV-1)" };

/** Problems found so far, or `met` with `detail`. */
const verdict = (problems: string[], detail: string): Outcome => (problems.length ? notMet(problems.join('; ')) : met(detail));

/** A clause on the schema alone: `problems` lists what the schema lacks. */
function onSchema(check: (index: SchemaIndex, context: CheckContext) => string[], detail: string) {
  return async (context: CheckContext): Promise<Outcome> => (context.index ? verdict(check(context.index, context), detail) : NEEDS_SCHEMA);
}

/**
 * A clause on the schema, then on what the subgraph answers (signed requests): the schema's
 * problems first; the answers' only when the kit can sign.
 */
function onSchemaAndAnswers(check: (index: SchemaIndex, context: CheckContext) => string[], answers: (context: CheckContext) => Promise<string[]>, detail: string) {
  return async (context: CheckContext): Promise<Outcome> => {
    if (!context.index) return NEEDS_SCHEMA;
    const problems = check(context.index, context);
    if (problems.length) return notMet(problems.join('; '));
    if (!context.probe.signer) return NEEDS_KEY;
    return verdict(await answers(context), detail);
  };
}

/** The problems of an answer that should have data and no error. */
const answered = (what: string, answer: Answer<unknown>): string[] => (answer.status === 200 && !answer.errors?.length && answer.data ? [] : [`${what}: ${said(answer)}`]);

const isSorted = (values: readonly string[]): boolean => values.every((value, i) => i === 0 || values[i - 1]! < value);

/** A national code (its check digit valid) no registry's demo or scale data holds. */
const NOBODY = withIranianCheckDigit('987654321');

/**
 * A document `levels` fields deep. Its fields need not exist: the limits are checked before the
 * document is validated, so a subgraph that holds them refuses it as too deep, and one that does
 * not answers GRAPHQL_VALIDATION_FAILED.
 */
function deepDocument(levels: number): string {
  let selection = 'leaf';
  for (let i = levels - 1; i >= 0; i -= 1) selection = `level${i} { ${selection} }`;
  return `{ ${selection} }`;
}

/** How far from now the kit dates the assertions a subgraph must refuse as expired or not yet issued: well past any clock difference. */
const ASSERTION_TIME_SHIFT_MS = 120_000;

/** PRIV-1's answers: an anonymous caller asking a member's national code and contact, as the gateway would ask, is refused them. */
const anonymousRefusedPersonalFields = async ({ probe, key, prefix, index }: CheckContext): Promise<string[]> => {
  const personal = ['nationalCode', 'contact { phone email address }'].filter((field) => index!.field(`${prefix}Member`, field.split(' ')[0]!));
  if (personal.length === 0) return [];
  const codes = await probe.signed<{ _memberCodes: string[] }>('{ _memberCodes(first: 1) }');
  const member = codes.data?._memberCodes?.[0];
  if (!member) return [];
  // As the gateway asks for an anonymous caller: the subgraph holds its rules even against a gateway that lets a request through.
  const query = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person { ${key} { ${personal.join(' ')} } } } }`;
  const answer = await probe.signed(query, { representations: [{ __typename: 'Person', nationalCode: member }] }, ANONYMOUS);
  const refused = ['UNAUTHENTICATED', 'FORBIDDEN'].includes(codeOf(answer));
  const told = JSON.stringify(answer.data ?? null).includes(member);
  return refused && !told
    ? []
    : [`${prefix}Member { ${personal.join(' ')} } for an anonymous caller: ${told ? 'answered with the code' : said(answer)} (needs ${PERSONAL_READ_SCOPE})`];
};

export const CLAUSES: readonly Clause[] = [
  {
    id: 'SRV-1',
    level: 'MUST',
    title: 'the schema query is open and gives a Federation 2 SDL',
    check: async ({ probe, sdl }) => {
      if (sdl === undefined) {
        const answer = await probe.unsigned('{ _service { sdl } }');
        return notMet(`{ _service { sdl } } without a caller assertion: ${said(answer)}`);
      }
      return /specs\.apollo\.dev\/federation\/v2\./.test(sdl)
        ? met(`answered without a caller assertion (${sdl.length} characters)`)
        : notMet('the SDL links no Federation 2 spec (@link(url: "https://specs.apollo.dev/federation/v2.x"))');
    },
  },
  {
    id: 'SRV-2',
    level: 'MUST',
    title: 'GraphQL over POST, /health and /ready beside it',
    check: async ({ probe }) => {
      const [health, ready] = await Promise.all([probe.route('/health').catch(() => 0), probe.route('/ready').catch(() => 0)]);
      const problems = [
        ...(health === 200 ? [] : [`/health answered ${health || 'nothing'}`]),
        ...(ready === 200 ? [] : [`/ready answered ${ready || 'nothing'} (200 only while its database answers)`]),
      ];
      return verdict(problems, '/health and /ready answer 200');
    },
  },
  {
    id: 'COMPOSE-1',
    level: 'MUST',
    title: "composes with the gateway's directory built for it",
    check: async ({ probe, key, sdl }) => {
      if (sdl === undefined) return NEEDS_SCHEMA;
      try {
        const { directory } = composeWithDirectory([{ name: key, url: probe.url, sdl }]);
        return met(`composes with the directory (credential kinds: ${directory.credentialKinds.map((kind) => kind.name).join(', ') || 'none'})`);
      } catch (error) {
        if (!(error instanceof CompositionError)) throw error;
        return notMet(error.errors.slice(0, 4).map(describeCompositionError).join(' | ') + (error.errors.length > 4 ? ` (and ${error.errors.length - 4} more)` : ''));
      }
    },
  },
  {
    id: 'VIEW-1',
    level: 'MUST',
    title: 'Person.<key>: <Key>Member with fullName, resolved by national code',
    check: onSchemaAndAnswers(
      (index, { key, prefix }) => [
        ...keyProblems(index, 'Person', 'nationalCode'),
        ...fieldProblems(index, 'Person', 'nationalCode', { type: 'String!' }),
        ...fieldProblems(index, 'Person', key, { type: `${prefix}Member` }),
        ...fieldProblems(index, `${prefix}Member`, 'fullName', { type: 'String!' }),
      ],
      async ({ probe, key }) => {
        const codes = await probe.signed<{ _memberCodes: string[] }>('{ _memberCodes(first: 1) }');
        const member = codes.data?._memberCodes?.[0];
        const representations = [{ __typename: 'Person', nationalCode: NOBODY }, ...(member ? [{ __typename: 'Person', nationalCode: member }] : [])];
        const answer = await probe.entities<Record<string, { fullName: string } | null>>(representations, 'Person', `${key} { fullName }`);
        const problems = answered('_entities of Person', answer);
        if (problems.length) return problems;
        const [nobody, someone] = answer.data!._entities;
        if (nobody?.[key] !== null) problems.push(`Person(${NOBODY}).${key} is ${JSON.stringify(nobody?.[key])}, not null for a non-member`);
        if (member && typeof someone?.[key]?.fullName !== 'string') problems.push(`Person(${member}).${key}.fullName is not a name, for a member _memberCodes gave`);
        return problems;
      },
      'the schema has the view, and a person resolves by national code (null for a non-member)',
    ),
  },
  {
    id: 'VIEW-2',
    level: 'MUST',
    title: 'Organisation.<key>: <Key>Organisation with id and name',
    check: onSchemaAndAnswers(
      (index, { key, prefix }) => [
        ...keyProblems(index, 'Organisation', 'id'),
        ...fieldProblems(index, 'Organisation', key, { type: `${prefix}Organisation` }),
        ...fieldProblems(index, `${prefix}Organisation`, 'id', { type: 'ID!' }),
        ...fieldProblems(index, `${prefix}Organisation`, 'name', { type: 'String!' }),
      ],
      async ({ probe, key }) => {
        const list = await probe.signed<Record<string, { nodes: { id: string }[] }>>(`{ ${key}Organisations(first: 1) { nodes { id } } }`);
        const own = list.data?.[`${key}Organisations`]?.nodes[0]?.id;
        const problems = answered(`${key}Organisations`, list);
        if (problems.length) return problems;
        const representations = [{ __typename: 'Organisation', id: 'zzconformance:elsewhere' }, ...(own ? [{ __typename: 'Organisation', id: own }] : [])];
        const answer = await probe.entities<Record<string, { name: string } | null>>(representations, 'Organisation', `${key} { name }`);
        problems.push(...answered('_entities of Organisation', answer));
        if (problems.length) return problems;
        const [elsewhere, mine] = answer.data!._entities;
        if (elsewhere?.[key] !== null) problems.push(`Organisation(zzconformance:elsewhere).${key} is not null for another registry's organisation`);
        if (own && typeof mine?.[key]?.name !== 'string') problems.push(`Organisation(${own}).${key}.name is not a name`);
        if (own && !own.startsWith(`${key}:`)) problems.push(`its organisation id ${own} does not start with "${key}:"`);
        return problems;
      },
      'the schema has the view; its organisations resolve with a name, others to null',
    ),
  },
  {
    id: 'VIEW-3',
    level: 'MUST',
    title: 'JointProject.<key>: RegistryProjectView',
    check: onSchemaAndAnswers(
      (index, { key }) => [...keyProblems(index, 'JointProject', 'id'), ...fieldProblems(index, 'JointProject', key, { type: 'RegistryProjectView' })],
      async ({ probe, key }) => {
        const answer = await probe.entities(
          [{ __typename: 'JointProject', id: `${key}:zz-conformance-none` }],
          'JointProject',
          `${key} { record { kind title mandate dueDate { iso jalali } status } participants { organisation { id } role } members { nationalCode position } }`,
        );
        return answered('_entities of JointProject', answer);
      },
      'the schema has the view, and a project resolves (null where the registry takes no part)',
    ),
  },
  {
    id: 'VIEW-4',
    level: 'MUST',
    title: "its part of the directory's merged lists, keyed by filter",
    check: onSchema(
      (index, { key }) =>
        (
          [
            ['JointProjectList', '[ProjectCatalogEntry!]!'],
            ['CredentialList', 'CredentialCatalog!'],
            ['MeetingList', 'GovernanceSlice!'],
            ['ResolutionList', 'GovernanceSlice!'],
          ] as const
        ).flatMap(([list, type]) => [...keyProblems(index, list, 'filter'), ...fieldProblems(index, list, key, { type, directive: '@inaccessible' })]),
      'JointProjectList, CredentialList, MeetingList and ResolutionList each have its @inaccessible part',
    ),
  },
  {
    id: 'VIEW-5',
    level: 'MUST',
    title: '<Key>Meeting and <Key>Resolution entities',
    check: onSchemaAndAnswers(
      (index, { prefix }) =>
        (['Meeting', 'Resolution'] as const).flatMap((kind) => {
          const type = index.type(`${prefix}${kind}`);
          if (!type) return [`no type ${prefix}${kind}`];
          return [...keyProblems(index, `${prefix}${kind}`, 'id'), ...(type.interfaces.includes(kind) ? [] : [`${prefix}${kind} does not implement ${kind}`])];
        }),
      async ({ probe, key, prefix }) => {
        const problems: string[] = [];
        for (const kind of ['Meeting', 'Resolution']) {
          const answer = await probe.entities(
            [{ __typename: `${prefix}${kind}`, id: `${key}:zz-conformance/0001${kind === 'Resolution' ? '/r01' : ''}` }],
            `${prefix}${kind}`,
            'id',
          );
          problems.push(...answered(`_entities of ${prefix}${kind}`, answer));
        }
        return problems;
      },
      'both types, keyed by id, resolving the ids it keeps',
    ),
  },
  {
    id: 'VIEW-6',
    level: 'MUST',
    title: '<key>Members and <key>Organisations, keyset-paginated',
    check: onSchemaAndAnswers(
      (index, { key }) => [
        ...fieldProblems(index, 'Query', `${key}Members`, { type: 'PersonConnection' }),
        ...fieldProblems(index, 'Query', `${key}Organisations`, { type: 'OrganisationConnection' }),
      ],
      async ({ probe, key }) => {
        type Page = Record<string, { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { nationalCode: string }[] }>;
        const first = await probe.signed<Page>(
          `query ($after: String) { ${key}Members(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { nationalCode } } }`,
          { after: null },
        );
        const problems = answered(`${key}Members`, first);
        if (problems.length) return problems;
        const page = first.data![`${key}Members`]!;
        if (!page.pageInfo.hasNextPage) return page.nodes.length === page.totalCount ? [] : [`${key}Members: one page of ${page.nodes.length} but totalCount ${page.totalCount}`];
        const next = await probe.signed<Page>(
          `query ($after: String) { ${key}Members(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { nationalCode } } }`,
          { after: page.pageInfo.endCursor },
        );
        problems.push(...answered(`${key}Members after the first page`, next));
        const seen = new Set(page.nodes.map((node) => node.nationalCode));
        if (next.data?.[`${key}Members`]?.nodes.some((node) => seen.has(node.nationalCode))) problems.push(`${key}Members repeats a person on its second page`);
        return problems;
      },
      'both lists, and the members list pages without repeating anyone',
    ),
  },
  {
    id: 'VIEW-7',
    level: 'MUST',
    title: 'no Registry enum; participants by registry keys',
    check: onSchema(
      (index) => [
        ...(index.type('Registry') ? ['it defines a Registry type: the directory owns the Registry enum'] : []),
        ...fieldProblems(index, 'ProjectCatalogEntry', 'registryKeys', { type: '[String!]!' }),
      ],
      'no Registry type, ProjectCatalogEntry.registryKeys: [String!]!',
    ),
  },
  {
    id: 'PRIV-1',
    level: 'MUST',
    title: 'a national code or a contact is answered only with personal:read',
    check: async (context) => {
      if (context.sdl === undefined) return NEEDS_SCHEMA;
      const unguarded = unguardedPersonalFieldsOf(context.key, context.probe.url, context.sdl);
      if (!unguarded) return NOT_COMPOSED;
      return onSchemaAndAnswers(
        () => unguarded,
        anonymousRefusedPersonalFields,
        `every national code and contact a client can reach asks ${PERSONAL_READ_SCOPE}, and an anonymous caller is refused them`,
      )(context);
    },
  },
  {
    id: 'CODES-1',
    level: 'MUST',
    title: '_memberCount, _memberCodes, _membersAmong',
    check: onSchemaAndAnswers(
      (index) => [
        ...fieldProblems(index, 'Query', '_memberCount', { type: 'Int!', directive: '@inaccessible' }),
        ...fieldProblems(index, 'Query', '_memberCodes', { type: '[String!]!', directive: '@inaccessible' }),
        ...fieldProblems(index, 'Query', '_membersAmong', { type: '[String!]!', directive: '@inaccessible' }),
      ],
      async ({ probe }) => {
        const counted = await probe.signed<{ _memberCount: number }>('{ _memberCount }');
        const problems = answered('_memberCount', counted);
        if (problems.length) return problems;
        const count = counted.data!._memberCount;
        const first = await probe.signed<{ _memberCodes: string[] }>('query ($first: Int!) { _memberCodes(first: $first) }', { first: 5 });
        problems.push(...answered('_memberCodes', first));
        if (problems.length) return problems;
        const codes = first.data!._memberCodes;
        if (codes.length !== Math.min(5, count)) problems.push(`_memberCodes(first: 5) gave ${codes.length} codes of ${count} members`);
        if (!isSorted(codes)) problems.push(`_memberCodes are not in code order: ${codes.join(', ')}`);
        if (codes.length >= 3) {
          const after = await probe.signed<{ _memberCodes: string[] }>('query ($after: String) { _memberCodes(after: $after, first: 2) }', { after: codes[0] });
          if (JSON.stringify(after.data?._memberCodes) !== JSON.stringify(codes.slice(1, 3)))
            problems.push(`_memberCodes(after: ${codes[0]}, first: 2) gave ${JSON.stringify(after.data?._memberCodes)}, not ${JSON.stringify(codes.slice(1, 3))}`);
        }
        const among = await probe.signed<{ _membersAmong: string[] }>('query ($codes: [String!]!) { _membersAmong(codes: $codes) }', { codes: [NOBODY, ...[...codes].reverse()] });
        problems.push(...answered('_membersAmong', among));
        if (among.data && JSON.stringify(among.data._membersAmong) !== JSON.stringify(codes))
          problems.push(`_membersAmong gave ${JSON.stringify(among.data._membersAmong)} for its own codes ${JSON.stringify(codes)} and one nobody holds`);
        return problems;
      },
      'codes in code order, paged by `after`, found again by _membersAmong',
    ),
  },
  {
    id: 'CODES-2',
    level: 'MUST',
    title: 'at most 1,000 codes a call, BAD_USER_INPUT beyond',
    check: async ({ probe }) => {
      if (!probe.signer) return NEEDS_KEY;
      const problems: string[] = [];
      for (const first of [0, 1001]) {
        const answer = await probe.signed('query ($first: Int!) { _memberCodes(first: $first) }', { first });
        if (codeOf(answer) !== 'BAD_USER_INPUT') problems.push(`_memberCodes(first: ${first}): ${said(answer)}`);
      }
      const many = await probe.signed('query ($codes: [String!]!) { _membersAmong(codes: $codes) }', { codes: Array.from({ length: 1001 }, () => NOBODY) });
      if (codeOf(many) !== 'BAD_USER_INPUT') problems.push(`_membersAmong(1001 codes): ${said(many)}`);
      return verdict(problems, 'first: 0, first: 1001 and 1001 codes are each refused with BAD_USER_INPUT');
    },
  },
  {
    id: 'CODES-3',
    level: 'SHOULD',
    title: '_recordHolderRecords, _recordHolderCodes (who `me` may ask about besides members)',
    check: onSchemaAndAnswers(
      (index) => [
        ...fieldProblems(index, 'Query', '_recordHolderRecords', { type: 'Int!', directive: '@inaccessible' }),
        ...fieldProblems(index, 'Query', '_recordHolderCodes', { type: '[String!]!', directive: '@inaccessible' }),
      ],
      async ({ probe }) => {
        const counted = await probe.signed<{ _recordHolderRecords: number }>('{ _recordHolderRecords }');
        const problems = answered('_recordHolderRecords', counted);
        const listed = await probe.signed<{ _recordHolderCodes: string[] }>('query ($first: Int!) { _recordHolderCodes(first: $first) }', { first: 1000 });
        problems.push(...answered('_recordHolderCodes', listed));
        if (problems.length) return problems;
        const codes = listed.data!._recordHolderCodes;
        if (!isSorted(codes)) problems.push(`_recordHolderCodes are not in code order: ${codes.slice(0, 5).join(', ')}...`);
        if (codes.length === 0) return problems;
        const members = await probe.signed<{ _membersAmong: string[] }>('query ($codes: [String!]!) { _membersAmong(codes: $codes) }', { codes });
        problems.push(...answered('_membersAmong', members));
        if (members.data?._membersAmong.length) problems.push(`_recordHolderCodes lists members: ${members.data._membersAmong.slice(0, 5).join(', ')}`);
        return problems;
      },
      'codes in code order, none of them a member (a registry without them has `me` ask it about its members only)',
    ),
  },
  {
    id: 'REF-1',
    level: 'MUST',
    title: "_organisationsAmong, _projectsAmong (the gateway's reference check)",
    check: onSchemaAndAnswers(
      (index) => [
        ...fieldProblems(index, 'Query', '_organisationsAmong', { type: '[ID!]!', directive: '@inaccessible' }),
        ...fieldProblems(index, 'Query', '_projectsAmong', { type: '[ID!]!', directive: '@inaccessible' }),
      ],
      async ({ probe, key }) => {
        const list = await probe.signed<Record<string, { nodes: { id: string }[] }>>(`{ ${key}Organisations(first: 1) { nodes { id } } }`);
        const problems = answered(`${key}Organisations`, list);
        if (problems.length) return problems;
        const own = list.data![`${key}Organisations`]?.nodes[0]?.id;
        const ids = [`${key}:zzconformance-nowhere`, ...(own ? [own] : [])];
        const organisations = await probe.signed<{ _organisationsAmong: string[] }>('query ($ids: [ID!]!) { _organisationsAmong(ids: $ids) }', { ids });
        const projects = await probe.signed<{ _projectsAmong: string[] }>('query ($ids: [ID!]!) { _projectsAmong(ids: $ids) }', { ids: [`${key}:zzconformance-nowhere`] });
        problems.push(...answered('_organisationsAmong', organisations), ...answered('_projectsAmong', projects));
        if (problems.length) return problems;
        if (JSON.stringify(organisations.data!._organisationsAmong) !== JSON.stringify(ids.slice(1)))
          problems.push(`_organisationsAmong(${JSON.stringify(ids)}) gave ${JSON.stringify(organisations.data!._organisationsAmong)}, not ${JSON.stringify(ids.slice(1))}`);
        if (projects.data!._projectsAmong.length > 0) problems.push(`_projectsAmong found ${JSON.stringify(projects.data!._projectsAmong)}, which it does not keep`);
        return problems;
      },
      'its own organisation found, an id it does not keep not',
    ),
  },
  {
    id: 'CAT-1',
    level: 'MUST',
    title: 'credential kinds in <Key>CredentialKind; its catalog part',
    check: onSchemaAndAnswers(
      (index, { key }) => {
        const kinds = index.type(credentialKindEnumName(key));
        if (!kinds) return [];
        return [
          ...(kinds.kind === 'enum' ? [] : [`${credentialKindEnumName(key)} is not an enum`]),
          ...(kinds.directives.some((directive) => directive.startsWith('@inaccessible')) ? [] : [`${credentialKindEnumName(key)} is not @inaccessible`]),
          ...[...kinds.values].filter(([, value]) => !value.described).map(([name]) => `credential kind ${name} has no description`),
        ];
      },
      async ({ probe, key, index, today }) => {
        const declared = new Set(index!.type(credentialKindEnumName(key))?.values.keys() ?? []);
        const filter = (kind: string | null) => JSON.stringify({ kind, status: null, expiringWithinDays: null, asOf: today, first: 5, after: null });
        type Part = Record<string, { totalCount: number; entries: { id: string; kind: string }[] }>;
        const answer = await probe.entities<Part>(
          [
            { __typename: 'CredentialList', filter: filter(null) },
            { __typename: 'CredentialList', filter: filter('ZZ_CONFORMANCE_OTHER_KIND') },
          ],
          'CredentialList',
          `${key} { totalCount entries { id kind } }`,
        );
        const problems = answered('_entities of CredentialList', answer);
        if (problems.length) return problems;
        const [all, other] = answer.data!._entities.map((list) => list?.[key]);
        if (!all || !other) return [`CredentialList.${key} is null`];
        if (all.entries.length > 6) problems.push(`its part holds ${all.entries.length} entries for first: 5 (at most 6)`);
        if (all.totalCount < Math.min(all.entries.length, 6) - 1) problems.push(`its totalCount ${all.totalCount} is below the entries it gave`);
        if (!isSorted(all.entries.map((entry) => entry.id))) problems.push('its entries are not in id order');
        for (const entry of all.entries) {
          if (!entry.id.startsWith(`${key}:`)) problems.push(`credential id ${entry.id} does not start with "${key}:"`);
          if (!declared.has(entry.kind)) problems.push(`credential ${entry.id} is of kind ${entry.kind}, which ${credentialKindEnumName(key)} does not declare`);
        }
        if (other.totalCount !== 0 || other.entries.length !== 0) problems.push('for a kind it does not keep, its part is not empty');
        return problems;
      },
      "its kinds declared and described, its part of the list in id order, empty for another registry's kind",
    ),
  },
  {
    id: 'CAT-2',
    level: 'MUST',
    title: 'its part of the joint-project catalog',
    check: async ({ probe, key, index }) => {
      if (!index) return NEEDS_SCHEMA;
      if (!probe.signer) return NEEDS_KEY;
      type Part = Record<string, { project: { id: string }; leadStatus: string | null; registryKeys: string[] }[]>;
      const answer = await probe.entities<Part>(
        [{ __typename: 'JointProjectList', filter: JSON.stringify({ first: 100 }) }],
        'JointProjectList',
        `${key} { project { id } leadStatus registryKeys }`,
      );
      const problems = answered('_entities of JointProjectList', answer);
      if (problems.length) return notMet(problems.join('; '));
      const entries = answer.data!._entities[0]?.[key] ?? [];
      for (const entry of entries) {
        if (entry.leadStatus && !entry.project.id.startsWith(`${key}:`)) problems.push(`it leads ${entry.project.id}, whose id does not start with "${key}:"`);
        for (const other of entry.registryKeys) if (registryKeyProblem(other)) problems.push(`project ${entry.project.id}: registry key ${JSON.stringify(other)} is not a key`);
      }
      return verdict(problems, `${entries.length} projects, those it leads under its key, participants by registry key`);
    },
  },
  {
    id: 'CAT-3',
    level: 'MUST',
    title: 'its meeting and resolution slices',
    check: async ({ probe, key, index, today }) => {
      if (!index) return NEEDS_SCHEMA;
      if (!probe.signer) return NEEDS_KEY;
      type Slice = Record<string, { totalCount: number; keys: { id: string; sortKey: string }[] }>;
      const problems: string[] = [];
      for (const list of ['MeetingList', 'ResolutionList']) {
        const filter = (registry: string | null) => JSON.stringify({ registry, size: 2, afterKey: null, ...(list === 'ResolutionList' ? { asOf: today } : {}) });
        const answer = await probe.entities<Slice>(
          [
            { __typename: list, filter: filter(null) },
            { __typename: list, filter: filter('zzconformance') },
          ],
          list,
          `${key} { totalCount keys { id sortKey } }`,
        );
        problems.push(...answered(`_entities of ${list}`, answer));
        const [all, other] = answer.data?._entities.map((slice) => slice?.[key]) ?? [];
        if (!all || !other) continue;
        if (all.keys.length > 3) problems.push(`${list}: ${all.keys.length} keys for size 2 (at most 3)`);
        if (!isSorted(all.keys.map((entry) => entry.sortKey))) problems.push(`${list}: keys not in sortKey order`);
        if (all.keys.some((entry) => !entry.id.startsWith(`${key}:`))) problems.push(`${list}: an id that does not start with "${key}:"`);
        if (other.totalCount !== 0 || other.keys.length !== 0) problems.push(`${list}: a filter naming another registry does not give an empty slice`);
      }
      return verdict(problems, 'at most size + 1 keys in order, empty for another registry');
    },
  },
  {
    id: 'ERR-1',
    level: 'MUST',
    title: 'bad input is BAD_USER_INPUT',
    check: async ({ probe, key, index }) => {
      if (!index) return NEEDS_SCHEMA;
      if (!probe.signer) return NEEDS_KEY;
      const problems: string[] = [];
      const page = await probe.signed(`{ ${key}Members(first: 0) { totalCount } }`);
      if (codeOf(page) !== 'BAD_USER_INPUT') problems.push(`${key}Members(first: 0): ${said(page)}`);
      const filter = await probe.entities([{ __typename: 'JointProjectList', filter: 'not a filter' }], 'JointProjectList', `${key} { project { id } }`);
      if (codeOf(filter) !== 'BAD_USER_INPUT') problems.push(`a JointProjectList filter it cannot read: ${said(filter)}`);
      return verdict(problems, 'a bad page size and an unreadable filter are BAD_USER_INPUT');
    },
  },
  {
    id: 'ERR-2',
    level: 'MUST',
    title: 'DATABASE_UNAVAILABLE while its database is down',
    check: async () => ({ status: 'not checkable', reason: 'a database outage cannot be caused from outside; defineRegistry subgraphs do it (shared/server/subgraph.ts)' }),
  },
  {
    id: 'TRUST-1',
    level: 'MUST',
    title: 'a request without a caller assertion is refused (401)',
    check: async ({ probe }) => {
      const answer = await probe.unsigned('{ __typename }');
      return answer.status === 401
        ? met('401 for { __typename } without an assertion')
        : notMet(`{ __typename } without an assertion: ${said(answer)} (development mode, SUBGRAPH_TRUST=unsigned, must not join)`);
    },
  },
  {
    id: 'TRUST-2',
    level: 'MUST',
    title: "an assertion signed by a key outside the gateway's set is refused (401)",
    check: async ({ probe }) => {
      const stranger = new CallerSigner(
        new GatewaySigningKeys(keyMaterialSource(generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), 'a key made by the kit')),
      );
      const body = Probe.body('{ __typename }');
      const answer = await probe.raw(body, probe.assertion(body, probe.key, undefined, stranger));
      return answer.status === 401 ? met("401 for an assertion signed with a key not in the gateway's set") : notMet(`an assertion signed with a stranger's key: ${said(answer)}`);
    },
  },
  {
    id: 'TRUST-3',
    level: 'MUST',
    title: "the gateway's assertion is accepted once, for this subgraph and this body only, and only while it is good",
    check: async ({ probe }) => {
      const signer = probe.signer;
      if (!signer) return NEEDS_KEY;
      const body = Probe.body('{ __typename }');
      const headers = probe.assertion(body);
      const first = await probe.raw(body, headers);
      if (first.status !== 200 || first.errors?.length)
        return notMet(`a request signed with the key given: ${said(first)} (does the subgraph trust that key? GATEWAY_JWKS_FILE / GATEWAY_JWKS_URL)`);
      const problems: string[] = [];
      const replay = await probe.raw(body, headers);
      if (replay.status !== 401) problems.push(`the same assertion again: ${said(replay)}`);
      const otherAudience = await probe.raw(body, probe.assertion(body, 'zzconformance'));
      if (otherAudience.status !== 401) problems.push(`an assertion for another subgraph: ${said(otherAudience)}`);
      const otherBody = Probe.body('{ __typename, __schema { queryType { name } } }');
      const rebodied = await probe.raw(otherBody, probe.assertion(body));
      if (rebodied.status !== 401) problems.push(`an assertion for another body: ${said(rebodied)}`);
      // Never used before, each: a subgraph that skips the times would take a captured assertion again after its restart, or at another replica, for ever.
      const expired = await probe.raw(body, { [CALLER_HEADER]: signer.sign(KIT_CALLER, probe.key, body, Date.now() - ASSERTION_TIME_SHIFT_MS) });
      if (expired.status !== 401) problems.push(`an assertion that expired ${ASSERTION_TIME_SHIFT_MS / 1000 - signer.lifetimeSeconds} s ago: ${said(expired)}`);
      const early = await probe.raw(body, { [CALLER_HEADER]: signer.sign(KIT_CALLER, probe.key, body, Date.now() + ASSERTION_TIME_SHIFT_MS) });
      if (early.status !== 401) problems.push(`an assertion issued ${ASSERTION_TIME_SHIFT_MS / 1000} s from now: ${said(early)}`);
      return verdict(problems, 'accepted once; refused again, for another subgraph, for another body, expired and issued in the future');
    },
  },
  {
    id: 'TRUST-4',
    level: 'MUST',
    title: "reads the gateway's key set where its operator says",
    check: async () => ({
      status: 'not checkable',
      reason: 'where a subgraph reads the key set is its configuration (GATEWAY_JWKS_URL / GATEWAY_JWKS_FILE); TRUST-3 shows it trusts the key given',
    }),
  },
  {
    id: 'TRUST-5',
    level: 'SHOULD',
    title: 'publishes an X25519 key and accepts HS256 assertions under it (pairwise MAC keys), and only those',
    check: async ({ probe, keys }) => {
      const url = subgraphKeySetUrl(probe.url);
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      if (response.status === 404) return notMet(`no X25519 key at ${url}: the gateway keeps signing its assertions with Ed25519 (SUBGRAPH_X25519_KEY)`);
      if (response.status !== 200) return notMet(`${url}: HTTP ${response.status}`);
      let published: AgreementKey | undefined;
      try {
        published = gatewayPublicKeysOf(await response.json(), url)
          .agreement.values()
          .next().value;
      } catch (error) {
        return notMet(`${url} is not a public key set of X25519 keys: ${(error as Error).message}`);
      }
      if (!published) return notMet(`${url} holds no X25519 key`);
      if (!keys?.agreement) return { status: 'not checked', reason: `publishes X25519 key ${published.kid}; HS256 needs a key file with an X25519 key too (--new-key makes one)` };
      const body = Probe.body('{ __typename }');
      const headers = probe.assertion(body);
      const alg = (JSON.parse(Buffer.from(headers[CALLER_HEADER]!.split('.')[0]!, 'base64url').toString()) as { alg?: unknown }).alg;
      if (alg !== 'HS256') return notMet(`the kit could not pair its X25519 key with ${published.kid} (its assertion is ${String(alg)})`);
      const first = await probe.raw(body, headers);
      if (first.status !== 200 || first.errors?.length) return notMet(`an HS256 assertion under ${pairKid(keys.agreement.kid, published.kid)}: ${said(first)}`);
      const problems: string[] = [];
      const replay = await probe.raw(body, headers);
      if (replay.status !== 401) problems.push(`the same HS256 assertion again: ${said(replay)}`);
      const payload = headers[CALLER_HEADER]!.split('.')[1]!;
      const confused = `${Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'registry-caller+jwt', kid: keys.signing.kid })).toString('base64url')}.${payload}`;
      const publicKey = JSON.stringify(keys.jwks().keys[0]);
      const forged = await probe.raw(body, { [CALLER_HEADER]: `${confused}.${createHmac('sha256', publicKey).update(confused).digest('base64url')}` });
      if (forged.status !== 401) problems.push(`HS256 keyed with the gateway's public signing key, under its kid: ${said(forged)}`);
      const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'registry-caller+jwt', kid: pairKid(keys.agreement.kid, published.kid) })).toString('base64url');
      const unsigned = await probe.raw(body, { [CALLER_HEADER]: `${none}.${payload}.` });
      if (unsigned.status !== 401) problems.push(`alg none under the pair's kid: ${said(unsigned)}`);
      return verdict(problems, `HS256 under ${published.kid} accepted once; refused again, with alg none, or keyed with a public key`);
    },
  },
  {
    id: 'LIMIT-1',
    level: 'MUST',
    title: 'a body over its limit is refused (413 PAYLOAD_TOO_LARGE)',
    check: async ({ probe, bodyLimitBytes }) => {
      const padding = 'x'.repeat(bodyLimitBytes + 1);
      const answer = await probe
        .raw(JSON.stringify({ query: '{ __typename }', variables: { padding } }))
        .catch((error: Error) => ({ status: 0, errors: [{ message: error.message }] }));
      return answer.status === 413 && codeOf(answer) === 'PAYLOAD_TOO_LARGE'
        ? met(`413 PAYLOAD_TOO_LARGE for a body of more than ${bodyLimitBytes} bytes`)
        : notMet(`a body of ${bodyLimitBytes + 1}+ bytes: ${said(answer)} (a larger limit? pass it as --body-limit)`);
    },
  },
  {
    id: 'LIMIT-2',
    level: 'MUST',
    title: 'a document over its limits is refused (QUERY_TOO_DEEP, QUERY_TOO_COSTLY, ...)',
    check: async ({ probe }) => {
      if (!probe.signer) return NEEDS_KEY;
      const answer = await probe.signed(deepDocument(40));
      const code = codeOf(answer);
      return code !== undefined && DOCUMENT_LIMIT_CODES.has(code)
        ? met(`a document 40 levels deep, signed, is refused with ${code}`)
        : notMet(`a document 40 levels deep, signed: ${said(answer)}`);
    },
  },
];
