import { badUserInputField } from '../errors';
import { RegistryKey } from '../registry/keys';
import { ParticipationRole } from '../registry/documents';
import { MeetingStatus } from './documents';

/**
 * What the directory puts in a `MeetingList` / `ResolutionList` key and every registry reads: the
 * list's filter, already checked, with the page size and the position the client's cursor was
 * opened into, so each registry returns at most `size + 1` keys after `afterKey` and the directory
 * merges them. Only the gateway reads and writes these keys (they are @inaccessible).
 */
export interface ListQuery {
  /** Only this registry's items (its key); the other registries answer with an empty slice. */
  registry?: RegistryKey | null;
  size: number;
  afterKey?: string | null;
  /** The list the directory seals this list's cursors for (see listOf). */
  list: string;
}

export interface MeetingQuery extends ListQuery {
  seriesId?: string | null;
  hostId?: string | null;
  status?: MeetingStatus | null;
}

/** An organisation's participations (Organisation.participatesIn), paged by project id. */
export interface ParticipationQuery extends ListQuery {
  organisationId: string;
  role?: ParticipationRole | null;
}

export const RESOLUTION_FILTER_STATUSES = ['OPEN', 'DONE', 'OVERDUE'] as const;
export type ResolutionFilterStatus = (typeof RESOLUTION_FILTER_STATUSES)[number];

export interface ResolutionQuery extends ListQuery {
  /** OVERDUE: open, and due before `asOf`. */
  status?: ResolutionFilterStatus | null;
  responsibleId?: string | null;
  /** Only those one of these organisations is responsible for (`Query.me`'s resolutions: the organisations of a person's positions). */
  responsibleIds?: string[] | null;
  /**
   * Only those an organisation of another registry is responsible for: what a registry that does
   * not hold the caller is asked for `Me.resolutions`, the same for every caller (the gateway keeps
   * those of the caller's organisations: gateway/membership/resolution-screen.ts).
   */
  responsibleElsewhere?: boolean | null;
  /** The day "overdue" is judged on, ISO; the directory fills in today when the caller gives none. */
  asOf: string;
}

/** One registry's part of a list: its first `size + 1` keys after the cursor, and how many match in all. */
export interface GovernanceSlice {
  totalCount: number;
  /** `responsibleId`: a resolution's responsible organisation (none for a meeting). */
  keys: { id: string; sortKey: string; responsibleId?: string | null }[];
}

export const EMPTY_SLICE: GovernanceSlice = { totalCount: 0, keys: [] };

export function parseListQuery<Q extends ListQuery>(filter: string): Q {
  try {
    const parsed = JSON.parse(filter) as Q;
    if (typeof parsed.size === 'number') return parsed;
  } catch {
    /* reported below */
  }
  throw badUserInputField('filter', 'is not a list filter the directory produced');
}

/** A participation in an organisation's list: the project, the role, and the key the list pages by (the project id). */
export interface ParticipationKey {
  id: string;
  sortKey: string;
  projectId: string;
  role: ParticipationRole;
  contribution: string | null;
}

/** One registry's part of an organisation's participations. */
export interface ParticipationSlice {
  totalCount: number;
  keys: ParticipationKey[];
}
