import { GraphQLError } from 'graphql';
import { RoleDocument, roleId } from '../../shared/registry/documents';
import { MemoryStore } from '../../shared/store/memory-store';
import { StoreCollection, StoredDocument, WriteConflictError } from '../../shared/store/port';
import { GuildsRepository } from '../../subgraphs/guilds/repository';

/**
 * Found by the integrity audit of 2026-12-07 (audit-u): fifteen `assignLabsRole` of one role (one
 * member, organisation, body and position, each with another `since`) sent at once on FerretDB; the
 * upsert reads the role again after each lost race, and after its last attempt threw the store's own
 * WriteConflictError, which the subgraph told as an internal error (INTERNAL_SERVER_ERROR), 12 of 15.
 * Nothing was written for those, and the caller must be told so, and to try again: WRITE_CONFLICT,
 * without the member's national code (a role's id holds it).
 */

/** A store on which every write of a role loses the race. */
class ContendedRoles extends MemoryStore {
  override collection<T extends StoredDocument>(name: string): StoreCollection<T> {
    const real = super.collection<T>(name);
    if (name !== 'roles') return real;
    const lost = (document: T) => Promise.reject(new WriteConflictError(name, document._id));
    return Object.assign(Object.create(real) as StoreCollection<T>, { upsertOne: lost });
  }
}

describe('a role assignment that keeps losing the race', () => {
  it('is refused with WRITE_CONFLICT naming the role, not the member', async () => {
    const fields = { nationalCode: '0061234516', organisationId: 'guilds:fars-chamber', body: 'Ethics committee', bodyKind: 'COMMITTEE', position: 'MEMBER' } as const;
    const role: RoleDocument = { _id: roleId(fields), ...fields };

    const refusal = await new GuildsRepository(new ContendedRoles()).saveRole(role).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(GraphQLError);
    expect((refusal as GraphQLError).extensions.code).toBe('WRITE_CONFLICT');
    expect((refusal as GraphQLError).message).toContain('Ethics committee');
    expect((refusal as GraphQLError).message).not.toContain('0061234516');
  });
});
