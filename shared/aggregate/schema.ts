import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { badUserInputField } from '../errors';
import { ResolverMap } from '../graphql/merge-resolvers';
import { fillRegistryTemplate, RegistryKey } from '../registry/keys';
import { Filter, GroupCount } from '../store/port';
import { Measure } from './measures';

const COUNTS_TEMPLATE_FILE = join(__dirname, 'counts.graphql');

/** counts.graphql for one registry: `CountList.<key>`. */
export const countsTypeDefs = (key: RegistryKey): string => fillRegistryTemplate(readFileSync(COUNTS_TEMPLATE_FILE, 'utf8'), key);

/** What the directory puts in a `CountList` key: the measure, and which registries (keys) answer (all when null). */
export interface CountQuery {
  measure: string;
  registries: RegistryKey[] | null;
}

export function parseCountQuery(filter: string): CountQuery {
  try {
    const query = JSON.parse(filter) as CountQuery;
    if (typeof query.measure === 'string') return query;
  } catch {
    // refused below
  }
  throw badUserInputField('filter', 'is not a counts key the gateway wrote');
}

/** What a registry's request context holds for counts: its repository's grouped count. */
export interface CountsContext {
  repository: { countBy(collection: string, field: string, filter: Filter): Promise<GroupCount[]> };
}

/** A registry's groups for a measure it offers (`measures`); no groups for another. */
export function countsResolvers(key: RegistryKey, measures: readonly Measure[]): ResolverMap {
  const offered = measures.map(({ name, description }) => ({ name, description }));
  return {
    CountList: {
      [key]: async ({ filter }: { filter: string }, _: unknown, { repository }: CountsContext) => {
        const query = parseCountQuery(filter);
        const measure = measures.find((candidate) => candidate.name === query.measure);
        if (!measure || (query.registries && !query.registries.includes(key))) return { offered: Boolean(measure), groups: [], measures: offered };
        const groups = await repository.countBy(measure.collection, measure.field, measure.filter ?? {});
        return { offered: true, groups: groups.map((group) => ({ key: group.key === null ? null : String(group.key), count: group.count })), measures: offered };
      },
    },
  };
}
