import { GraphQLResolveInfo, responsePathAsArray } from 'graphql';
import { sealedPageInfo } from './cursors';
import { Page } from '../../shared/graphql/pagination';
import { RegistryKey } from '../../shared/registry/keys';
import { addError } from '../execution/added-errors';
import { failedSubgraphs, subgraphUnavailable } from '../execution/outages';
import { reportStrays } from './own-parts';
import { RegistryList } from './registries';

/**
 * What the directory does when a registry's part of what it computes is missing because that
 * registry's subgraph failed during the request (not because the registry has nothing to say):
 * each field says so with one error per such registry, at its own path, and either answers from
 * the registries that did answer (`partial`) or answers null.
 */

/** An entity as the directory receives it: each registry's part (@requires), null where it has none. */
type Parts = Partial<Record<RegistryKey, unknown>>;

/** The registries of `registries` whose part of `entity` is missing because their subgraph failed in this request: unknown, not empty. */
export function unansweredRegistries(registries: RegistryList, entity: Parts, context: unknown): RegistryKey[] {
  const failed = failedSubgraphs(context);
  if (failed.size === 0) return [];
  return registries.keys.filter((registry) => failed.has(registry) && (entity[registry] === null || entity[registry] === undefined));
}

interface Report {
  /** What is missing, for the client: one sentence naming the registry. */
  says: (registry: RegistryKey) => string;
  /** Whether the field still answers, from the registries that did. */
  partial?: boolean;
  /** At the object that holds the field (a list's own path), instead of at the field. */
  atParent?: boolean;
}

/** One error per registry in `missing`, at the field `info` resolves (or its parent). */
export function reportUnanswered(info: GraphQLResolveInfo, missing: readonly RegistryKey[], report: Report): void {
  const path = responsePathAsArray(info.path);
  const at = report.atParent ? path.slice(0, -1) : path;
  for (const registry of missing) addError(info, subgraphUnavailable(registry, report.says(registry), { path: at, partial: report.partial ?? false }));
}

/** The lists already reported: a list's totalCount, pageInfo and nodes come from one merge, told once. */
const reportedLists = new WeakSet<object>();

/**
 * A list merged from every registry's part, some of which are missing: one error per missing
 * registry at the list's own path (once, whichever of its fields is resolved first), saying the
 * list, its count and its page cover only the registries that answered.
 */
export function reportPartialList(list: object, info: GraphQLResolveInfo, missing: readonly RegistryKey[]): void {
  if (missing.length === 0 || reportedLists.has(list)) return;
  reportedLists.add(list);
  reportUnanswered(info, missing, {
    atParent: true,
    partial: true,
    says: (registry) => `This list lacks the ${registry} registry's part: it did not answer, so the list, its totalCount and its pageInfo cover only the registries that did.`,
  });
}

type ListResolver<L, R> = (list: L, args: unknown, context: unknown, info: GraphQLResolveInfo) => R;

/** The directory's answers to a missing part, for the graph's registries (`registries`). */
export class Unanswered {
  constructor(private readonly registries: RegistryList) {}

  /** The registries whose part of `entity` is missing because their subgraph failed in this request. */
  readonly unansweredRegistries = (entity: Parts, context: unknown): RegistryKey[] => unansweredRegistries(this.registries, entity, context);

  /** One error per registry in `missing`, at the field `info` resolves (or its parent). */
  readonly reportUnanswered = reportUnanswered;

  /**
   * The resolvers of a list merged from every registry's part (`pageOf`): its totalCount, pageInfo
   * and nodes (each item as `nodeOf` gives it), whichever is resolved first reporting the parts
   * `missingOf` finds missing (by default every registry that failed; a filter may need fewer) and
   * the registries `straysOf` says gave records not their own.
   */
  readonly mergedListResolvers = <L extends Parts, T, N>(
    pageOf: (list: L) => Page<T>,
    nodeOf: (item: T) => N,
    /** The list's name its cursors are sealed for (see list-cursors.ts). */
    listNameOf: (list: L) => string,
    missingOf: (list: L, context: unknown) => RegistryKey[] = this.unansweredRegistries,
    /** The registries whose parts named records not their own, left out of the page (own-parts.ts). */
    straysOf: (list: L) => readonly RegistryKey[] = () => [],
  ): { totalCount: ListResolver<L, number>; pageInfo: ListResolver<L, Page<T>['pageInfo']>; nodes: ListResolver<L, N[]> } => {
    const told = (list: L, context: unknown, info: GraphQLResolveInfo) => {
      reportPartialList(list, info, missingOf(list, context));
      reportStrays(list, info, straysOf(list));
    };
    return {
      totalCount: (list, _, context, info) => {
        told(list, context, info);
        return pageOf(list).totalCount;
      },
      pageInfo: (list, _, context, info) => {
        told(list, context, info);
        return sealedPageInfo(listNameOf(list), pageOf(list).pageInfo);
      },
      nodes: (list, _, context, info) => {
        told(list, context, info);
        return pageOf(list).nodes.map(nodeOf);
      },
    };
  };

  /**
   * A value only the registry that keeps the entity gives (an organisation's name, a project's record
   * and lead): when it is missing because that registry failed, null with an error saying so.
   */
  readonly fromKeeper = <T>(entity: Parts & { id: string }, value: T | null, context: unknown, info: GraphQLResolveInfo): T | null => {
    if (value !== null) return value;
    const keeper = this.registries.keyOfId(entity.id);
    const missing = this.unansweredRegistries(entity, context).filter((registry) => keeper === undefined || registry === keeper);
    reportUnanswered(info, missing, { says: (registry) => `The ${registry} registry keeps this ${info.fieldName}, and it did not answer.` });
    return null;
  };

  /** A value computed from every registry's part, which a missing part would make wrong: null, with an error per missing registry. */
  readonly fromEvery = <T>(entity: Parts, context: unknown, info: GraphQLResolveInfo, compute: () => T): T | null => {
    const missing = this.unansweredRegistries(entity, context);
    if (missing.length === 0) return compute();
    reportUnanswered(info, missing, {
      says: (registry) => `${info.parentType.name}.${info.fieldName} needs every registry's part, and the ${registry} registry did not answer.`,
    });
    return null;
  };
}
