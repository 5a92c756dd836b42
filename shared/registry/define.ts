import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { sealListCursors } from '../graphql/list-cursors';
import { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { GraphQLSchema, parse } from 'graphql';
import { enforceAccessDirectives } from '../auth/enforce-directives';
import { catalogPart } from '../credentials/catalog';
import { credentialDateSources, CREDENTIAL_EVENT_TYPES } from '../credentials/events';
import { CredentialKinds, credentialKindsTypeDefs } from '../credentials/kinds';
import { RESOLUTION_EVENT_TYPES, resolutionDueSource } from '../governance/events';
import { DemoProvenance, withDemoProvenance } from '../provenance/demo';
import { provenanceResolvers } from '../provenance/provenance';
import { DueEventSource } from '../outbox/date-scan';
import { EventTypeDeclaration } from '../outbox/events';
import { webhookResolvers } from '../outbox/resolvers';
import { webhooksTypeDefs } from '../outbox/schema';
import { WebhookWorker } from '../outbox/worker';
import { CREDENTIAL_TYPE_FILES } from '../credentials/schema';
import { governanceResolvers } from '../governance/resolvers';
import { governanceTypeDefs } from '../governance/schema';
import { searchResolvers, searchTypeDefs } from '../search/schema';
import { countsResolvers, countsTypeDefs } from '../aggregate/schema';
import { COMMON_MEASURES, ensureMeasureIndexes, Measure } from '../aggregate/measures';
import { mergeResolvers, ResolverMap } from '../graphql/merge-resolvers';
import { fillRegistryTemplate, registryKeyProblem, typePrefixOf } from './keys';
import type { RecordOwner } from '../auth/own-record';
import type { RegistrySubgraph } from '../server/run';
import { readSubgraphTypeDefs } from '../server/subgraph';
import { Store } from '../store/port';
import { OrganisationDocument, PersonDocument, RegistryData } from './documents';
import { OwnRecordRepository, ownRecordResolvers, ownRecordTypeDefs } from './own-record';
import { readEnumLabels } from '../labels/labels';
import { RegistryContext } from './context';
import { registryResolvers } from './resolvers';
import { ORGANISATION_EVENT_TYPES } from './organisation-events';
import { OrganisationKindRules } from './organisation-kinds';
import { organisationResolvers } from './organisations';
import { memberHistoryResolvers } from './person-change';
import { revisionsResolvers, revisionsTypeDefs } from './revisions';
import { RevisionKeepingStore } from '../store/revision-keeping-store';
import { clearWriteGuards, currentRequestSubject, noteGuardsTouched, pendingWriteGuards } from '../server/request-id';
import { GuardedStore } from '../store/guarded-store';
import { SEARCH_COLLECTION, SEARCH_PENDING_COLLECTION } from '../search/documents';
import { RegistryRepository } from './repository';
import { DocumentBatch, loadBatches } from './scale';

/** The field each registry serves its enums' labels by (shared/labels). */
const REGISTRY_LABELS_FILE = join(__dirname, '..', 'labels', 'registry-labels.graphql');

/** Creating, renaming, moving and closing organisations, a template (organisations.ts). */
const ORGANISATIONS_TEMPLATE_FILE = join(__dirname, 'organisations.graphql');

/** The history of a member's record, for the registry's administrators, a template (person-change.ts). */
const MEMBER_HISTORY_TEMPLATE_FILE = join(__dirname, 'member-history.graphql');

/** The views every registry hands the directory (docs/registry-contract.md, VIEW-*), a template. */
const VIEWS_TEMPLATE_FILE = join(__dirname, 'views.graphql');

/** views.graphql for one registry: `Person.<key>`, `Organisation.<key>`... */
export const registryViewsTypeDefs = (key: string): string => fillRegistryTemplate(readFileSync(VIEWS_TEMPLATE_FILE, 'utf8'), key);

/** What one registry's subgraph is made of on a store, besides what every registry shares. */
export interface RegistryParts<P extends PersonDocument, O extends OrganisationDocument, R extends RegistryRepository<P, O>, C extends RegistryContext<P, O>> {
  /** The only code that touches the registry's database: RegistryRepository and the registry's own records. */
  repository: R;
  /** A request's context: the repository, the request's loaders (createRegistryLoaders...), and the registry's own. */
  context: () => C;
  /** Indexes of the registry's own stores besides the repository's (idempotent). */
  ensureIndexes?: () => Promise<void>;
  /** Its own scans for dates that pass (an election opening...), besides its credentials' and resolutions'. */
  dateSources?: readonly DueEventSource[];
}

/** One association's registry: its own parts; defineRegistry adds everything every registry has. */
export interface RegistryDefinition<
  K extends string,
  P extends PersonDocument,
  O extends OrganisationDocument,
  R extends RegistryRepository<P, O>,
  C extends RegistryContext<P, O>,
> {
  /** The registry's key (see shared/registry.ts), as a literal: `'labs'`. */
  key: K;
  /** The port it serves on when `<KEY>_PORT` is not set. */
  defaultPort: number;
  /** Its own schema files: its schema.graphql (`type Query`, `<Key>Member`, `<Key>Organisation`...) first, then its features'. */
  schemaFiles: readonly string[];
  /** The resolvers of its own fields; they win over the shared ones of the same name. */
  resolvers: ResolverMap;
  /** The kinds of credential it keeps (its `credential-kinds.ts`); its repository's `credentialCatalogSources()` says where each is stored. */
  credentialKinds: CredentialKinds;
  /** The counts it offers besides every registry's (`COMMON_MEASURES`), for `Query.counts`. */
  measures?: readonly Measure[];
  /** Where each kind of its organisations may stand (under which kinds of parent); a kind not listed may stand anywhere. */
  organisationKinds?: OrganisationKindRules;
  /** Its parts on a store. */
  create: (store: Store) => RegistryParts<P, O, R, C>;
  /** Its demo data (`SEED_DEMO_DATA`). */
  demoData: () => RegistryData<P, O>;
  /** Where its demo data comes from: what the source texts say, and what the demo invents (stamped on every demo record). */
  demoProvenance: DemoProvenance;
  /** Its generated scale data of a size (`SCALE_SIZE`), batch by batch. */
  scaleData: (size: number) => Iterable<DocumentBatch>;
  /** The events it writes of its own (subscribers choose among them), besides those of credentials and resolutions. */
  eventTypes?: readonly EventTypeDeclaration[];
  /** Collections whose updates keep no earlier versions (see RevisionKeepingStore): those that must forget, such as secret ballots. */
  unversionedCollections?: readonly string[];
}

/** The events a registry writes: its credentials' (when it keeps any), its resolutions', and its own. */
export const registryEventTypes = (kinds: CredentialKinds, own: readonly EventTypeDeclaration[] = []): EventTypeDeclaration[] => [
  ...(Object.keys(kinds).length > 0 ? CREDENTIAL_EVENT_TYPES : []),
  ...RESOLUTION_EVENT_TYPES,
  ...ORGANISATION_EVENT_TYPES,
  ...own,
];

/**
 * A registry's part of the cross-registry credential list (`CredentialList.<key>`): its kinds'
 * credentials matching the directory's filter, one page's worth (shared/credentials/catalog.ts).
 */
function credentialCatalogResolvers(key: string, kinds: CredentialKinds): ResolverMap {
  return {
    CredentialList: {
      [key]: ({ filter }: { filter: string }, _: unknown, { repository }: RegistryContext) => catalogPart(key, kinds, repository.credentialCatalogSources(), filter),
    },
  };
}

/**
 * A registry subgraph's schema: its own files, the types every registry shares (values, lists,
 * member codes, credential types), its views for the directory, committees, meetings and
 * resolutions, and its credential kinds; with the shared resolvers, then its own. Access
 * directives enforced, and its lists' cursors sealed with the registry's own key (sealListCursors).
 */
export function registrySchema(
  key: string,
  schemaFiles: readonly string[],
  kinds: CredentialKinds,
  resolvers: readonly ResolverMap[],
  eventTypes: readonly EventTypeDeclaration[] = registryEventTypes(kinds),
  measures: readonly Measure[] = COMMON_MEASURES,
  organisationKinds?: OrganisationKindRules,
): GraphQLSchema {
  const typeDefs = [
    readSubgraphTypeDefs([...schemaFiles, ...CREDENTIAL_TYPE_FILES]),
    registryViewsTypeDefs(key),
    fillRegistryTemplate(readFileSync(ORGANISATIONS_TEMPLATE_FILE, 'utf8'), key),
    fillRegistryTemplate(readFileSync(MEMBER_HISTORY_TEMPLATE_FILE, 'utf8'), key),
    revisionsTypeDefs(key),
    governanceTypeDefs(key),
    searchTypeDefs(key),
    countsTypeDefs(key),
    credentialKindsTypeDefs(key, kinds),
    ownRecordTypeDefs(key),
    readFileSync(REGISTRY_LABELS_FILE, 'utf8'),
    webhooksTypeDefs(key),
  ].join('\n');
  const schema = buildSubgraphSchema({
    typeDefs: parse(typeDefs),
    resolvers: mergeResolvers(
      registryResolvers(key),
      ownRecordResolvers(key, kinds),
      organisationResolvers(key, organisationKinds),
      memberHistoryResolvers(key),
      revisionsResolvers(key),
      ...resolvers,
      governanceResolvers(key),
      searchResolvers(key),
      countsResolvers(key, measures),
      provenanceResolvers(key),
      webhookResolvers(key, eventTypes),
    ) as GraphQLResolverMap<unknown>,
  });
  return sealListCursors(enforceAccessDirectives(schema, memberRecordOwner(key)), key);
}

/** The registry's person records for the own-record rule: a `<Key>Member` is about the person of its `_id`. */
function memberRecordOwner(key: string): RecordOwner {
  const memberType = `${typePrefixOf(key)}Member`;
  return (typeName, source) => {
    if (typeName !== memberType || !source || typeof source !== 'object') return undefined;
    const id = (source as { _id?: unknown })._id;
    return typeof id === 'string' ? id : undefined;
  };
}

/**
 * One association's registry subgraph, built as every registry is: the views and lists the
 * directory merges (people, organisations, joint projects, credentials, meetings, resolutions),
 * the member-code interface, committees, meetings and resolutions, lists in code and name order,
 * roles, and the registry's own schema and resolvers on top. Served by shared/server/run.ts, which
 * adds the caller check and the request limits. docs/registry-contract.md says what this gives.
 */
export function defineRegistry<K extends string, P extends PersonDocument, O extends OrganisationDocument, R extends RegistryRepository<P, O>, C extends RegistryContext<P, O>>(
  definition: RegistryDefinition<K, P, O, R, C>,
): RegistrySubgraph<C, K> & { schema: GraphQLSchema } {
  const problem = registryKeyProblem(definition.key);
  if (problem) throw new Error(`registry key: ${problem}`);
  const { key, credentialKinds } = definition;
  const labels = JSON.stringify(readEnumLabels(definition.schemaFiles));
  const eventTypes = registryEventTypes(credentialKinds, definition.eventTypes);
  const measures = [...COMMON_MEASURES, ...(definition.measures ?? [])];
  const schema = registrySchema(
    key,
    definition.schemaFiles,
    credentialKinds,
    [definition.resolvers, credentialCatalogResolvers(key, credentialKinds), { Query: { _enumLabels: () => labels } }],
    eventTypes,
    measures,
    definition.organisationKinds,
  );
  return {
    key,
    defaultPort: definition.defaultPort,
    // The schema it serves, for scripts/generate-resolver-types.ts.
    schema,
    create(rawStore) {
      // Every update the registry makes keeps the record it replaces (docs/operator.md, "Earlier versions").
      // A write made after a check carries it (an organisation still open: shared/store/guarded-store.ts).
      const searchIndex = [SEARCH_COLLECTION, SEARCH_PENDING_COLLECTION];
      const guarded = new GuardedStore(rawStore, { pending: pendingWriteGuards, clear: clearWriteGuards, touched: noteGuardsTouched }, searchIndex);
      const store = new RevisionKeepingStore(guarded, { unkept: [...(definition.unversionedCollections ?? []), ...searchIndex], author: currentRequestSubject });
      const parts = definition.create(store);
      const ownRecords = new OwnRecordRepository(store);
      return {
        module: { name: key, schema, createContext: () => ({ ...parts.context(), ownRecords, revisions: store }) },
        ensureIndexes: async () => {
          await store.ensureIndexes();
          await parts.repository.ensureIndexes();
          await ownRecords.ensureIndexes();
          await parts.repository.webhooks.ensureIndexes();
          await parts.ensureIndexes?.();
          await ensureMeasureIndexes(store, measures);
        },
        loadDemoData: (options) => parts.repository.loadDemoData(withDemoProvenance(definition.demoData(), definition.demoProvenance), options),
        loadScaleData: async (size) => {
          // Generated in bulk for benchmarks, over nothing worth keeping: written past the revisions.
          const loaded = await loadBatches(rawStore, definition.scaleData(size));
          await parts.repository.searchIndex.sync();
          return loaded;
        },
        webhookWorker: (settings, options = {}) =>
          new WebhookWorker({
            ...options,
            registry: key,
            store,
            settings,
            sources: [
              ...credentialDateSources(key, credentialKinds, parts.repository.credentialCatalogSources(), settings.expiringWithinDays),
              resolutionDueSource((from, to) => parts.repository.governance.openResolutionsDueIn(from, to)),
              ...(parts.dateSources ?? []),
            ],
          }),
      };
    },
  };
}
