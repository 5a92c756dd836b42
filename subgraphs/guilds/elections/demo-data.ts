import { seededRandom } from '../../../shared/demo/builders';
import { SEED_PEOPLE } from '../../../shared/demo/people';
import { DemoCollection, RoleDocument } from '../../../shared/registry/documents';
import { jalaliToIso } from '../../../shared/text/calendar';
import { GuildUnitDocument } from '../documents';
import { GUILD_TRADES } from '../trades';
import { electionIdOf } from './create-election';
import {
  BallotDocument,
  CandidateDocument,
  candidateId,
  ELECTION_COLLECTIONS,
  ElectionDocument,
  VoterDocument,
  voterId,
} from './documents';
import { tally } from './tally';
import { countsAt } from './eligibility';
import { emptySlots, filledSlot, slotsForElection } from './ballot-slots';
import { REVISION_FIELD } from '../../../shared/store/port';

const FARS_CHAMBER = 'guilds:fars-chamber';
const SEATS = 5;
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
    slots[places[i]!] = filledSlot(slots[places[i]!]!, choices, SEATS);
  });
  return slots;
}

interface ElectionDemo {
  election: ElectionDocument;
  candidates: CandidateDocument[];
  voters: VoterDocument[];
  ballots: BallotDocument[];
}

function candidateDocuments(electionId: string, codes: readonly string[], units: readonly GuildUnitDocument[], unionId: string, addedAt: Date): CandidateDocument[] {
  return codes.map((nationalCode) => ({
    _id: candidateId(electionId, nationalCode),
    electionId,
    nationalCode,
    licenceNumber: units.find((unit) => unit.unionId === unionId && unit.ownerNationalCode === nationalCode)!._id,
    addedAt,
  }));
}

/**
 * Seed 003: one of the five board elections of the provincial centre's unions, held electronically
 * in 1399 and published. The elected are the board the demo data's roles hold (since the 15th);
 * four in five eligible members vote, each ballot naming board members and now and then another.
 */
function pastElection(index: number, units: readonly GuildUnitDocument[], roles: readonly RoleDocument[]): ElectionDemo {
  const unionId = unionIdOf(index);
  const month = String(2 + index).padStart(2, '0');
  const opensAt = momentOf(`1399-${month}-12`, '08:00', '+04:30');
  const id = electionIdOf(unionId, opensAt);
  const board = roles.filter((role) => role.organisationId === unionId && role.bodyKind === 'BOARD').map((role) => role.nationalCode);
  const unionUnits = units.filter((unit) => unit.unionId === unionId);
  const others = distinct(unionUnits.map((unit) => unit.ownerNationalCode)).filter((code) => !board.includes(code)).slice(0, 2);
  // By the recorded standing: the demo's licences were issued from 1400 on, after these elections.
  const eligible = distinct(unionUnits.filter((unit) => unit.status === 'ACTIVE').map((unit) => unit.ownerNationalCode)).sort();
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
  const candidates = candidateDocuments(id, [...board, ...others], units, unionId, momentOf(`1399-${String(1 + index).padStart(2, '0')}-20`, '10:00', '+03:30'));
  const votes = new Map(candidates.map((c) => [c.nationalCode, cast.filter((choices) => choices.includes(c.nationalCode)).length] as const));
  const result = tally({
    seats: SEATS,
    votes,
    ballots: cast.length,
    voters: voters.length,
    eligibleVoters: eligible.length,
    publishedAt: momentOf(`1399-${month}-13`, '10:00', '+04:30'),
  });
  const election: ElectionDocument = {
    _id: id,
    unionId,
    chamberId: FARS_CHAMBER,
    title: titleOf(index),
    seats: SEATS,
    opensAt,
    closesAt: momentOf(`1399-${month}-12`, '18:00', '+04:30'),
    endsAt: momentOf(`1399-${month}-12`, '18:00', '+04:30'),
    supervisorNationalCodes: SUPERVISORS,
    electronic: true,
    createdAt: candidates[0]?.addedAt ?? opensAt,
    ballotSlots: ballots.length,
    result,
  };
  return { election, candidates, voters, ballots };
}

/** An election of the sixth union scheduled for Ordibehesht 1406, with three candidates and no ballots yet. */
function scheduledElection(units: readonly GuildUnitDocument[]): ElectionDemo {
  const index = 5;
  const unionId = unionIdOf(index);
  const opensAt = momentOf('1406-02-20', '08:00', '+03:30');
  const id = electionIdOf(unionId, opensAt);
  const createdAt = new Date('2026-01-01T00:00:00Z');
  // Candidates as createGuildElection would accept them on the day it was created, and its slots for the members eligible then.
  const eligible = distinct(units.filter((unit) => unit.unionId === unionId && countsAt(unit, createdAt)).map((unit) => unit.ownerNationalCode));
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
      createdAt,
      ballotSlots: ballots.length,
    },
    candidates: candidateDocuments(id, codes, units, unionId, createdAt),
    voters: [],
    ballots,
  };
}

/** The elections' demo collections, from the guild units and the union boards of the guilds demo data. */
export function electionsDemoCollections(units: readonly GuildUnitDocument[], roles: readonly RoleDocument[]): DemoCollection[] {
  const demos = [0, 1, 2, 3, 4].map((index) => pastElection(index, units, roles)).concat(scheduledElection(units));
  return [
    { collection: ELECTION_COLLECTIONS.elections, documents: demos.map((d) => d.election) },
    { collection: ELECTION_COLLECTIONS.candidates, documents: demos.flatMap((d) => d.candidates) },
    { collection: ELECTION_COLLECTIONS.voters, documents: demos.flatMap((d) => d.voters) },
    { collection: ELECTION_COLLECTIONS.ballots, documents: demos.flatMap((d) => d.ballots) },
  ];
}
