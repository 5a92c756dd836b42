import { seededRandom } from '../../../shared/demo/builders';
import { SEED_PEOPLE } from '../../../shared/demo/people';
import { DemoCollection } from '../../../shared/registry/documents';
import { instantOfIsoDate, jalaliToIso } from '../../../shared/text/calendar';
import { GuildUnitDocument } from '../documents';
import { GUILD_TRADES } from '../trades';
import { electionIdOf, provinceOf } from './create-election';
import {
  BallotDocument,
  BoardSeatDocument,
  boardSeatId,
  BoardTermDocument,
  boardTermIdOf,
  CandidateDocument,
  candidateId,
  ELECTION_COLLECTIONS,
  ElectionDocument,
  UnionBoardPosition,
  VoterDocument,
  voterId,
} from './documents';
import { tally } from './tally';
import { countsAt } from './eligibility';
import { emptySlots, filledSlot, slotsForElection } from './ballot-slots';
import { REVISION_FIELD } from '../../../shared/store/port';

const FARS_CHAMBER = 'guilds:fars-chamber';
const FARS = provinceOf({ province: 'فارس' });
const SEATS = 5;
/** The positions the demo's boards gave their members, in seat order. */
const BOARD_SEATS: readonly UnionBoardPosition[] = ['CHAIR', 'VICE_CHAIR', 'SECRETARY', 'BOARD_MEMBER', 'BOARD_MEMBER'];
/** Seed 003: the officials who supervise the unions' electronic elections (not members, not voters). */
const SUPERVISORS = [SEED_PEOPLE.mahmoudzadeh.nationalCode, SEED_PEOPLE.golpour.nationalCode];

const unionIdOf = (index: number): string => `guilds:fars-union-${String(index + 1).padStart(3, '0')}`;
const titleOf = (index: number): string => `انتخابات هیئت مدیره اتحادیه صنف ${GUILD_TRADES[index]!.trade} شیراز`;
/** A moment of a Solar Hijri day at a local time with its offset (Iran kept +04:30 in summer until 1401). */
const momentOf = (jalaliDay: string, time: string, offset: string): Date => new Date(`${jalaliToIso(jalaliDay)}T${time}:00${offset}`);

const distinct = (codes: readonly string[]): string[] => [...new Set(codes)];

/** A random-looking id in the shape of a UUID, from the seeded random. */
const seededUuid = (random: () => number): string => {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/**
 * An election's ballot slots as createGuildElection and castGuildElectionBallot leave them: one per
 * eligible voter and a margin, in a random order, the cast ballots in slots drawn at random (see
 * ballot-slots.ts); each with a revision, as written slots have, so filling one keeps its size.
 */
function ballotSlots(electionId: string, eligible: number, cast: readonly string[][], random: () => number): BallotDocument[] {
  const draw = (bound: number) => Math.floor(random() * bound);
  const slots: BallotDocument[] = emptySlots(electionId, SEATS, 0, slotsForElection(eligible), draw).map((slot) => ({ ...slot, [REVISION_FIELD]: seededUuid(random) }));
  const places = slots.map((_, i) => i);
  cast.forEach((choices, i) => {
    const j = i + draw(places.length - i);
    [places[i], places[j]] = [places[j]!, places[i]!];
    slots[places[i]] = filledSlot(slots[places[i]]!, choices, SEATS);
  });
  return slots;
}

interface ElectionDemo {
  election: ElectionDocument;
  candidates: CandidateDocument[];
  voters: VoterDocument[];
  ballots: BallotDocument[];
  terms: BoardTermDocument[];
  seats: BoardSeatDocument[];
}

function candidateDocuments(electionId: string, codes: readonly string[], units: readonly GuildUnitDocument[], unionId: string, addedAt: Date): CandidateDocument[] {
  return codes.map((nationalCode) => ({
    _id: candidateId(electionId, nationalCode),
    electionId,
    nationalCode,
    licenceNumber: units.find((unit) => unit.unionId === unionId && unit.ownerNationalCode === nationalCode && countsAt(unit, addedAt))!._id,
    addedAt,
  }));
}

/** The owners of the union's units whose licence was valid at `at`, in the units' order (licence number). */
const membersAt = (unionUnits: readonly GuildUnitDocument[], at: Date): string[] => distinct(unionUnits.filter((unit) => countsAt(unit, at)).map((unit) => unit.ownerNationalCode));

/**
 * Seed 003: one of the five board elections of the provincial centre's unions, held electronically
 * in 1399 and published, by the licences held then (most members' present licences were issued
 * from 1400 on, after an earlier one). The first five members able to stand are elected and take
 * office on the 15th: the board in office since, with no planned end recorded. Four in five
 * eligible members vote, each ballot naming board members and now and then another candidate.
 */
function pastElection(index: number, units: readonly GuildUnitDocument[]): ElectionDemo {
  const unionId = unionIdOf(index);
  const month = String(2 + index).padStart(2, '0');
  const opensAt = momentOf(`1399-${month}-12`, '08:00', '+04:30');
  const endsAt = momentOf(`1399-${month}-12`, '18:00', '+04:30');
  const addedAt = momentOf(`1399-${String(1 + index).padStart(2, '0')}-20`, '10:00', '+04:30');
  const id = electionIdOf(unionId, opensAt);
  const unionUnits = units.filter((unit) => unit.unionId === unionId);
  const eligible = membersAt(unionUnits, opensAt).sort();
  const standing = membersAt(unionUnits, addedAt).filter((code) => eligible.includes(code));
  const board = standing.slice(0, SEATS);
  const others = standing.slice(SEATS, SEATS + 2);
  const voting = eligible.filter((_, i) => i % 5 !== 4);
  const random = seededRandom(3_000 + index);
  const votedAt = (i: number) => new Date(opensAt.getTime() + Math.floor(((i + random()) / voting.length) * 10 * 3_600_000));
  const voters: VoterDocument[] = voting.map((nationalCode, i) => ({ _id: voterId(id, nationalCode), electionId: id, nationalCode, votedAt: votedAt(i) }));
  const cast = voting.map((_, i) => {
    const choices = board.filter((_, j) => j !== i % (SEATS + 1));
    if (choices.length < SEATS && i % 3 === 0 && others.length > 0) choices.push(others[i % others.length]!);
    return choices;
  });
  const ballots = ballotSlots(id, eligible.length, cast, random);
  const candidates = candidateDocuments(id, [...board, ...others], units, unionId, addedAt);
  const votes = new Map(candidates.map((c) => [c.nationalCode, cast.filter((choices) => choices.includes(c.nationalCode)).length] as const));
  const eligibleAtClose = membersAt(unionUnits, endsAt).length;
  const result = tally({
    seats: SEATS,
    votes,
    ballots: cast.length,
    voters: voters.length,
    eligibleVoters: eligibleAtClose,
    publishedAt: momentOf(`1399-${month}-13`, '10:00', '+04:30'),
  });
  const election: ElectionDocument = {
    _id: id,
    unionId,
    chamberId: FARS_CHAMBER,
    title: titleOf(index),
    seats: SEATS,
    opensAt,
    closesAt: endsAt,
    endsAt,
    supervisorNationalCodes: SUPERVISORS,
    electronic: true,
    ...FARS,
    eligibleVotersAtClose: eligibleAtClose,
    createdAt: addedAt,
    ballotSlots: ballots.length,
    result,
  };
  const term: BoardTermDocument = {
    _id: boardTermIdOf(id),
    unionId,
    chamberId: FARS_CHAMBER,
    electionId: id,
    startsOn: instantOfIsoDate(jalaliToIso(`1399-${month}-15`)),
    installedAt: momentOf(`1399-${month}-15`, '10:00', '+04:30'),
  };
  const seats = board.map((nationalCode, i): BoardSeatDocument => ({
    _id: boardSeatId(term._id, nationalCode),
    termId: term._id,
    unionId,
    nationalCode,
    position: BOARD_SEATS[i]!,
    since: term.startsOn,
  }));
  return { election, candidates, voters, ballots, terms: [term], seats };
}

/** An election of the sixth union scheduled for Ordibehesht 1406, with three candidates and no ballots yet. */
function scheduledElection(units: readonly GuildUnitDocument[]): ElectionDemo {
  const index = 5;
  const unionId = unionIdOf(index);
  const opensAt = momentOf('1406-02-20', '08:00', '+03:30');
  const id = electionIdOf(unionId, opensAt);
  const createdAt = new Date('2026-01-01T00:00:00Z');
  // Candidates as createGuildElection would accept them on the day it was created, and its slots for the members eligible then.
  const eligible = membersAt(
    units.filter((unit) => unit.unionId === unionId),
    createdAt,
  );
  const codes = eligible.slice(0, 3);
  const ballots = ballotSlots(id, eligible.length, [], seededRandom(3_100));
  return {
    election: {
      _id: id,
      unionId,
      chamberId: FARS_CHAMBER,
      title: titleOf(index),
      seats: SEATS,
      opensAt,
      closesAt: momentOf('1406-02-20', '18:00', '+03:30'),
      endsAt: momentOf('1406-02-20', '18:00', '+03:30'),
      supervisorNationalCodes: SUPERVISORS,
      electronic: true,
      ...FARS,
      createdAt,
      ballotSlots: ballots.length,
    },
    candidates: candidateDocuments(id, codes, units, unionId, createdAt),
    voters: [],
    ballots,
    terms: [],
    seats: [],
  };
}

/** The elections' demo collections, from the guild units of the guilds demo data: elections, their records, and the boards they installed. */
export function electionsDemoCollections(units: readonly GuildUnitDocument[]): DemoCollection[] {
  const demos = [0, 1, 2, 3, 4].map((index) => pastElection(index, units)).concat(scheduledElection(units));
  return [
    { collection: ELECTION_COLLECTIONS.elections, documents: demos.map((d) => d.election) },
    { collection: ELECTION_COLLECTIONS.candidates, documents: demos.flatMap((d) => d.candidates) },
    { collection: ELECTION_COLLECTIONS.voters, documents: demos.flatMap((d) => d.voters) },
    { collection: ELECTION_COLLECTIONS.ballots, documents: demos.flatMap((d) => d.ballots) },
    { collection: ELECTION_COLLECTIONS.boardTerms, documents: demos.flatMap((d) => d.terms) },
    { collection: ELECTION_COLLECTIONS.boardSeats, documents: demos.flatMap((d) => d.seats) },
  ];
}
