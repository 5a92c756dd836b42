import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLResolveInfo } from 'graphql';
import { ANONYMOUS } from '../../shared/auth/caller';
import { badUserInputField } from '../../shared/errors';
import { credentialKindEnumName } from '../../shared/credentials/kinds';
import { ResolverMap } from '../../shared/graphql/merge-resolvers';
import { EnumLabelTable, LabelLocale, mergeEnumLabels, readEnumLabels, servedLabel, sharedSchemaFiles, ValueLabels } from '../../shared/labels/labels';
import { RegistryKey } from '../../shared/registry/keys';
import { GraphCredentialKind } from './credential-kinds';
import { RegistryList } from './registries';
import { RegistryEnums } from './registry-enums';
import { RegistryLinks } from './registry-helpers';
import { reportUnanswered } from './unanswered';
import { subgraphUnavailable } from '../execution/outages';
import { UnroutedSubgraphError } from '../transport';

/** The labels of the shared enums and of the directory's own (its `*.graphql` files' `*.labels.yaml`). */
function directoryLabels(): EnumLabelTable {
  const own = readdirSync(__dirname)
    .filter((file) => file.endsWith('.graphql'))
    .map((file) => join(__dirname, file));
  return readEnumLabels([...sharedSchemaFiles(), ...own]);
}

/**
 * The `Registry` value of each registry: its names from the configuration (supergraph.yaml), in a
 * language the configuration leaves out its own (`ownNames`: what it calls itself, `Registry` in
 * its labels).
 */
function registryLabels(registries: RegistryList, ownNames: ReadonlyMap<RegistryKey, ValueLabels>): EnumLabelTable {
  const values: Record<string, ValueLabels> = {};
  for (const registry of registries.all) {
    const labels: ValueLabels = { ...ownNames.get(registry.key) };
    for (const [locale, name] of Object.entries(registry.names) as [LabelLocale, string | undefined][]) if (name) labels[locale] = servedLabel(name, locale);
    values[registry.enumValue] = labels;
  }
  return { Registry: values };
}

/** One registry's own enums' labels, asked of it (`_enumLabels`) over the gateway's transport, for the anonymous caller. */
async function askRegistry(links: RegistryLinks, registry: RegistryKey): Promise<EnumLabelTable> {
  try {
    const reply = await links.transport.send({ subgraph: registry, body: JSON.stringify({ query: '{ _enumLabels }' }), caller: ANONYMOUS });
    const body = reply.body() as { data?: { _enumLabels?: string } };
    if (typeof body.data?._enumLabels !== 'string') throw new Error('no labels in the answer');
    return JSON.parse(body.data._enumLabels) as EnumLabelTable;
  } catch (error) {
    const why = error instanceof UnroutedSubgraphError ? 'the gateway has no URL for it' : 'it could not be reached';
    throw subgraphUnavailable(registry, `The ${registry} registry's own enums have no labels here: ${why}.`);
  }
}

/** What a registry's labels call the registry itself: the one value of its `Registry` entry. */
const ownName = (table: EnumLabelTable): ValueLabels => Object.values(table.Registry ?? {})[0] ?? {};

/**
 * `Query.labels`: the union of the directory's labels, the `Registry` enum's and each registry's
 * own (asked once per directory, again after a failure), its `<Key>CredentialKind` values served as
 * the graph's `CredentialKind`. Of a registry's table only the enums it declares alone in the
 * supergraph count (`registryEnums`): it does not speak for another registry's enums, nor for the
 * shared or the directory's; the others are left out, each said once in the log.
 */
export function labelsResolvers(
  registries: RegistryList,
  plan: { credentialKinds: readonly GraphCredentialKind[]; registryEnums: RegistryEnums },
  links?: RegistryLinks,
): ResolverMap {
  const { credentialKinds, registryEnums } = plan;
  const local = directoryLabels();
  const told = new Set<string>();
  const leaveOut = (registry: RegistryKey, enumName: string): void => {
    if (told.has(`${registry} ${enumName}`)) return;
    told.add(`${registry} ${enumName}`);
    links?.log?.warn(
      `the ${registry} registry's _enumLabels label ${enumName}, an enum it does not declare alone in the supergraph: left out of Query.labels (a registry labels only its own enums, docs/registry-contract.md LABEL-1); take ${enumName} out of its *.labels.yaml`,
    );
  };
  const asked = new Map<RegistryKey, Promise<EnumLabelTable>>();
  const ofRegistry = (registry: RegistryKey): Promise<EnumLabelTable> => {
    let labels = asked.get(registry);
    if (!labels) {
      labels = links ? askRegistry(links, registry) : Promise.resolve({});
      asked.set(registry, labels);
      labels.catch(() => asked.delete(registry));
    }
    return labels;
  };
  /**
   * A registry's table as the graph serves it: its own enums, its credential kinds under
   * `CredentialKind` as the graph names them, without its own name (`Registry`) and without the
   * enums it does not declare alone.
   */
  const asGraph = (registry: RegistryKey, table: EnumLabelTable): EnumLabelTable => {
    const kindEnum = credentialKindEnumName(registry);
    const { [kindEnum]: kinds, Registry: _ownName, ...rest } = table;
    const declared = new Set(credentialKinds.filter((kind) => kind.registry === registry).map((kind) => kind.name));
    const graphKinds = Object.fromEntries(Object.entries(kinds ?? {}).filter(([value]) => declared.has(value)));
    const ownEnums = new Set(registryEnums[registry] ?? []);
    const own: EnumLabelTable = {};
    for (const [enumName, values] of Object.entries(rest)) {
      if (ownEnums.has(enumName)) own[enumName] = values;
      else leaveOut(registry, enumName);
    }
    return { ...own, CredentialKind: graphKinds };
  };
  return {
    Query: {
      labels: async (_: unknown, { locale, enums }: { locale: string; enums?: string[] | null }, __: unknown, info: GraphQLResolveInfo) => {
        const results = await Promise.allSettled(registries.keys.map((registry) => ofRegistry(registry)));
        const missing = registries.keys.filter((_, i) => results[i]!.status === 'rejected');
        reportUnanswered(info, missing, { partial: true, says: (registry) => `The ${registry} registry could not be reached: the labels of its own enums are missing.` });
        const tables = results.flatMap((result, i) => (result.status === 'fulfilled' ? [asGraph(registries.keys[i]!, result.value)] : []));
        const ownNames = new Map(results.flatMap((result, i) => (result.status === 'fulfilled' ? [[registries.keys[i]!, ownName(result.value)] as const] : [])));
        const all = mergeEnumLabels(local, registryLabels(registries, ownNames), ...tables);
        const language = locale.toLowerCase() as LabelLocale;
        const wanted = enums ? new Set(enums) : undefined;
        // While a registry is missing, a name may be one of its enums: left out rather than refused.
        const unknown = missing.length === 0 ? [...(wanted ?? [])].filter((name) => !all[name]) : [];
        if (unknown.length > 0) throw badUserInputField('enums', `no enum named ${unknown.join(', ')}; the enums with labels are ${Object.keys(all).sort().join(', ')}`);
        return Object.keys(all)
          .filter((name) => !wanted || wanted.has(name))
          .sort()
          .map((name) => ({
            enum: name,
            values: Object.entries(all[name]!).flatMap(([value, labels]) => (labels[language] ? [{ value, label: labels[language] }] : [])),
          }));
      },
    },
  };
}
