import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLError } from 'graphql';
import { Caller } from '../auth/caller';
import { callerNationalCode, isOwnRecord } from '../auth/own-record';
import { FORBIDDEN } from '../auth/requirements';
import { credentialsHeldBy } from '../credentials/catalog';
import { CredentialKinds } from '../credentials/kinds';
import { startOfUtcDay } from '../credentials/validity';
import { GOVERNANCE_COLLECTIONS, MeetingDocument, ProjectMemberDocument } from '../governance/documents';
import { ResolverMap } from '../graphql/merge-resolvers';
import { fillRegistryTemplate, RegistryKey, typePrefixOf } from './keys';
import { Store, StoreCollection } from '../store/port';
import { optionalCalendarDateOf } from '../text/calendar';
import { RegistryContext } from './context';

const OWN_RECORD_TEMPLATE_FILE = join(__dirname, 'own-record.graphql');

/** own-record.graphql for one registry: `Me.<key>` and `<Key>OwnRecord`. */
export const ownRecordTypeDefs = (key: RegistryKey): string => fillRegistryTemplate(readFileSync(OWN_RECORD_TEMPLATE_FILE, 'utf8'), key);

/**
 * The reads of a person's own record that no other list of the registry makes: their committee
 * seats and the meetings whose minutes name them, each by an index on the national code.
 */
export class OwnRecordRepository {
  private readonly seats: StoreCollection<ProjectMemberDocument>;
  private readonly meetings: StoreCollection<MeetingDocument>;

  constructor(store: Store) {
    this.seats = store.collection(GOVERNANCE_COLLECTIONS.members);
    this.meetings = store.collection(GOVERNANCE_COLLECTIONS.meetings);
  }

  /** Idempotent. */
  async ensureIndexes(): Promise<void> {
    await this.seats.ensureIndex({ name: 'projectMembers_by_person', keys: { nationalCode: 1 } });
    await this.meetings.ensureIndex({ name: 'meetings_by_attendee', keys: { 'attendees.nationalCode': 1 } });
  }

  seatsOf(nationalCode: string): Promise<ProjectMemberDocument[]> {
    return this.seats.find({ nationalCode }, { sort: { _id: 1 } });
  }

  async meetingsAttendedBy(nationalCode: string): Promise<string[]> {
    const meetings = await this.meetings.find({ 'attendees.nationalCode': nationalCode }, { sort: { _id: 1 } });
    return meetings.map((meeting) => meeting._id);
  }
}

/** What a request's context holds for the own record: the caller, the registry's context, the own-record reads. */
export interface OwnRecordContext extends RegistryContext {
  caller: Caller;
  ownRecords: OwnRecordRepository;
}

/** The `Me` the registry answers for: the caller's own national code. */
interface OwnReference {
  nationalCode: string;
}

function notOwnRecord(caller: Caller): GraphQLError {
  const subject = callerNationalCode(caller);
  return new GraphQLError(
    subject
      ? "Not allowed: a person's own record (Me) is answered only to that person, signed in with their national code."
      : "Not allowed: the own record (Me) is answered only to a person signed in with their national code as the token's subject.",
    { extensions: { code: FORBIDDEN } },
  );
}

/**
 * The registry's part of `Query.me`: `Me` resolved only for the caller's own national code (the
 * per-record half of the own-record rule; the gateway holds the `me` root), then the caller's name,
 * roles, committee seats, meetings attended and credentials in this registry.
 */
export function ownRecordResolvers(key: RegistryKey, kinds: CredentialKinds): ResolverMap {
  const own = `${typePrefixOf(key)}OwnRecord`;
  return {
    Me: {
      __resolveReference: (reference: OwnReference, { caller }: OwnRecordContext): OwnReference => {
        if (!isOwnRecord(caller, reference.nationalCode)) throw notOwnRecord(caller);
        return { nationalCode: reference.nationalCode };
      },
      [key]: (me: OwnReference) => me,
    },
    [own]: {
      fullName: async ({ nationalCode }: OwnReference, _: unknown, { loaders }: OwnRecordContext) => (await loaders.person.load(nationalCode))?.fullName ?? null,
      roles: ({ nationalCode }: OwnReference, _: unknown, { loaders }: OwnRecordContext) => loaders.rolesOfPerson.load(nationalCode),
      committeeSeats: async ({ nationalCode }: OwnReference, _: unknown, { ownRecords }: OwnRecordContext) =>
        (await ownRecords.seatsOf(nationalCode)).map((seat) => ({
          projectId: seat.projectId,
          position: seat.position,
          organisationId: seat.organisationId ?? null,
          since: optionalCalendarDateOf(seat.since),
        })),
      meetingIds: ({ nationalCode }: OwnReference, _: unknown, { ownRecords }: OwnRecordContext) => ownRecords.meetingsAttendedBy(nationalCode),
      credentials: ({ nationalCode }: OwnReference, _: unknown, { repository }: OwnRecordContext) =>
        credentialsHeldBy(key, kinds, repository.credentialCatalogSources(), nationalCode, startOfUtcDay(new Date())),
    },
  };
}
