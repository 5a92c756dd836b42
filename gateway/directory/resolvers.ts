import { badUserInputField } from '../../shared/errors';
import { GraphQLResolveInfo } from 'graphql';
import { listOf } from '../../shared/graphql/list-cursors';
import { Page, pageSize, toPage } from '../../shared/graphql/pagination';
import { parseNationalCode } from '../../shared/identity/national-code';
import { Registry, REGISTRIES, REGISTRY_KEYS, registryKey, RegistryKey, registryOfId } from '../../shared/registry';
import { ProjectKind, ProjectStatus } from '../../shared/registry/documents';
import { fromEvery, fromKeeper, mergedListResolvers, reportUnanswered, unansweredRegistries } from './unanswered';

/** What a registry's view carries into the directory through @requires. */
type Views<V> = Partial<Record<RegistryKey, V | null>>;

interface ProjectView {
  record: { title: string; mandate: string; dueDate: { iso: string; jalali: string }; status: ProjectStatus } | null;
  participants: { organisation: { id: string }; role: 'LEAD' | 'COOPERATING' }[];
}

interface CatalogEntry {
  project: { id: string };
  leadStatus: ProjectStatus | null;
  registries: Registry[];
}

interface ListFilter {
  registry?: Registry | null;
  status?: ProjectStatus | null;
  kind?: ProjectKind | null;
  first?: number | null;
  /** The position (a project id) the client's cursor was opened into (list-cursors.ts). */
  after?: string | null;
  /** The list its cursors are sealed for (see listOf). */
  list?: string;
}


const presentViews = <V>(entity: Views<V>): [Registry, V][] =>
  REGISTRIES.flatMap((registry) => {
    const view = entity[registryKey(registry)];
    return view ? [[registry, view] as [Registry, V]] : [];
  });

type ProjectViews = Views<ProjectView> & { id: string };

const leadRecord = (project: Views<ProjectView>) =>
  presentViews(project).find(([, view]) => view.record)?.[1].record ?? null;

const participantsOf = (project: Views<ProjectView>) => presentViews(project).flatMap(([, view]) => view.participants);

/**
 * The ids a filter keeps, in order. A project exists where its lead registry lists it with a
 * status (the lead applies the status and kind filters); the registry filter keeps those in which
 * some registry records a participant of that registry (each its own, the lead also the others it names).
 */
export function selectProjectIds(catalog: Views<CatalogEntry[]>, filter: ListFilter): string[] {
  const led = new Set<string>();
  const scope = new Set<string>();
  for (const key of REGISTRY_KEYS) {
    for (const entry of catalog[key] ?? []) {
      if (entry.leadStatus) led.add(entry.project.id);
      if (filter.registry && entry.registries.includes(filter.registry)) scope.add(entry.project.id);
    }
  }
  return [...led].filter((id) => !filter.registry || scope.has(id)).sort();
}

/** Each organisation once: the lead registry may record a participant its own registry records too. */
const distinctById = (organisations: { id: string }[]): { id: string }[] =>
  [...new Map(organisations.map((organisation) => [organisation.id, organisation])).values()];

export const directoryResolvers = {
  Query: {
    person: (_: unknown, { nationalCode }: { nationalCode: string }) => {
      const parsed = parseNationalCode(nationalCode);
      if (!parsed.ok) throw badUserInputField('nationalCode', parsed.problem);
      return { nationalCode: parsed.value };
    },
    jointProjects: (_: unknown, args: ListFilter, __: unknown, info: GraphQLResolveInfo) => {
      pageSize(args.first);
      return { filter: JSON.stringify({ ...args, list: listOf(info, args) }) };
    },
  },
  Person: {
    // The first registry's name among those that answered; null with an error when none of them knows the person.
    fullName: (person: Views<{ fullName: string }>, _: unknown, context: unknown, info: GraphQLResolveInfo) => {
      const name = presentViews(person)[0]?.[1].fullName ?? null;
      if (name === null) {
        reportUnanswered(info, unansweredRegistries(person, context), {
          says: (registry) => `No registry that answered knows this person's name, and the ${registry} registry did not answer.`,
        });
      }
      return name;
    },
    registries: (person: Views<{ fullName: string }>, _: unknown, context: unknown, info: GraphQLResolveInfo) =>
      fromEvery(person, context, info, () => presentViews(person).map(([registry]) => registry)),
  },
  Organisation: {
    name: (organisation: Views<{ name: string }> & { id: string }, _: unknown, context: unknown, info: GraphQLResolveInfo) =>
      fromKeeper(organisation, presentViews(organisation)[0]?.[1].name ?? null, context, info),
    registry: ({ id }: { id: string }) => registryOfId(id) ?? null,
  },
  JointProject: {
    title: (project: ProjectViews, _: unknown, context: unknown, info: GraphQLResolveInfo) => fromKeeper(project, leadRecord(project)?.title ?? null, context, info),
    mandate: (project: ProjectViews, _: unknown, context: unknown, info: GraphQLResolveInfo) => fromKeeper(project, leadRecord(project)?.mandate ?? null, context, info),
    dueDate: (project: ProjectViews, _: unknown, context: unknown, info: GraphQLResolveInfo) => fromKeeper(project, leadRecord(project)?.dueDate ?? null, context, info),
    status: (project: ProjectViews, _: unknown, context: unknown, info: GraphQLResolveInfo) => fromKeeper(project, leadRecord(project)?.status ?? null, context, info),
    lead: (project: ProjectViews, _: unknown, context: unknown, info: GraphQLResolveInfo) =>
      fromKeeper(project, participantsOf(project).find((p) => p.role === 'LEAD')?.organisation ?? null, context, info),
    // Those the registries that answered record, with an error per registry that did not (it may record more).
    cooperating: (project: ProjectViews, _: unknown, context: unknown, info: GraphQLResolveInfo) => {
      reportUnanswered(info, unansweredRegistries(project, context), {
        partial: true,
        says: (registry) => `The ${registry} registry did not answer: the organisations given are those the others record, and it may record more.`,
      });
      return distinctById(participantsOf(project).filter((p) => p.role === 'COOPERATING').map((p) => p.organisation)).sort((a, b) => a.id.localeCompare(b.id));
    },
    registries: (project: ProjectViews, _: unknown, context: unknown, info: GraphQLResolveInfo) =>
      fromEvery(project, context, info, () => {
        const taking = new Set(participantsOf(project).map((p) => registryOfId(p.organisation.id)));
        return REGISTRIES.filter((registry) => taking.has(registry));
      }),
  },
  JointProjectList: mergedListResolvers(pageOfProjects, (id: string) => ({ id }), (list) => parseFilter(list.filter).list ?? ''),
};

function parseFilter(filter: string): ListFilter {
  return JSON.parse(filter) as ListFilter;
}

type CatalogList = Views<CatalogEntry[]> & { filter: string };

/** One page per list object: totalCount, pageInfo and nodes all read it, and it is built once. */
const pages = new WeakMap<CatalogList, Page<string>>();

function pageOfProjects(list: CatalogList): Page<string> {
  let page = pages.get(list);
  if (!page) {
    page = buildPage(list);
    pages.set(list, page);
  }
  return page;
}

function buildPage(list: CatalogList): Page<string> {
  const filter = parseFilter(list.filter);
  const ids = selectProjectIds(list, filter);
  const size = pageSize(filter.first);
  const after = filter.after;
  const rest = after ? ids.filter((id) => id > after) : ids;
  return toPage(rest.slice(0, size + 1), size, ids.length, (id) => id);
}
