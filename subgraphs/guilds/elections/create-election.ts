import { enteredBy } from '../../../shared/provenance/provenance';
import { badUserInputField, InputChecker } from '../../../shared/errors';
import { checkOpenOrganisation } from '../../../shared/registry/open-organisation';
import { guardUnionInItsChamber } from '../union-chamber-guard';
import { DuplicateKeyError } from '../../../shared/store/port';
import { searchKey } from '../../../shared/text/normalize';
import { checkNationalCode, checkOptionalText } from '../../../shared/validation';
import { ElectionsContext } from './context';
import { CandidateDocument, candidateId, ElectionDocument } from './documents';
import { slotsForElection } from './ballot-slots';
import { activeUnitInUnion, eligibleVotersOfUnion } from './eligibility';
import { checkMoment } from './moments';

export interface CreateGuildElectionInput {
  unionId: string;
  title?: string | null;
  seats: number;
  opensAt: string;
  closesAt: string;
  supervisorNationalCodes?: readonly string[] | null;
  candidateNationalCodes?: readonly string[] | null;
}

export const MAX_SEATS = 15;
const MAX_WINDOW_DAYS = 31;
const MAX_SUPERVISORS = 5;
const MAX_CANDIDATES = 60;
const DAY_MS = 86_400_000;

/** `guilds:election-fars-union-003-2025-09-13`: one election per union and opening day. */
export const electionIdOf = (unionId: string, opensAt: Date): string => `guilds:election-${unionId.replace(/^guilds:/, '')}-${opensAt.toISOString().slice(0, 10)}`;

/** The union's province, as written and as the list's filter reads it; nothing when the union records none. */
export const provinceOf = (union: { province?: string }): Pick<ElectionDocument, 'province' | 'provinceKey'> =>
  union.province ? { province: union.province, provinceKey: searchKey(union.province) } : {};

/** Reads a list of national codes, recording each bad or repeated one under `field[i]`. */
function checkCodes(checker: InputChecker, field: string, values: readonly string[], max: number): string[] {
  if (values.length > max) checker.add(field, `at most ${max}; got ${values.length}`);
  const codes: string[] = [];
  values.slice(0, max).forEach((value, i) => {
    const code = checkNationalCode(checker, `${field}[${i}]`, value);
    if (!code) return;
    if (codes.includes(code)) checker.add(`${field}[${i}]`, `${code} is listed twice`);
    else codes.push(code);
  });
  return codes;
}

/** Checks the whole input, store look-ups included, and builds the election and its candidates. */
async function checkElection(input: CreateGuildElectionInput, context: ElectionsContext) {
  const { loaders } = context;
  const now = context.elections.clock();
  const checker = new InputChecker();

  const union = input.unionId.startsWith('guilds:') ? await loaders.organisation.load(input.unionId) : null;
  if (!union || union.kind !== 'GUILD_UNION' || !union.parentId) {
    checker.add('unionId', `"${input.unionId}" is not a guild union of the guilds registry`);
  } else {
    checkOpenOrganisation(checker, 'unionId', union);
  }
  const title = checkOptionalText(checker, 'title', input.title, { min: 5, max: 200 });
  if (!Number.isInteger(input.seats) || input.seats < 1 || input.seats > MAX_SEATS) {
    checker.add('seats', `must be a whole number from 1 to ${MAX_SEATS}; got ${input.seats}`);
  }
  const opensAt = checkMoment(checker, 'opensAt', input.opensAt);
  const closesAt = checkMoment(checker, 'closesAt', input.closesAt);
  if (opensAt && closesAt) {
    if (closesAt <= opensAt) checker.add('closesAt', 'must be after opensAt');
    else if (closesAt.getTime() - opensAt.getTime() > MAX_WINDOW_DAYS * DAY_MS) checker.add('closesAt', `voting may last at most ${MAX_WINDOW_DAYS} days`);
    else if (closesAt <= now) checker.add('closesAt', `is already past (now is ${now.toISOString()}); an election is created before its voting ends`);
  }

  const supervisors = checkCodes(checker, 'supervisorNationalCodes', input.supervisorNationalCodes ?? [], MAX_SUPERVISORS);
  const supervisorRecords = await Promise.all(supervisors.map((code) => loaders.person.load(code)));
  supervisors.forEach((code, i) => {
    const record = supervisorRecords[i];
    if (!record) checker.add('supervisorNationalCodes', `${code} is not in the guilds registry`);
    else if (record.standing !== 'OFFICIAL') checker.add('supervisorNationalCodes', `${code} is a member, not an official; supervisors are officials (ناظر)`);
  });

  const candidateCodes = checkCodes(checker, 'candidateNationalCodes', input.candidateNationalCodes ?? [], MAX_CANDIDATES);
  const candidates: CandidateDocument[] = [];
  if (union?.kind === 'GUILD_UNION' && opensAt) {
    const id = electionIdOf(union._id, opensAt);
    // Refused here, before any write: the unique key below only settles two creations racing.
    if (await context.elections.loaders.election.load(id)) checker.add('opensAt', `the union already has an election opening on ${opensAt.toISOString().slice(0, 10)} (${id})`);
    const units = await Promise.all(candidateCodes.map((code) => activeUnitInUnion(loaders, code, union._id, now)));
    candidateCodes.forEach((code, i) => {
      const unit = units[i];
      if (!unit)
        checker.add(
          'candidateNationalCodes',
          `${code} owns no active guild unit of ${union.name} with a licence valid today; only its members may stand (a lapsed licence is renewed with renewGuildUnitLicence)`,
        );
      else candidates.push({ _id: candidateId(id, code), electionId: id, nationalCode: code, licenceNumber: unit._id, addedAt: now });
    });
  }
  checker.throwIfAny();
  guardUnionInItsChamber(union!);
  const eligibleVoters = (await eligibleVotersOfUnion(loaders, union!._id, now)).length;

  const election: ElectionDocument & { ballotSlots: number } = {
    _id: electionIdOf(union!._id, opensAt!),
    provenance: enteredBy(context.caller, now),
    unionId: union!._id,
    chamberId: union!.parentId!,
    title: title ?? `انتخابات هیئت مدیره ${union!.name}`,
    seats: input.seats,
    opensAt: opensAt!,
    closesAt: closesAt!,
    endsAt: closesAt!,
    supervisorNationalCodes: supervisors,
    electronic: true,
    ...provinceOf(union!),
    createdAt: now,
    ballotSlots: slotsForElection(eligibleVoters),
  };
  return { election, candidates };
}

/** `createGuildElection`: the election, its first candidates and its empty ballot slots (one per member eligible today, and a margin), or nothing. */
export async function createGuildElection(input: CreateGuildElectionInput, context: ElectionsContext): Promise<ElectionDocument> {
  const { election, candidates } = await checkElection(input, context);
  try {
    await context.elections.repository.createElection(election, candidates);
  } catch (error) {
    if (error instanceof DuplicateKeyError && error.collection === 'elections') {
      throw badUserInputField('opensAt', `the union already has an election opening on ${election.opensAt.toISOString().slice(0, 10)} (${election._id})`);
    }
    throw error;
  }
  // Not primed: a later change in this request must read the revision the store stamped.
  context.elections.loaders.election.clear(election._id);
  context.elections.loaders.candidatesOfElection.clear(election._id);
  return election;
}
