import { Caller } from '../auth/caller';
import { InputChecker } from '../errors';
import { enteredBy } from '../provenance/provenance';
import { ownsId, RegistryKey } from '../registry/keys';
import { OrganisationDocument } from '../registry/documents';
import { checkOpenOrganisation } from '../registry/open-organisation';
import { Filter, HAS_VALUE, StoreCollection } from '../store/port';
import { CatalogSource } from './catalog';
import { applyCredentialAction, checkReissue, checkValidityDays, CredentialAction, CredentialChange } from './changes';
import { CREDENTIAL_CHANGE_EVENTS, credentialActionEvent, CredentialChangeEvent } from './events';
import { credentialFilter, CredentialCriteria } from './filters';
import { CredentialKind } from './kinds';
import { listed, Listed } from './resolvers';
import { Validity } from './validity';

/** What every accreditation held by an organisation records (ISO/IEC 17025, ISO/IEC 17020). */
export interface AccreditationRecord extends Validity {
  standard: string;
  fields: string[];
  certificateNumber: string;
  validFrom: Date;
  validUntil: Date;
}

/**
 * An accreditation kept inside its holder's organisation document (one per organisation): the labs
 * registry's laboratories, the auditors registry's inspection bodies.
 */
export interface OrganisationCredentialSpec<O extends OrganisationDocument, R extends AccreditationRecord> {
  registry: RegistryKey;
  kind: CredentialKind;
  /** The organisation field that holds it, e.g. `accreditation`. */
  field: string;
  /** The organisation kind that may hold it, e.g. `LABORATORY`. */
  holderKind: string;
  /** The input field naming the holder, e.g. `laboratoryId`. */
  holderField: string;
  /** The holder in messages, e.g. `laboratory`. */
  holderName: string;
  /** The credential in messages, e.g. `ISO/IEC 17025 accreditation`. */
  what: string;
  read: (organisation: O) => R | undefined;
  write: (organisation: O, record: R) => O;
}

/** How the mutations reach the store: through the subgraph's loaders and repository. */
export interface OrganisationCredentialStore<O extends OrganisationDocument> {
  load: (id: string) => Promise<O | null>;
  /**
   * Writes `next` over `previous` as it was read (WRITE_CONFLICT when another request changed it
   * since), with the event of what was done (`credentialEvent`, shared/credentials/events.ts) in the same write.
   */
  save: (previous: O, next: O, event: CredentialChangeEvent) => Promise<void>;
}

/** A credential as its GraphQL type resolves it: the record, its holder's id and the list's day. */
export type HeldByOrganisation<R> = Listed<R & { holderId: string }>;

export function heldByOrganisation<R extends object>(record: R, holderId: string, asOf?: Date): HeldByOrganisation<R> {
  const node = { ...record, holderId };
  return asOf ? listed(node, asOf) : node;
}

/** The store query for the spec's list: organisations of the holder kind with the credential, narrowed. */
export function organisationCredentialFilter<O extends OrganisationDocument, R extends AccreditationRecord>(
  spec: OrganisationCredentialSpec<O, R>,
  criteria: CredentialCriteria,
  own: Filter[] = [],
): Filter {
  const path = `${spec.field}.`;
  return credentialFilter([{ kind: spec.holderKind }, { [`${path}certificateNumber`]: HAS_VALUE }, ...own], criteria, path);
}

/** The spec's part of the cross-registry catalog. */
export function organisationCatalogSource<O extends OrganisationDocument, R extends AccreditationRecord>(
  spec: OrganisationCredentialSpec<O, R>,
  organisations: StoreCollection<O>,
): CatalogSource {
  return {
    kind: spec.kind,
    collection: organisations,
    filter: (criteria) => organisationCredentialFilter(spec, criteria),
    keyField: '_id',
    facts: (document) => {
      const organisation = document as unknown as O;
      const record = spec.read(organisation)!;
      return {
        key: organisation._id,
        number: record.certificateNumber,
        title: `${record.standard}: ${record.fields.join('، ')}`,
        holder: { organisationId: organisation._id },
        validity: record,
      };
    },
  };
}

/** Loads the holder named by the input, recording why it cannot hold the credential. */
async function checkHolder<O extends OrganisationDocument, R extends AccreditationRecord>(
  checker: InputChecker,
  spec: OrganisationCredentialSpec<O, R>,
  store: OrganisationCredentialStore<O>,
  id: string,
): Promise<O | undefined> {
  if (!ownsId(spec.registry, id)) {
    checker.add(spec.holderField, `"${id}" is not an organisation of the ${spec.registry} registry (ids start with "${spec.registry}:")`);
    return undefined;
  }
  const organisation = await store.load(id);
  if (!organisation) {
    checker.add(spec.holderField, `no organisation "${id}" in the ${spec.registry} registry`);
    return undefined;
  }
  if (organisation.kind !== spec.holderKind) {
    const a = /^[aeiou]/i.test(spec.holderName) ? 'an' : 'a';
    checker.add(spec.holderField, `"${id}" is not ${a} ${spec.holderName}; only ${a} ${spec.holderName} holds an ${spec.what}`);
    return undefined;
  }
  return organisation;
}

/**
 * Issues the credential to the organisation named by `holderId`: validity days and the kind's own
 * fields (`details`, which records its problems in the same checker) checked together, then written.
 */
export async function issueOrganisationCredential<O extends OrganisationDocument, R extends AccreditationRecord>(
  spec: OrganisationCredentialSpec<O, R>,
  store: OrganisationCredentialStore<O>,
  input: { holderId: string; validFrom: string; validUntil: string },
  by: { subject?: string } | undefined,
  details: (checker: InputChecker) => Omit<R, 'validFrom' | 'validUntil' | 'suspendedOn' | 'revokedOn'> | undefined,
): Promise<HeldByOrganisation<R>> {
  const checker = new InputChecker();
  const holder = await checkHolder(checker, spec, store, input.holderId);
  if (holder) {
    checkReissue(checker, spec.holderField, spec.read(holder), spec.what);
    checkOpenOrganisation(checker, spec.holderField, holder);
  }
  const days = checkValidityDays(checker, input);
  const own = details(checker);
  checker.throwIfAny();
  const record = { ...own!, validFrom: days.validFrom!, validUntil: days.validUntil!, provenance: enteredBy(by) } as R;
  await store.save(holder!, spec.write(holder!, record), CREDENTIAL_CHANGE_EVENTS.issued);
  return heldByOrganisation(record, holder!._id);
}

/** Renews or changes the standing of the credential the organisation named by `holderId` holds. */
export async function actOnOrganisationCredential<O extends OrganisationDocument, R extends AccreditationRecord>(
  spec: OrganisationCredentialSpec<O, R>,
  store: OrganisationCredentialStore<O>,
  holderId: string,
  action: CredentialAction,
): Promise<HeldByOrganisation<R>> {
  const checker = new InputChecker();
  const holder = await checkHolder(checker, spec, store, holderId);
  const current = holder ? spec.read(holder) : undefined;
  if (holder && !current) checker.add(spec.holderField, `"${holderId}" holds no ${spec.what}; issue one first`);
  // A closed organisation's credential may still be suspended or revoked, not renewed.
  if (holder && action.type === 'renew') checkOpenOrganisation(checker, spec.holderField, holder);
  const changed = current ? applyCredentialAction(checker, current, action) : undefined;
  checker.throwIfAny();
  await store.save(holder!, spec.write(holder!, changed!), credentialActionEvent(action));
  return heldByOrganisation(changed!, holder!._id);
}

/** The fields of the issue mutation's input the shared checks read; the holder is named by `spec.holderField`. */
export interface IssueOrganisationCredentialInput {
  validFrom: string;
  validUntil: string;
}

type HolderNamed = Record<string, unknown>;

/**
 * The three mutations of a credential an organisation holds, as resolvers: issue (the shared checks,
 * and `details` for the registry's own fields), renew and change standing. Each input names the
 * holder by `spec.holderField` (e.g. `laboratoryId`); `storeOf` reaches the subgraph's loaders.
 */
export function organisationCredentialMutations<
  C extends { caller?: Caller },
  O extends OrganisationDocument,
  R extends AccreditationRecord,
  I extends IssueOrganisationCredentialInput,
>(
  spec: OrganisationCredentialSpec<O, R>,
  storeOf: (context: C) => OrganisationCredentialStore<O>,
  details: (checker: InputChecker, input: I) => Omit<R, 'validFrom' | 'validUntil' | 'suspendedOn' | 'revokedOn'> | undefined,
) {
  const holderOf = (input: HolderNamed) => input[spec.holderField] as string;
  return {
    issue: (_: unknown, { input }: { input: I & HolderNamed }, context: C) =>
      issueOrganisationCredential(spec, storeOf(context), { ...input, holderId: holderOf(input) }, context.caller, (checker) => details(checker, input)),
    renew: (_: unknown, { input }: { input: HolderNamed & { validUntil: string } }, context: C) =>
      actOnOrganisationCredential(spec, storeOf(context), holderOf(input), { type: 'renew', validUntil: input.validUntil, by: context.caller }),
    changeStanding: (_: unknown, { input }: { input: HolderNamed & { change: CredentialChange; on?: string | null } }, context: C) =>
      actOnOrganisationCredential(spec, storeOf(context), holderOf(input), { type: 'standing', change: input.change, on: input.on, by: context.caller }),
  };
}
