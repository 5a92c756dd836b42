import { badUserInputField } from '../../shared/errors';
import { GraphQLResolveInfo } from 'graphql';
import { listOf } from '../../shared/graphql/list-cursors';
import { Page, pageSize, toPage } from '../../shared/graphql/pagination';
import { parseNationalCode } from '../../shared/identity/national-code';
import { RegistryKey } from '../../shared/registry/keys';
import { ProjectKind, ProjectStatus } from '../../shared/registry/documents';
import { personTitleValues } from '../../shared/text/person-titles';
import { RegistryList } from './registries';
import { Unanswered } from './unanswered';

/** What a registry's view carries into the directory through @requires. */
type Views<V> = Partial<Record<RegistryKey, V | null>>;

/** A registry's member as the directory's person reads it: the name and its parts. */
interface NameView {
  fullName: string;
  title?: string | null;
  givenName?: string | null;
  familyName?: string | null;
}

interface ProjectView {
  record: { title: string; mandate: string; dueDate: { iso: string; jalali: string }; status: ProjectStatus } | null;
  participants: { organisation: { id: string }; role: 'LEAD' | 'COOPERATING' }[];
}

interface CatalogEntry {
  project: { id: string };
  leadStatus: ProjectStatus | null;
  /** The cooperating organisations the registry records in the project, by id. */
  cooperatingIds: string[];
}

/** `jointProjects`' arguments, as the `JointProjectList` key carries them: `registry` as its key (`labs`). */
interface ListFilter {
  registry?: RegistryKey | null;
  status?: ProjectStatus | null;
  kind?: ProjectKind | null;
  first?: number | null;
  /** The position (a project id) the client's cursor was opened into (list-cursors.ts). */
  after?: string | null;
  /** The list its cursors are sealed for (see listOf). */
  list?: string;
}

/** Each registry's view of an entity, in the configuration's order, where it has one. */
const presentViews = <V>(registries: RegistryList, entity: Views<V>): [RegistryKey, V][] =>
  registries.keys.flatMap((key) => {
    const view = entity[key];
    return view ? [[key, view] as [RegistryKey, V]] : [];
  });

type ProjectViews = Views<ProjectView> & { id: string };

/**
 * The ids a filter keeps, in order. A project exists where its lead registry (the one its id starts
 * with) lists it with a status (the lead applies the status and kind filters). The registry filter keeps those the
 * registry leads, and those in which one of its organisations cooperates as `JointProject.cooperating`
 * lists it: the lead's registry and the registry both record that same organisation (each registry
 * speaks for its own organisations). A lead's invitation of one organisation and the registry's offer
 * of another are two records that agree on nothing: neither makes the registry take part.
 */
export function selectProjectIds(registries: RegistryList, catalog: Views<CatalogEntry[]>, filter: ListFilter): string[] {
  const led = new Set<string>();
  const named = new Map<string, Map<RegistryKey, readonly string[]>>();
  for (const key of registries.keys) {
    for (const entry of catalog[key] ?? []) {
      // Only the lead's registry says a project exists (another's entry with a status would invent one of the lead's).
      if (entry.leadStatus && registries.keyOfId(entry.project.id) === key) led.add(entry.project.id);
      const byRecorder = named.get(entry.project.id) ?? new Map<RegistryKey, readonly string[]>();
      named.set(entry.project.id, byRecorder.set(key, entry.cooperatingIds));
    }
  }
  const takesPart = (id: string, registry: RegistryKey): boolean => {
    const lead = registries.keyOfId(id);
    if (lead === registry) return true;
    const recordedBy = (by: RegistryKey | undefined): readonly string[] => (by ? (named.get(id)?.get(by) ?? []) : []);
    const ownRecords = new Set(recordedBy(registry));
    return recordedBy(lead).some((organisationId) => registries.keyOfId(organisationId) === registry && ownRecords.has(organisationId));
  };
  const registry = filter.registry;
  return [...led].filter((id) => !registry || takesPart(id, registry)).sort();
}

/** `jointProjects`' arguments as the client gives them: `registry` a `Registry` value. */
type JointProjectsArgs = Omit<ListFilter, 'registry'> & { registry?: string | null };

/** The directory's people, organisations and joint projects across the graph's registries. */
export function directoryResolvers(registries: RegistryList) {
  const { fromEvery, fromKeeper, mergedListResolvers, reportUnanswered, unansweredRegistries } = new Unanswered(registries);
  const views = <V>(entity: Views<V>) => presentViews(registries, entity);
  /** The name a person is registered under: the first registry's among those that answered; with an error when none of them knows the person. */
  const nameOf = (person: Views<NameView>, context: unknown, info: GraphQLResolveInfo): NameView | null => {
    const name = views(person)[0]?.[1] ?? null;
    if (name === null) {
      reportUnanswered(info, unansweredRegistries(person, context), {
        says: (registry) => `No registry that answered knows this person's name, and the ${registry} registry did not answer.`,
      });
    }
    return name;
  };
  /**
   * The project's record as its lead's registry (the one its id starts with) keeps it: another
   * registry's part may not give the lead's project a title, mandate, deadline or status.
   */
  const leadRecord = (project: ProjectViews) => {
    const lead = registries.keyOfId(project.id);
    return (lead ? project[lead]?.record : null) ?? null;
  };
  /**
   * The project's lead organisation as its lead's registry (the one its id starts with) records it,
   * when that organisation is of that registry: another registry's view naming a lead is not taken,
   * or a registry of the graph could make a third registry's organisation lead, or take part in,
   * a project neither the lead's registry nor the organisation's recorded it in.
   */
  const leadOf = (project: ProjectViews): { id: string } | null => {
    const lead = registries.keyOfId(project.id);
    const named = lead ? project[lead]?.participants.find((p) => p.role === 'LEAD')?.organisation : undefined;
    return named && registries.keyOfId(named.id) === lead ? named : null;
  };
  /**
   * The cooperating organisations both the lead's registry and their own record, in id order (each
   * registry speaks for its own organisations: a lead names another's, which consents by recording it).
   */
  const agreedCooperating = (project: ProjectViews): { id: string }[] => {
    const recordedBy = (key: RegistryKey | undefined): Set<string> =>
      new Set(key ? (project[key]?.participants ?? []).filter((p) => p.role === 'COOPERATING').map((p) => p.organisation.id) : []);
    const lead = registries.keyOfId(project.id);
    return [...recordedBy(lead)]
      .filter((id) => {
        const own = registries.keyOfId(id);
        return own === lead || recordedBy(own).has(id);
      })
      .sort()
      .map((id) => ({ id }));
  };
  const enumValuesOf = (keys: readonly RegistryKey[]) => keys.map((key) => registries.enumValueOf(key)!);
  const pages = new WeakMap<CatalogList, Page<string>>();
  /** One page per list object: totalCount, pageInfo and nodes all read it, and it is built once. */
  const pageOfProjects = (list: CatalogList): Page<string> => {
    let page = pages.get(list);
    if (!page) {
      page = buildPage(registries, list);
      pages.set(list, page);
    }
    return page;
  };

  return {
    Query: {
      person: (_: unknown, { nationalCode }: { nationalCode: string }) => {
        const parsed = parseNationalCode(nationalCode);
        if (!parsed.ok) throw badUserInputField('nationalCode', parsed.message);
        return { nationalCode: parsed.value };
      },
      jointProjects: (_: unknown, { registry, ...args }: JointProjectsArgs, __: unknown, info: GraphQLResolveInfo) => {
        pageSize(args.first);
        return { filter: JSON.stringify({ ...args, registry: registry ? registries.keyOf(registry) : registry, list: listOf(info, { registry, ...args }) }) };
      },
      registries: () => registries.all.map((entry) => ({ registry: entry.enumValue, key: entry.key, names: entry.names })),
    },
    Person: {
      // The first registry's name among those that answered; null with an error when none of them knows the person.
      fullName: (person: Views<NameView>, _: unknown, context: unknown, info: GraphQLResolveInfo) => nameOf(person, context, info)?.fullName ?? null,
      // The parts of that same registry's name, so the four fields always agree.
      title: (person: Views<NameView>, _: unknown, context: unknown, info: GraphQLResolveInfo) => nameOf(person, context, info)?.title ?? null,
      givenName: (person: Views<NameView>, _: unknown, context: unknown, info: GraphQLResolveInfo) => nameOf(person, context, info)?.givenName ?? null,
      familyName: (person: Views<NameView>, _: unknown, context: unknown, info: GraphQLResolveInfo) => nameOf(person, context, info)?.familyName ?? null,
      titles: (person: Views<NameView>, _: unknown, context: unknown, info: GraphQLResolveInfo) => {
        const name = nameOf(person, context, info);
        return name ? personTitleValues(name.title) : null;
      },
      registries: (person: Views<{ fullName: string }>, _: unknown, context: unknown, info: GraphQLResolveInfo) =>
        fromEvery(person, context, info, () => enumValuesOf(views(person).map(([key]) => key))),
    },
    Organisation: {
      // The name its own registry (the one its id starts with) keeps: another registry's view may not rename it.
      name: (organisation: Views<{ name: string }> & { id: string }, _: unknown, context: unknown, info: GraphQLResolveInfo) => {
        const keeper = registries.keyOfId(organisation.id);
        return fromKeeper(organisation, (keeper ? organisation[keeper]?.name : null) ?? null, context, info);
      },
      registry: ({ id }: { id: string }) => {
        const key = registries.keyOfId(id);
        return key === undefined ? null : registries.enumValueOf(key);
      },
    },
    JointProject: {
      title: (project: ProjectViews, _: unknown, context: unknown, info: GraphQLResolveInfo) => fromKeeper(project, leadRecord(project)?.title ?? null, context, info),
      mandate: (project: ProjectViews, _: unknown, context: unknown, info: GraphQLResolveInfo) => fromKeeper(project, leadRecord(project)?.mandate ?? null, context, info),
      dueDate: (project: ProjectViews, _: unknown, context: unknown, info: GraphQLResolveInfo) => fromKeeper(project, leadRecord(project)?.dueDate ?? null, context, info),
      status: (project: ProjectViews, _: unknown, context: unknown, info: GraphQLResolveInfo) => fromKeeper(project, leadRecord(project)?.status ?? null, context, info),
      lead: (project: ProjectViews, _: unknown, context: unknown, info: GraphQLResolveInfo) => fromKeeper(project, leadOf(project), context, info),
      // Those the lead's registry and their own both record, with an error per registry that did not answer.
      cooperating: (project: ProjectViews, _: unknown, context: unknown, info: GraphQLResolveInfo) => {
        reportUnanswered(info, unansweredRegistries(project, context), {
          partial: true,
          says: (registry) => `The ${registry} registry did not answer: the organisations whose part it records or confirms are left out.`,
        });
        return agreedCooperating(project);
      },
      registries: (project: ProjectViews, _: unknown, context: unknown, info: GraphQLResolveInfo) =>
        fromEvery(project, context, info, () => {
          const lead = leadOf(project);
          const taking = new Set([...(lead ? [lead] : []), ...agreedCooperating(project)].map(({ id }) => registries.keyOfId(id)));
          return enumValuesOf(registries.keys.filter((key) => taking.has(key)));
        }),
    },
    JointProjectList: mergedListResolvers(
      pageOfProjects,
      (id: string) => ({ id }),
      (list) => parseFilter(list.filter).list ?? '',
    ),
  };
}

function parseFilter(filter: string): ListFilter {
  return JSON.parse(filter) as ListFilter;
}

type CatalogList = Views<CatalogEntry[]> & { filter: string };

function buildPage(registries: RegistryList, list: CatalogList): Page<string> {
  const filter = parseFilter(list.filter);
  const ids = selectProjectIds(registries, list, filter);
  const size = pageSize(filter.first);
  const after = filter.after;
  const rest = after ? ids.filter((id) => id > after) : ids;
  return toPage(rest.slice(0, size + 1), size, ids.length, (id) => id);
}
