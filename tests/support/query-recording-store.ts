import { ForwardingStore } from '../../shared/store/forwarding-store';
import { Filter, FindOptions, IndexSpec, Store, StoreCollection, StoredDocument } from '../../shared/store/port';
import { RecordedQuery } from './index-plan';

/**
 * A store that passes everything through and remembers, while `recording`, every `find`, `count` and `countBy`
 * it is sent, and always the indexes each collection declares: what the index-coverage test checks
 * against MongoDB's planning rules (tests/support/index-plan.ts).
 */
export class QueryRecordingStore extends ForwardingStore {
  readonly queries: RecordedQuery[] = [];
  readonly indexes = new Map<string, IndexSpec[]>();
  recording = false;

  constructor(
    readonly registry: string,
    inner: Store,
  ) {
    super(inner);
  }

  override collection<T extends StoredDocument>(name: string): StoreCollection<T> {
    const inner = super.collection<T>(name);
    const record = (query: Omit<RecordedQuery, 'registry' | 'collection'>) => {
      if (this.recording) this.queries.push({ registry: this.registry, collection: name, ...query });
    };
    const declared = this.indexes;
    return new Proxy(inner, {
      get(target, property, receiver) {
        if (property === 'find') {
          return (filter: Filter, options: FindOptions = {}) => {
            record({ method: 'find', filter, ...(options.sort ? { sort: options.sort } : {}), ...(options.limit !== undefined ? { limit: options.limit } : {}) });
            return target.find(filter, options);
          };
        }
        if (property === 'count') {
          return (filter: Filter) => {
            record({ method: 'count', filter });
            return target.count(filter);
          };
        }
        if (property === 'countBy' && target.countBy) {
          const countBy = target.countBy.bind(target);
          return (field: string, filter: Filter) => {
            record({ method: 'countBy', filter, group: field });
            return countBy(field, filter);
          };
        }
        if (property === 'ensureIndex') {
          return (index: IndexSpec) => {
            const list = declared.get(name) ?? [];
            if (!list.some((known) => known.name === index.name)) declared.set(name, [...list, index]);
            return target.ensureIndex(index);
          };
        }
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  }
}
