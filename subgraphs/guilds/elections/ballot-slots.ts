import { randomInt } from 'node:crypto';
import { BallotDocument } from './documents';

/**
 * Ballot secrecy at rest: ballots are kept in slots made before anyone votes, so that where and in
 * what order a ballot is stored says nothing about who cast it or when. An election gets one empty
 * slot per voter eligible when it is created, plus a margin; the slots are numbered, and inserted in
 * a random order. A ballot fills, in place, an empty slot whose number is drawn at random, which
 * keeps the slot's place in every order the databases store in (SQLite's rowid under FerretDB,
 * MongoDB's natural order, the embedded store's insertion order), so neither the slot's place nor
 * its number says anything about the ballot's voter or time. Filling a slot does not change its
 * size either: `filled` is a number and `choices` always holds `seats` codes, padded with
 * NO_CHOICE. The voter record, written in the same all-or-nothing write, is a separate document
 * whose order of insertion follows the voting, and nothing in it points at the slot.
 */

/** What fills the unused places of `choices`: as long as a national code, and never one (not all digits). */
export const NO_CHOICE = '----------';

/** How many empty slots a new election gets: one per eligible voter, and a margin for members who join before voting ends. */
export const slotsForElection = (eligibleVoters: number): number => eligibleVoters + Math.max(16, Math.ceil(eligibleVoters / 10));

/**
 * How many slots to add when an election has none left empty (more voters than slots): a quarter of
 * those it has, at least 64. Ballots in an added batch were cast after it was added, so an attacker
 * who reads the slots' order learns that much: each such ballot is one of the voters who voted after
 * the batch came, not which one (a ballot takes any empty slot, old ones left over included).
 */
export const slotsToAdd = (existing: number): number => Math.max(64, Math.ceil(existing / 4));

/** What every slot id of the election begins with. */
export const slotIdPrefix = (electionId: string): string => `${electionId}#`;
/** The `_id` of an election's slot number `n`, zero-padded so that `_id` order is number order. */
export const slotId = (electionId: string, n: number): string => `${slotIdPrefix(electionId)}${String(n).padStart(6, '0')}`;

/** A random whole number from 0 up to, not including, `bound`. */
export type Draw = (bound: number) => number;
const draw: Draw = (bound) => randomInt(bound);

/** Empty slots numbered `from` to `from + count - 1`, in a random order (Fisher-Yates with `random`). */
export function emptySlots(electionId: string, seats: number, from: number, count: number, random: Draw = draw): BallotDocument[] {
  const slots = Array.from({ length: count }, (_, i): BallotDocument => ({
    _id: slotId(electionId, from + i),
    electionId,
    filled: 0,
    choices: Array<string>(seats).fill(NO_CHOICE),
  }));
  for (let i = slots.length - 1; i > 0; i -= 1) {
    const j = random(i + 1);
    [slots[i], slots[j]] = [slots[j]!, slots[i]!];
  }
  return slots;
}

/** The slot with a ballot in it: the choices in national-code order, padded to the seats. */
export function filledSlot(slot: BallotDocument, choices: readonly string[], seats: number): BallotDocument {
  return { ...slot, filled: 1, choices: [...choices].sort().concat(Array<string>(Math.max(0, seats - choices.length)).fill(NO_CHOICE)) };
}

/** The filter of an election's empty slots (`filled: 0`), cast ballots (`filled: 1`) or slots sealed empty (`filled: 2`). */
export const slotsOf = (electionId: string, filled: BallotDocument['filled']) => ({ electionId, filled });

/** An empty slot sealed: when an election's result is counted, so that no ballot checked before it can land after. */
export const sealedSlot = (slot: BallotDocument): BallotDocument => ({ ...slot, filled: 2 });

/** A slot number drawn at random among an election's `slots`. */
export const drawSlot = (electionId: string, slots: number, random: Draw = draw): string => slotId(electionId, random(slots));
