import { IndexSpec } from '../../shared/store/port';
import { indexPlan } from '../support/index-plan';

const BY_UNION: IndexSpec = { name: 'by_union', keys: { unionId: 1, _id: 1 } };
const BY_OWNER: IndexSpec = { name: 'by_owner', keys: { ownerNationalCode: 1 } };
const BY_STATUS_DUE: IndexSpec = { name: 'by_status_due', keys: { status: 1, dueDate: 1 } };
const INDEXES = [BY_UNION, BY_OWNER, BY_STATUS_DUE];
const ON = new Date('2025-03-21T00:00:00Z');

const find = (filter: Record<string, unknown>, sort?: Record<string, 1 | -1>, limit?: number) =>
  indexPlan({ method: 'find', filter, ...(sort ? { sort } : {}), ...(limit !== undefined ? { limit } : {}) }, INDEXES);

describe('indexPlan: whether MongoDB could bound a read by a declared index', () => {
  it('uses the _id index for keys and batches of keys', () => {
    expect(find({ _id: 'a' })).toEqual({ kind: 'index', index: '_id_', sortedByIndex: true });
    expect(find({ _id: { $in: ['a', 'b'] } })).toMatchObject({ kind: 'index', index: '_id_' });
  });

  it('uses an index whose first field the filter holds equal, inside a nested $and too, and says whether it gives the order', () => {
    expect(find({ ownerNationalCode: { $in: ['1', '2'] } }, { _id: 1 })).toEqual({ kind: 'index', index: 'by_owner', sortedByIndex: false });
    const unionPage = { $and: [{ unionId: 'u' }, { $and: [{ revokedOn: { $not: { $lte: ON } } }] }], _id: { $gt: 'k' } };
    expect(find(unionPage, { _id: 1 }, 21)).toEqual({ kind: 'index', index: 'by_union', sortedByIndex: true });
  });

  it('uses an index whose first field has a range, and prefers the one with more equal fields', () => {
    expect(find({ status: 'OPEN', dueDate: { $lt: ON } })).toMatchObject({ kind: 'index', index: 'by_status_due' });
    expect(find({ dueDate: { $lt: ON } })).toMatchObject({ kind: 'collection-scan' });
  });

  it('calls a read a collection scan when only conditions an index cannot bound are on indexed fields', () => {
    expect(find({ unionId: { $not: { $eq: 'u' } } })).toMatchObject({ kind: 'collection-scan' });
    expect(find({ ownerNationalCode: { $exists: true } })).toMatchObject({ kind: 'collection-scan' });
    expect(find({ nameKey: { $regex: 'x' } })).toMatchObject({ kind: 'collection-scan' });
    expect(find({})).toMatchObject({ kind: 'collection-scan' });
  });

  it('reads a first page of a whole list in index order when a limit bounds it', () => {
    expect(find({}, { _id: 1 }, 21)).toEqual({ kind: 'ordered-scan', index: '_id_' });
    expect(find({}, { _id: 1 })).toMatchObject({ kind: 'collection-scan' });
    expect(find({ nameKey: { $regex: 'x' } }, { _id: 1 }, 21)).toMatchObject({ kind: 'collection-scan' });
  });

  it('bounds a $or only when every branch is bounded', () => {
    expect(find({ $or: [{ unionId: 'u' }, { ownerNationalCode: '1' }] })).toMatchObject({ kind: 'index', index: 'by_union | by_owner' });
    expect(find({ $or: [{ unionId: 'u' }, { name: 'x' }] })).toMatchObject({ kind: 'collection-scan' });
  });

  it('counts a whole collection from its metadata, and a filtered count like a find', () => {
    expect(indexPlan({ method: 'count', filter: {} }, INDEXES)).toEqual({ kind: 'collection-count' });
    expect(indexPlan({ method: 'count', filter: { unionId: 'u' } }, INDEXES)).toMatchObject({ kind: 'index', index: 'by_union' });
    expect(indexPlan({ method: 'count', filter: { name: 'x' } }, INDEXES)).toMatchObject({ kind: 'collection-scan' });
  });
});
