import { OrganisationDocument } from '../../shared/registry/documents';
import { DocumentWrite, StoredDocument } from '../../shared/store/port';
import { BoardTermDocument, ELECTION_COLLECTIONS, ElectionDocument } from './elections/documents';
import { ElectionsLoaders } from './elections/loaders';
import { ElectionsRepository } from './elections/repository';
import { GuildsLoaders } from './loaders';
import { GuildsRepository } from './repository';
import { GuildUnitDocument } from './documents';

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

/**
 * Forgets the request's copies of the records a union's move rewrites (`writes`, from
 * `chamberCopiesFollowingMove`): each takes a new revision, so a later change of one in the same
 * request (a candidate added to the union's election after the move) must read it again; from the
 * copy read before, it was refused as WRITE_CONFLICT, "changed by another request", though the move
 * was made (audit, 2026-12-07).
 */
export function forgetChamberCopies(loaders: { guilds: GuildsLoaders; elections: ElectionsLoaders }, writes: readonly DocumentWrite[]): void {
  for (const { collection, document } of writes) {
    if (collection === 'guildUnits') {
      const unit = document as GuildUnitDocument;
      loaders.guilds.unitsByLicence.clear(unit._id);
      loaders.guilds.unitsOfOwner.clear(unit.ownerNationalCode);
      loaders.guilds.unitsOfUnion.clear(unit.unionId);
    } else if (collection === ELECTION_COLLECTIONS.elections) {
      loaders.elections.election.clear((document as ElectionDocument)._id);
    } else if (collection === ELECTION_COLLECTIONS.boardTerms) {
      const term = document as BoardTermDocument;
      loaders.elections.boardTerm.clear(term._id);
      loaders.elections.boardTermsOfUnion.clear(term.unionId);
    }
  }
}
