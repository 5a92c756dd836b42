import { GraphQLError } from 'graphql';
import { createRegistryLoaders } from '../../shared/registry/loaders';
import { closeOrganisation, createOrganisation, moveOrganisation, OrganisationContext } from '../../shared/registry/organisations';
import { RegistryRepository } from '../../shared/registry/repository';
import { OrganisationDocument, PersonDocument } from '../../shared/registry/documents';
import { FreshStore, openFresh, storesUnderTest } from '../support/stores';

/**
 * The organisation changes of shared/registry/organisations.ts on each store, below the gateway:
 * what the registries' own kind rules cannot reach (with no rules, any organisation may hold any
 * other, so only the chain of parents stops a cycle), and a change whose parent changed between
 * its checks and its write, which must write nothing.
 */

const caller = { authenticated: true, subject: 'registrar', scopes: ['labs:admin'] };

const codeOf = (error: unknown) => (error instanceof GraphQLError ? error.extensions.code : error);

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`organisation changes on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let fresh: FreshStore;
    let repository: RegistryRepository<PersonDocument, OrganisationDocument>;
    /** A request's context: its own loaders, as each request has. */
    const request = (): OrganisationContext => ({ repository, loaders: createRegistryLoaders(repository), caller });
    const stored = () => fresh.store.collection('organisations').find({}, { sort: { _id: 1 } });

    beforeAll(async () => {
      fresh = await openFresh(candidate, 'organisation_changes');
      repository = new RegistryRepository(fresh.store);
      await repository.ensureIndexes();
      await createOrganisation('labs', undefined, { id: 'labs:org-a', name: 'سازمان الف', kind: 'ASSOCIATION' }, request());
      await createOrganisation('labs', undefined, { id: 'labs:org-b', name: 'سازمان ب', kind: 'ASSOCIATION', parentId: 'labs:org-a' }, request());
      await createOrganisation('labs', undefined, { id: 'labs:org-c', name: 'سازمان پ', kind: 'ASSOCIATION', parentId: 'labs:org-b' }, request());
    });
    afterAll(() => fresh?.dispose());

    it('refuses a move that would make a cycle, under its own child or grandchild or itself, writing nothing', async () => {
      const before = await stored();
      for (const parentId of ['labs:org-c', 'labs:org-b', 'labs:org-a']) {
        const refused = await moveOrganisation('labs', undefined, { id: 'labs:org-a', parentId }, request()).catch((error: unknown) => error);
        expect(codeOf(refused)).toBe('BAD_USER_INPUT');
        expect((refused as GraphQLError).extensions.problems).toEqual([
          expect.objectContaining({ field: 'parentId', problem: expect.stringContaining('cannot belong to its own') }),
        ]);
      }
      expect(await stored()).toEqual(before);
      // Moving the grandchild to the top is no cycle.
      await expect(moveOrganisation('labs', undefined, { id: 'labs:org-c', parentId: null }, request())).resolves.toMatchObject({ _id: 'labs:org-c' });
    });

    it('writes nothing when the parent was closed between the checks of a new organisation and its write: WRITE_CONFLICT', async () => {
      await createOrganisation('labs', undefined, { id: 'labs:org-d', name: 'سازمان ت', kind: 'ASSOCIATION' }, request());
      const slow = request();
      // The slow request reads the parent open ...
      expect((await slow.loaders.organisation.load('labs:org-d'))?.status).toBe('OPEN');
      // ... another request closes it ...
      await closeOrganisation('labs', { id: 'labs:org-d', closedOn: '2026-01-10', reason: 'انحلال' }, request());
      const before = await stored();
      const events = await fresh.store.collection('_outbox_events').count({});
      // ... and the slow request's new child, checked against the parent it read, is refused at the write.
      const refused = await createOrganisation('labs', undefined, { id: 'labs:org-e', name: 'سازمان ث', kind: 'ASSOCIATION', parentId: 'labs:org-d' }, slow).catch(
        (error: unknown) => error,
      );
      expect(codeOf(refused)).toBe('WRITE_CONFLICT');
      expect(await stored()).toEqual(before);
      expect(await fresh.store.collection('_outbox_events').count({})).toBe(events);
    });
  });
}
