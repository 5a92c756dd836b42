import { badUserInputField } from '../../shared/errors';
import { GraphQLResolveInfo } from 'graphql';
import { listOf } from '../../shared/graphql/list-cursors';
import { Page, pageSize, toPage } from '../../shared/graphql/pagination';
import { parseNationalCode } from '../../shared/identity/national-code';
import { Registry, REGISTRIES, REGISTRY_KEYS, registryKey, RegistryKey, registryOfId } from '../../shared/registry';
import { ProjectKind, ProjectStatus } from '../../shared/registry/documents';
import { sealedPageInfo } from './cursors';

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
    fullName: (person: Views<{ fullName: string }>) => presentViews(person)[0]?.[1].fullName ?? null,
    registries: (person: Views<{ fullName: string }>) => presentViews(person).map(([registry]) => registry),
  },
  Organisation: {
    name: (organisation: Views<{ name: string }>) => presentViews(organisation)[0]?.[1].name ?? null,
    registry: ({ id }: { id: string }) => registryOfId(id) ?? null,
  },
  JointProject: {
    title: (project: Views<ProjectView>) => leadRecord(project)?.title ?? null,
    mandate: (project: Views<ProjectView>) => leadRecord(project)?.mandate ?? null,
    dueDate: (project: Views<ProjectView>) => leadRecord(project)?.dueDate ?? null,
    status: (project: Views<ProjectView>) => leadRecord(project)?.status ?? null,
    lead: (project: Views<ProjectView>) => participantsOf(project).find((p) => p.role === 'LEAD')?.organisation ?? null,
    cooperating: (project: Views<ProjectView>) =>
      distinctById(participantsOf(project).filter((p) => p.role === 'COOPERATING').map((p) => p.organisation)).sort((a, b) =>
        a.id.localeCompare(b.id),
      ),
    registries: (project: Views<ProjectView>) => {
      const taking = new Set(participantsOf(project).map((p) => registryOfId(p.organisation.id)));
      return REGISTRIES.filter((registry) => taking.has(registry));
    },
  },
  JointProjectList: {
    totalCount: (list: CatalogList) => pageOfProjects(list).totalCount,
    pageInfo: (list: CatalogList) => sealedPageInfo(parseFilter(list.filter).list ?? '', pageOfProjects(list).pageInfo),
    nodes: (list: CatalogList) => pageOfProjects(list).nodes.map((id) => ({ id })),
  },
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
