import { GraphQLError } from 'graphql';
import { ORGANISATIONS_COLLECTION, OrganisationDocument } from '../../shared/registry/documents';
import { openOrganisationGuard } from '../../shared/registry/open-organisation';
import { GuardedStore, WriteGuard } from '../../shared/store/guarded-store';
import { MemoryStore } from '../../shared/store/memory-store';
import { DocumentWrite, WriteConflictError } from '../../shared/store/port';

/**
 * Found by the integrity audit of 2026-12-07 (audit-u): fifteen role assignments sent at once into
 * one laboratory on FerretDB each touch the laboratory (the guard of its being open); a write whose
 * touch lost the race five times was refused with the store's own WriteConflictError, which a client
 * was told as an internal error (INTERNAL_SERVER_ERROR, "logged with this request's id"), six of
 * fifteen. Nothing was written, and the caller must be told so, and to try again: WRITE_CONFLICT.
 */

const LABORATORY = {
  _id: 'labs:lab-0001',
  kind: 'LABORATORY',
  name: 'Lab',
  nameKey: 'lab',
  parentId: null,
  status: 'OPEN',
} as unknown as OrganisationDocument;

/** A store on which every write touching the laboratory loses the race: another write changed it since it was read. */
class ContendedStore extends MemoryStore {
  override async writeAll(writes: DocumentWrite[]): Promise<void> {
    if (writes.some((write) => write.collection === ORGANISATIONS_COLLECTION)) throw new WriteConflictError(ORGANISATIONS_COLLECTION, LABORATORY._id);
    return super.writeAll(writes);
  }
}

/** A role written under the laboratory, guarded as open, on a store where `laboratory` is stored as given: the refusal. */
async function refusalOfRoleUnder(laboratory: OrganisationDocument): Promise<unknown> {
  const inner = new ContendedStore();
  await inner.collection<OrganisationDocument>(ORGANISATIONS_COLLECTION).insertOne(laboratory);
  let guards: WriteGuard[] = [openOrganisationGuard('organisationId', LABORATORY)];
  const store = new GuardedStore(inner, { pending: () => guards, clear: (written) => (guards = guards.filter((guard) => !written.includes(guard))) });
  const refusal = await store
    .collection('roles')
    .insertOne({ _id: 'role-1' })
    .catch((error: unknown) => error);
  expect(await inner.collection('roles').find({})).toEqual([]);
  return refusal;
}

describe("an organisation's open-guard that keeps losing the race", () => {
  it('refuses the record with WRITE_CONFLICT, to try again, and writes nothing', async () => {
    const refusal = await refusalOfRoleUnder(LABORATORY);

    expect(refusal).toBeInstanceOf(GraphQLError);
    expect((refusal as GraphQLError).extensions.code).toBe('WRITE_CONFLICT');
    expect((refusal as GraphQLError).message).toContain('labs:lab-0001');
  });

  it('still refuses a record under an organisation closed meanwhile as the closed-organisation problem', async () => {
    const refusal = await refusalOfRoleUnder({ ...LABORATORY, status: 'CLOSED' });
    expect((refusal as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
  });
});
