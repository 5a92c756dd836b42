import { InputChecker } from '../../../shared/errors';
import { RoleDocument } from '../../../shared/registry/documents';
import { startOfUtcDay } from '../../../shared/credentials/validity';
import { calendarDateOf, instantOfIsoDate, optionalCalendarDateOf } from '../../../shared/text/calendar';
import { checkDate } from '../../../shared/validation';
import { GuildsOrganisationDocument, GuildsPersonDocument } from '../documents';
import { Resolvers } from '../generated/resolvers-types';
import { ElectionsContext } from './context';
import { BoardSeatDocument, BoardTermDocument, UNION_BOARD_BODY } from './documents';

/** A seat held now, as the registry's roles list positions: the union's board, from the term's first day. */
const seatAsRole = (seat: BoardSeatDocument): RoleDocument => ({
  _id: seat._id,
  nationalCode: seat.nationalCode,
  organisationId: seat.unionId,
  body: UNION_BOARD_BODY,
  bodyKind: 'BOARD',
  position: seat.position,
  since: seat.since,
  ...(seat.provenance ? { provenance: seat.provenance } : {}),
});

/** The day `asOf` names, today when omitted; BAD_USER_INPUT naming `asOf` when it is not a day. */
function dayOf(asOf: string | null | undefined, now: Date): Date {
  const checker = new InputChecker();
  const iso = checkDate(checker, 'asOf', asOf);
  checker.throwIfAny();
  return iso ? instantOfIsoDate(iso) : startOfUtcDay(now);
}

const inOfficeOn = (term: BoardTermDocument, day: Date): boolean => term.startsOn.getTime() <= day.getTime() && (!term.endedOn || day.getTime() < term.endedOn.getTime());

/**
 * Union board terms and seats, and the registry's roles with the seats of the boards in office: a
 * union board is kept as terms (install-board.ts), and its members' positions are listed with the
 * roles assigned otherwise, so installing a board changes the roles listed.
 */
export const boardResolvers = {
  GuildUnionBoardTerm: {
    id: (term: BoardTermDocument) => term._id,
    union: (term: BoardTermDocument) => ({ id: term.unionId }),
    election: (term: BoardTermDocument, _: unknown, { elections }: ElectionsContext) => elections.loaders.election.load(term.electionId),
    startsOn: (term: BoardTermDocument) => calendarDateOf(term.startsOn),
    plannedEndOn: (term: BoardTermDocument) => optionalCalendarDateOf(term.plannedEndOn),
    endedOn: (term: BoardTermDocument) => optionalCalendarDateOf(term.endedOn),
    current: (term: BoardTermDocument) => !term.endedOn,
    seats: (term: BoardTermDocument, _: unknown, { elections }: ElectionsContext) => elections.loaders.seatsOfTerm.load(term._id),
    installedAt: (term: BoardTermDocument) => term.installedAt.toISOString(),
    installedBy: (term: BoardTermDocument) => term.installedBy ?? null,
  },
  GuildUnionBoardSeat: {
    person: (seat: BoardSeatDocument) => ({ nationalCode: seat.nationalCode }),
    fullName: async (seat: BoardSeatDocument, _: unknown, { loaders }: ElectionsContext) => (await loaders.person.load(seat.nationalCode))?.fullName ?? '',
    since: (seat: BoardSeatDocument) => calendarDateOf(seat.since),
    until: (seat: BoardSeatDocument) => optionalCalendarDateOf(seat.until),
  },
  GuildsOrganisation: {
    boardTerm: async (organisation: GuildsOrganisationDocument, { asOf }: { asOf?: string | null }, { elections }: ElectionsContext) => {
      if (organisation.kind !== 'GUILD_UNION') return null;
      const day = dayOf(asOf, elections.clock());
      return (await elections.loaders.boardTermsOfUnion.load(organisation._id)).find((term) => inOfficeOn(term, day)) ?? null;
    },
    boardTerms: (organisation: GuildsOrganisationDocument, _: unknown, { elections }: ElectionsContext) =>
      organisation.kind === 'GUILD_UNION' ? elections.loaders.boardTermsOfUnion.load(organisation._id) : [],
    roles: async (organisation: GuildsOrganisationDocument, _: unknown, { loaders, elections }: ElectionsContext) => {
      const [roles, seats] = await Promise.all([
        loaders.rolesInOrganisation.load(organisation._id),
        organisation.kind === 'GUILD_UNION' ? elections.loaders.currentSeatsOfUnion.load(organisation._id) : Promise.resolve([]),
      ]);
      return [...roles, ...seats.map(seatAsRole)];
    },
  },
  GuildsMember: {
    roles: async (person: GuildsPersonDocument, _: unknown, { loaders, elections }: ElectionsContext) => {
      const [roles, seats] = await Promise.all([loaders.rolesOfPerson.load(person._id), elections.loaders.currentSeatsOfPerson.load(person._id)]);
      return [...roles, ...seats.map(seatAsRole)];
    },
  },
} satisfies Resolvers;
