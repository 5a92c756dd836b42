import { DueEventSource } from '../../../shared/outbox/date-scan';
import { EventDraft, EventTypeDeclaration, eventInstant } from '../../../shared/outbox/events';
import { Filter, NO_VALUE } from '../../../shared/store/port';
import { CandidateDocument, ElectionDocument } from './documents';

export const ELECTION_EVENTS = {
  created: 'election.created',
  opened: 'election.opened',
  closed: 'election.closed',
  resultPublished: 'election.result-published',
} as const;
type ElectionEvent = (typeof ELECTION_EVENTS)[keyof typeof ELECTION_EVENTS];

export const ELECTION_EVENT_TYPES: readonly EventTypeDeclaration[] = [
  { type: ELECTION_EVENTS.created, description: 'A union board election was created, with its voting window and first candidates.' },
  { type: ELECTION_EVENTS.opened, description: 'Voting in an election opened (its opening time passed): written once per election and opening time.' },
  { type: ELECTION_EVENTS.closed, description: 'Voting in an election ended: at its planned close, or earlier when closed by its supervisors; written once per election and end.' },
  { type: ELECTION_EVENTS.resultPublished, description: "An election's result was published: counts, and (to subscribers with personal:read) each candidate's votes." },
];

/**
 * The event about an election (its organisation: the union). Opening and closing happen once per
 * moment, however they are seen (the scan, or `closeGuildElection`); the candidates' and
 * supervisors' national codes, and the tallies, are personal.
 */
export function electionEvent(election: ElectionDocument, type: ElectionEvent, candidates: readonly CandidateDocument[] = []): EventDraft {
  const result = election.result;
  const once = type === ELECTION_EVENTS.opened ? election.opensAt : type === ELECTION_EVENTS.closed ? election.endsAt : undefined;
  return {
    type,
    record: { type: 'ELECTION', id: election._id },
    organisationId: election.unionId,
    data: {
      title: election.title,
      unionId: election.unionId,
      chamberId: election.chamberId,
      seats: election.seats,
      opensAt: eventInstant(election.opensAt),
      closesAt: eventInstant(election.closesAt),
      endsAt: eventInstant(election.endsAt),
      ...(type === ELECTION_EVENTS.created ? { candidates: candidates.length } : {}),
      ...(result
        ? {
            result: {
              publishedAt: eventInstant(result.publishedAt),
              ballots: result.ballots,
              voters: result.voters,
              eligibleVoters: result.eligibleVoters,
              tieForLastSeat: result.tieForLastSeat,
            },
          }
        : {}),
    },
    personal: {
      supervisorNationalCodes: election.supervisorNationalCodes,
      ...(type === ELECTION_EVENTS.created ? { candidateNationalCodes: candidates.map((candidate) => candidate.nationalCode) } : {}),
      ...(result ? { tallies: result.tallies.map((t) => ({ nationalCode: t.nationalCode, votes: t.votes, elected: t.elected })) } : {}),
    },
    ...(once ? { once: `${type}|${election._id}|${once.toISOString()}` } : {}),
  };
}

/** The scan for elections whose voting opened or ended (see DueEventSource); `electionsWhere` reads them. */
export function electionDateSource(electionsWhere: (filter: Filter) => AsyncIterable<ElectionDocument[]>): DueEventSource {
  return {
    name: 'elections:window',
    async *due(from: Date, to: Date) {
      const within = { $gt: from, $lte: to };
      for await (const elections of electionsWhere({ result: NO_VALUE, opensAt: within })) yield elections.map((election) => electionEvent(election, ELECTION_EVENTS.opened));
      for await (const elections of electionsWhere({ result: NO_VALUE, endsAt: within })) yield elections.map((election) => electionEvent(election, ELECTION_EVENTS.closed));
    },
  };
}
