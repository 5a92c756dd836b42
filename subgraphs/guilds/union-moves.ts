import { OrganisationDocument } from '../../shared/registry/documents';
import { DocumentWrite, StoredDocument } from '../../shared/store/port';
import { ELECTION_COLLECTIONS } from './elections/documents';
import { ElectionsRepository } from './elections/repository';
import { GuildsRepository } from './repository';

/**
 * Guild units, elections and board terms keep their union's chamber (`chamberId`) as well as the
 * union, so counts and lists by chamber are one indexed read. When a union moves to another
 * chamber, these are the replacements that carry its records along, made in the move's own
 * all-or-nothing write (the registry's OrganisationHooks.moved). Nothing for any other move.
 */
export async function chamberCopiesFollowingMove(
  stores: { repository: GuildsRepository; elections: ElectionsRepository },
  previous: OrganisationDocument,
  next: OrganisationDocument,
): Promise<DocumentWrite[]> {
  const chamberId = next.parentId;
  if (next.kind !== 'GUILD_UNION' || !chamberId || chamberId === previous.parentId) return [];
  const unions = [next._id];
  const [units, elections, terms] = await Promise.all([
    stores.repository.findUnitsOfUnions(unions),
    stores.elections.findElectionsOfUnions(unions),
    stores.elections.findBoardTermsOfUnions(unions),
  ]);
  const follow = <T extends StoredDocument & { chamberId: string }>(collection: string, documents: readonly T[]): DocumentWrite[] =>
    documents.filter((document) => document.chamberId !== chamberId).map((document) => ({ collection, kind: 'replace', previous: document, document: { ...document, chamberId } }));
  return [...follow('guildUnits', units), ...follow(ELECTION_COLLECTIONS.elections, elections), ...follow(ELECTION_COLLECTIONS.boardTerms, terms)];
}
