import { GraphQLError, GraphQLResolveInfo, responsePathAsArray } from 'graphql';
import { Caller } from '../../shared/auth/caller';
import { callerNationalCode } from '../../shared/auth/own-record';
import { UNAUTHENTICATED } from '../../shared/auth/requirements';
import { InputChecker } from '../../shared/errors';
import { ResolutionFilterStatus, ResolutionQuery } from '../../shared/governance/filters';
import { listOf } from '../../shared/graphql/list-cursors';
import { ResolverMap } from '../../shared/graphql/merge-resolvers';
import { pageSize } from '../../shared/graphql/pagination';
import { ownsId, RegistryKey, typePrefixOf } from '../../shared/registry/keys';
import { calendarDate } from '../../shared/text/calendar';
import { checkDate } from '../../shared/validation';
import { addError } from '../execution/added-errors';
import { GraphCredentialKind } from './credential-kinds';
import { RegistryList } from './registries';
import { reportUnanswered, unansweredRegistries } from './unanswered';

type Day = { iso: string; jalali: string };

/** One registry's part of the caller's record (`<Key>OwnRecord`), as the directory receives it. */
interface OwnPart {
  fullName?: string | null;
  roles?: { organisation: { id: string }; body: string; bodyKind: string; position: string; since?: Day | null }[];
  committeeSeats?: { projectId: string; position: string; organisationId?: string | null; since?: Day | null }[];
  meetingIds?: string[];
  credentials?: { id: string; kind: string; number: string; title: string; validFrom?: Day | null; validUntil?: Day | null; status: string }[];
}

/** `Me` in the directory: the caller's national code and, after the registries answered, each one's part by its key. */
type MeObject = { nationalCode: string; [registry: RegistryKey]: OwnPart | string | null | undefined };

interface ResolutionArgs {
  status?: ResolutionFilterStatus | null;
  asOf?: string | null;
  first?: number | null;
  after?: string | null;
}

const DAY_MS = 86_400_000;

/** The lists of a registry's part of `me` that name records: each the registry's own only. */
type RecordList = 'roles' | 'committeeSeats' | 'meetingIds' | 'credentials';

/**
 * Whether `key`'s part of `me` may name `record` in `list`: a role in one of its organisations, a
 * seat on the committee of a project it leads, a meeting of its own, a credential it keeps (its id
 * prefix, a kind it keeps), as an honest registry's part names them. Another registry's records are
 * that registry's word alone: a registry naming them would have `me` show a person seated on another
 * registry's committee, at its meetings, or responsible for its organisations' resolutions.
 */
function ownRecord(key: RegistryKey, list: RecordList, record: unknown, keeperOf: ReadonlyMap<string, RegistryKey>): boolean {
  switch (list) {
    case 'roles':
      return ownsId(key, (record as NonNullable<OwnPart['roles']>[number]).organisation.id);
    case 'committeeSeats':
      return ownsId(key, (record as NonNullable<OwnPart['committeeSeats']>[number]).projectId);
    case 'meetingIds':
      return ownsId(key, record as string);
    case 'credentials': {
      const credential = record as NonNullable<OwnPart['credentials']>[number];
      return ownsId(key, credential.id) && keeperOf.get(credential.kind) === key;
    }
  }
}

/** Days from today (UTC) to `day`: 0 on the day itself, negative after it. */
const daysUntil = (day: Day | null | undefined, today: string): number | null =>
  day ? Math.round((Date.parse(`${day.iso}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS) : null;

const notAPerson = (caller: Caller): GraphQLError =>
  caller.authenticated
    ? new GraphQLError(
        `The token's subject "${caller.subject ?? ''}" is not a national code as written (ten digits, or a CNIE in capitals, with nothing between them), so it names no person whose record "me" could be; sign in as a person (the subject is their national code).`,
        { extensions: { code: 'NOT_A_PERSON' } },
      )
    : new GraphQLError('Not authenticated: Query.me needs an authenticated caller. Send a bearer token (Authorization: Bearer <JWT>).', {
        extensions: { code: UNAUTHENTICATED },
      });

/**
 * `Query.me` and the fields the directory computes from every registry's part of the caller's own
 * record: each registry answers for `Me` only when it is the caller's own (own-record.ts), and the
 * gateway refuses `me` to anonymous callers before planning (it is @authenticated).
 */
export function meResolvers(registries: RegistryList, kinds: readonly GraphCredentialKind[] = []): ResolverMap {
  const keeperOf = new Map(kinds.map((kind) => [kind.name, kind.registry]));
  /** The registries' parts that answered, in the configuration's order; those that failed reported at the field, which answers from the others. */
  const answered = (me: MeObject, context: unknown, info: GraphQLResolveInfo): [RegistryKey, OwnPart][] => {
    const missing = unansweredRegistries(registries, me, context);
    reportUnanswered(info, missing, { partial: true, says: (registry) => `The ${registry} registry did not answer: your record there is missing here.` });
    return registries.keys.flatMap((key): [RegistryKey, OwnPart][] => {
      const part = me[key];
      return part && typeof part === 'object' ? [[key, part]] : [];
    });
  };
  /**
   * Each answered part's `list`, kept to the records its registry speaks for (ownRecord); a registry
   * whose part named others is told at the field with `SUBGRAPH_NAMED_ANOTHERS_RECORD`.
   */
  const ownListsOf = <L extends RecordList>(me: MeObject, list: L, context: unknown, info: GraphQLResolveInfo): [RegistryKey, NonNullable<OwnPart[L]>, OwnPart][] =>
    answered(me, context, info).map(([key, part]) => {
      const records = (part[list] ?? []) as NonNullable<OwnPart[L]>;
      const own = records.filter((record: unknown) => ownRecord(key, list, record, keeperOf)) as NonNullable<OwnPart[L]>;
      if (own.length < records.length)
        addError(
          info,
          new GraphQLError(`The ${key} registry's part of your record named records that are not the ${key} registry's; they were left out.`, {
            path: responsePathAsArray(info.path),
            extensions: { code: 'SUBGRAPH_NAMED_ANOTHERS_RECORD', subgraph: key },
          }),
        );
      return [key, own, part];
    });
  const registryOf = (key: RegistryKey) => registries.enumValueOf(key)!;
  return {
    Query: {
      me: (_: unknown, __: unknown, { caller }: { caller: Caller }): MeObject => {
        const nationalCode = callerNationalCode(caller);
        if (!nationalCode) throw notAPerson(caller);
        return { nationalCode };
      },
    },
    Me: {
      person: (me: MeObject) => ({ nationalCode: me.nationalCode }),
      fullName: (me: MeObject, _: unknown, context: unknown, info: GraphQLResolveInfo) => answered(me, context, info).find(([, part]) => part.fullName)?.[1].fullName ?? null,
      registries: (me: MeObject, _: unknown, context: unknown, info: GraphQLResolveInfo) => {
        const missing = unansweredRegistries(registries, me, context);
        if (missing.length > 0) {
          reportUnanswered(info, missing, { says: (registry) => `Whether you belong to the ${registry} registry cannot be told: it did not answer.` });
          return null;
        }
        return registries.keys
          .filter((key) => {
            const part = me[key];
            return typeof part === 'object' && part?.fullName;
          })
          .map(registryOf);
      },
      memberships: (me: MeObject, _: unknown, context: unknown, info: GraphQLResolveInfo) => {
        return ownListsOf(me, 'roles', context, info)
          .filter(([, , part]) => part.fullName)
          .map(([key, roles, part]) => ({ registry: registryOf(key), fullName: part.fullName, roles }));
      },
      credentials: (me: MeObject, _: unknown, context: unknown, info: GraphQLResolveInfo) => {
        const today = new Date().toISOString().slice(0, 10);
        const lastDay = (credential: { validUntil?: Day | null }) => credential.validUntil?.iso ?? '9999-12-31';
        return ownListsOf(me, 'credentials', context, info)
          .flatMap(([key, credentials]) => credentials.map((credential) => ({ ...credential, registry: registryOf(key), daysRemaining: daysUntil(credential.validUntil, today) })))
          .sort((a, b) => (lastDay(a) === lastDay(b) ? (a.id < b.id ? -1 : 1) : lastDay(a) < lastDay(b) ? -1 : 1));
      },
      committeeSeats: (me: MeObject, _: unknown, context: unknown, info: GraphQLResolveInfo) =>
        ownListsOf(me, 'committeeSeats', context, info).flatMap(([, seats]) =>
          seats.map((seat) => ({
            committee: { id: seat.projectId },
            position: seat.position,
            organisation: seat.organisationId ? { id: seat.organisationId } : null,
            since: seat.since ?? null,
          })),
        ),
      meetings: (me: MeObject, _: unknown, context: unknown, info: GraphQLResolveInfo) =>
        ownListsOf(me, 'meetingIds', context, info)
          .flatMap(([, ids]) => ids)
          .sort()
          .flatMap((id) => {
            const key = registries.keyOfId(id);
            return key ? [{ __typename: `${typePrefixOf(key)}Meeting`, id }] : [];
          }),
      resolutions: (me: MeObject, args: ResolutionArgs, context: unknown, info: GraphQLResolveInfo) => {
        const checker = new InputChecker();
        const asOf = args.asOf === null || args.asOf === undefined ? new Date().toISOString().slice(0, 10) : checkDate(checker, 'asOf', args.asOf);
        checker.throwIfAny();
        const responsibleIds = [...new Set(ownListsOf(me, 'roles', context, info).flatMap(([, roles]) => roles.map((role) => role.organisation.id)))].sort();
        const query: ResolutionQuery = {
          registry: null,
          status: args.status ?? null,
          responsibleIds,
          asOf: asOf!,
          size: pageSize(args.first),
          afterKey: args.after ?? null,
          list: listOf(info, args, me),
        };
        return { filter: JSON.stringify(query) };
      },
    },
    MembershipRole: {
      since: (role: { since?: Day | null }) => (role.since ? calendarDate(role.since.iso) : null),
    },
  };
}
