import { GraphQLError } from 'graphql';
import { badUserInputField, InputChecker, writeConflict } from '../../../shared/errors';
import { DuplicateKeyError, WriteConflictError } from '../../../shared/store/port';
import { checkNationalCode } from '../../../shared/validation';
import { ElectionsContext } from './context';
import { CandidateDocument, candidateId, ElectionDocument } from './documents';
import { activeUnitInUnion } from './eligibility';
import { checkElectionId } from './lookup';
import { electionStatus } from './status';

export interface AddElectionCandidateInput {
  electionId: string;
  nationalCode: string;
}

const candidatesAreFixed = (election: ElectionDocument): string => `voting in ${election._id} opened at ${election.opensAt.toISOString()}; candidates are fixed from then on`;

/**
 * Why a candidate's write met a changed election: its candidates were fixed meanwhile (the first
 * ballot, BAD_USER_INPUT as before the write), or another change (WRITE_CONFLICT, to try again).
 */
async function conflictRefusal(election: ElectionDocument, context: ElectionsContext): Promise<GraphQLError> {
  const [stored] = await context.elections.repository.findElections([election._id]);
  if (stored?.candidatesFixed) return badUserInputField('electionId', candidatesAreFixed(stored));
  return writeConflict(`The election ${election._id}`);
}

/** `addGuildElectionCandidate`: a member of the union stands, until voting opens. */
export async function addElectionCandidate(input: AddElectionCandidateInput, context: ElectionsContext): Promise<CandidateDocument> {
  const checker = new InputChecker();
  const election = await checkElectionId(checker, 'electionId', input.electionId, context);
  const now = context.elections.clock();
  if (election && (election.candidatesFixed || electionStatus(election, now) !== 'SCHEDULED')) checker.add('electionId', candidatesAreFixed(election));
  const nationalCode = checkNationalCode(checker, 'nationalCode', input.nationalCode);
  const unit = election && nationalCode ? await activeUnitInUnion(context.loaders, nationalCode, election.unionId, now) : null;
  if (election && nationalCode) {
    if (!unit)
      checker.add(
        'nationalCode',
        `${nationalCode} owns no active guild unit of the union ${election.unionId} with a licence valid today; only its members may stand (a lapsed licence is renewed with renewGuildUnitLicence)`,
      );
    else {
      const existing = (await context.elections.loaders.candidatesOfElection.load(election._id)).find((c) => c.nationalCode === nationalCode);
      if (existing?.statusChange) {
        checker.add(
          'nationalCode',
          `${nationalCode} ${existing.statusChange.status === 'WITHDRAWN' ? 'withdrew from' : 'was disqualified in'} ${election._id}; that record is kept, so they cannot stand in it again`,
        );
      } else if (existing) checker.add('nationalCode', `${nationalCode} already stands in ${election._id}`);
    }
  }
  checker.throwIfAny();
  const candidate: CandidateDocument = {
    _id: candidateId(election!._id, nationalCode!),
    electionId: election!._id,
    nationalCode: nationalCode!,
    licenceNumber: unit!._id,
    addedAt: now,
  };
  try {
    await context.elections.repository.addCandidate(election!, candidate);
  } catch (error) {
    if (error instanceof DuplicateKeyError) throw badUserInputField('nationalCode', `${candidate.nationalCode} already stands in ${candidate.electionId}`);
    if (error instanceof WriteConflictError) throw await conflictRefusal(election!, context);
    throw error;
  }
  context.elections.loaders.candidatesOfElection.clear(candidate.electionId);
  // The write wrote the election back over itself, which gave it a new revision: a later change of it in this request must read it again.
  context.elections.loaders.election.clear(candidate.electionId);
  return candidate;
}
