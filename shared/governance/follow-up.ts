import { badUserInputField, InputChecker } from '../errors';
import { ownsId, RegistryKey } from '../registry/keys';
import { PartialDate, rangeOf } from '../text/partial-date';
import { checkPartialDate, checkText } from '../validation';
import { RecordChangeRecord, ResolutionDocument, ResolutionStatus } from './documents';
import { isSentAgain } from '../registry/sent-again';
import { changeBy, checkNote, GovernanceContext } from './history';

/**
 * Following resolutions up, as the minutes demand: a status change with the day the work was done
 * and a note, or a note alone. Each is appended to the resolution's history; nothing is written over.
 */

export interface SetResolutionStatusInput {
  id: string;
  status: ResolutionStatus;
  completedOn?: string | null;
  note?: string | null;
}

export interface AddResolutionNoteInput {
  id: string;
  note: string;
  on?: string | null;
}

const todayIso = (): string => new Date().toISOString().slice(0, 10);
const sameDate = (a: PartialDate | undefined, b: PartialDate | undefined): boolean => a?.precision === b?.precision && a?.calendar === b?.calendar && a?.value === b?.value;

async function resolutionOf(key: RegistryKey, id: string, { loaders }: GovernanceContext): Promise<ResolutionDocument> {
  const resolution = ownsId(key, id) ? await loaders.resolution.load(id) : null;
  if (!resolution) throw badUserInputField('id', `no resolution "${id}" in the ${key} registry`);
  return resolution;
}

/** A day of the follow-up, not after today (what is recorded has happened). */
function checkPastDate(checker: InputChecker, field: string, value: string | null | undefined): PartialDate | undefined {
  const date = checkPartialDate(checker, field, value);
  if (date && rangeOf(date).firstIso > todayIso()) checker.add(field, `"${value}" is after today (${todayIso()}): record it once it has happened`);
  return date;
}

async function write(ctx: GovernanceContext, previous: ResolutionDocument, next: ResolutionDocument): Promise<ResolutionDocument> {
  await ctx.repository.governance.replaceResolution(previous, next);
  // Cleared, not primed: the stored document has a revision the one sent lacks (a second change in this request would be a false WRITE_CONFLICT).
  ctx.loaders.resolution.clear(next._id);
  ctx.loaders.resolutionsOfMeeting.clear(next.meetingId);
  return next;
}

/**
 * Opens or closes a resolution. DONE may say when it was carried out (`completedOn`); reopening
 * clears that, the history keeping it. Setting the status it has is refused unless a new
 * completion day comes with it.
 */
export async function setResolutionStatus(key: RegistryKey, input: SetResolutionStatusInput, ctx: GovernanceContext): Promise<ResolutionDocument> {
  const resolution = await resolutionOf(key, input.id, ctx);
  const checker = new InputChecker();
  const completedOn = checkPastDate(checker, 'completedOn', input.completedOn);
  const note = checkNote(checker, 'note', input.note);
  if (completedOn && input.status !== 'DONE') checker.add('completedOn', 'goes with status DONE only');
  const before = resolution.completedOn;
  const after = input.status === 'DONE' ? (completedOn ?? before) : undefined;
  const statusChanges = input.status !== resolution.status;
  const completionChanges = !sameDate(before, after);
  if (!statusChanges && !completionChanges && checker.ok) checker.add('status', `the resolution is ${resolution.status} already; give a new completedOn, or use a note`);
  checker.throwIfAny();
  const changes: RecordChangeRecord[] = [
    ...(statusChanges ? [changeBy(ctx, { field: 'STATUS', before: resolution.status, after: input.status, note })] : []),
    ...(completionChanges ? [changeBy(ctx, { field: 'COMPLETED_ON', beforeDate: before, afterDate: after, note: statusChanges ? undefined : note })] : []),
  ];
  const { completedOn: _dropped, ...rest } = resolution;
  const next: ResolutionDocument = {
    ...rest,
    status: input.status,
    ...(after ? { completedOn: after } : {}),
    ...(statusChanges ? { statusChangedOn: new Date(`${todayIso()}T00:00:00Z`) } : {}),
    history: [...(resolution.history ?? []), ...changes],
  };
  return write(ctx, resolution, next);
}

/** Adds a follow-up note (پیگیری), with the day it is about when given. */
export async function addResolutionNote(key: RegistryKey, input: AddResolutionNoteInput, ctx: GovernanceContext): Promise<ResolutionDocument> {
  const resolution = await resolutionOf(key, input.id, ctx);
  const checker = new InputChecker();
  const note = checkText(checker, 'note', input.note, { min: 2, max: 2000 });
  const on = checkPastDate(checker, 'on', input.on);
  checker.throwIfAny();
  const added = changeBy(ctx, { field: 'NOTE', note, on });
  if (isNoteSentAgain(resolution, added)) return resolution;
  const next: ResolutionDocument = { ...resolution, history: [...(resolution.history ?? []), added] };
  return write(ctx, resolution, next);
}

/** Whether `added` is the resolution's last change already: the same note about the same day, from the same caller (see isSentAgain). */
function isNoteSentAgain(resolution: ResolutionDocument, added: RecordChangeRecord): boolean {
  const last = resolution.history?.at(-1);
  const sameNote = last?.field === 'NOTE' && last.note === added.note && JSON.stringify(last.on ?? null) === JSON.stringify(added.on ?? null);
  return isSentAgain(last && { by: last.by, at: last.at }, { by: added.by, at: added.at }, sameNote);
}
