import { guildsDemoData } from '../../subgraphs/guilds/demo-data';
import { ballotChoiceOf } from '../../subgraphs/guilds/elections/ballot-choice';
import { MIN_BALLOTS_FOR_A_RESULT } from '../../subgraphs/guilds/elections/close-publish';
import { GraphQLResponse } from './graph';

const RENEW = `mutation Renew($input: RenewGuildUnitLicenceInput!) { renewGuildUnitLicence(input: $input) { licenceNumber } }`;
const CAST = `mutation Cast($input: CastGuildElectionBallotInput!) { castGuildElectionBallot(input: $input) { votedAt } }`;
const CREATE = `mutation Create($input: CreateGuildElectionInput!) { createGuildElection(input: $input) { id } }`;

/** Runs an operation as a caller with `guilds:admin` and `personal:read` (an election names its candidates by code), through the gateway or at the guilds subgraph. */
export type AsGuildsAdmin = <T>(query: string, variables: Record<string, unknown>) => Promise<GraphQLResponse<T>>;

/** An election open now in a demo union, and a member who may vote in it. */
export interface OpenElection {
  electionId: string;
  voterNationalCode: string;
  candidateNationalCodes: string[];
  /** Every member who may vote in it, candidates and the voter included. */
  eligibleNationalCodes: string[];
}

/**
 * Opens a board election of the demo's `unionId` from a minute ago for a day, with two of its
 * eligible members standing for one seat; the voter is a third. The union's active units' licences
 * are renewed first (to five years from today): the demo's lapse as the real days pass.
 */
export async function openDemoElection(asAdmin: AsGuildsAdmin, unionId: string): Promise<OpenElection> {
  const active = guildsDemoData().guildUnits.filter((unit) => unit.unionId === unionId && unit.status === 'ACTIVE');
  const fiveYearsOn = new Date(Date.now() + 5 * 365 * 86_400_000).toISOString().slice(0, 10);
  for (const unit of active) {
    const { errors } = await asAdmin(RENEW, { input: { licenceNumber: unit._id, validUntil: fiveYearsOn } });
    if (errors) throw new Error(`renewing ${unit._id}: ${errors[0]!.message}`);
  }
  const eligible = [...new Set(active.map((unit) => unit.ownerNationalCode))].sort();
  if (eligible.length < 3) throw new Error(`${unionId} has fewer than three members who may vote`);
  const candidateNationalCodes = eligible.slice(0, 2);
  const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
  const { data, errors } = await asAdmin<{ createGuildElection: { id: string } }>(CREATE, {
    input: { unionId, seats: 1, opensAt: at(-1), closesAt: at(60 * 24), candidateNationalCodes },
  });
  if (errors) throw new Error(`opening an election in ${unionId}: ${errors[0]!.message}`);
  return { electionId: data!.createGuildElection.id, voterNationalCode: eligible[2]!, candidateNationalCodes, eligibleNationalCodes: eligible };
}

/** Runs an operation as the member `voter` (a token whose subject is their national code). */
export type AsVoter = (voter: string, query: string, variables: Record<string, unknown>) => Promise<GraphQLResponse<unknown>>;

/**
 * Ballots by as many members as voting needs to end early (MIN_BALLOTS_FOR_A_RESULT), none of them
 * the election's voter or a candidate, each for its first candidate.
 */
export async function castBallotsToClose(election: OpenElection, asVoter: AsVoter): Promise<void> {
  const voters = election.eligibleNationalCodes
    .filter((code) => code !== election.voterNationalCode && !election.candidateNationalCodes.includes(code))
    .slice(0, MIN_BALLOTS_FOR_A_RESULT);
  if (voters.length < MIN_BALLOTS_FOR_A_RESULT) throw new Error(`${election.electionId} has fewer than ${MIN_BALLOTS_FOR_A_RESULT} other members who may vote`);
  const choices = [ballotChoiceOf(election.electionId, election.candidateNationalCodes[0]!)];
  for (const voter of voters) {
    const { errors } = await asVoter(voter, CAST, { input: { electionId: election.electionId, choices } });
    if (errors) throw new Error(`a ballot by ${voter}: ${errors[0]!.message}`);
  }
}
