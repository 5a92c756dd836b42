import { Filter, HAS_VALUE, NO_VALUE } from '../../../shared/store/port';
import { ElectionDocument } from './documents';

export const ELECTION_STATUSES = ['SCHEDULED', 'OPEN', 'CLOSED', 'PUBLISHED'] as const;
export type ElectionStatus = (typeof ELECTION_STATUSES)[number];

/** Where an election stands at `now`: before its window, in it, after it, or with its result published. */
export function electionStatus(election: Pick<ElectionDocument, 'opensAt' | 'endsAt' | 'result'>, now: Date): ElectionStatus {
  if (election.result) return 'PUBLISHED';
  if (now.getTime() < election.opensAt.getTime()) return 'SCHEDULED';
  if (now.getTime() < election.endsAt.getTime()) return 'OPEN';
  return 'CLOSED';
}

/** The store filter of the elections in `status` at `now` (the same rule as electionStatus). */
export function statusFilter(status: ElectionStatus, now: Date): Filter {
  const unpublished = { result: NO_VALUE };
  switch (status) {
    case 'PUBLISHED':
      return { result: HAS_VALUE };
    case 'SCHEDULED':
      return { $and: [unpublished, { opensAt: { $gt: now } }] };
    case 'OPEN':
      return { $and: [unpublished, { opensAt: { $lte: now } }, { endsAt: { $gt: now } }] };
    case 'CLOSED':
      return { $and: [unpublished, { endsAt: { $lte: now } }] };
  }
}
