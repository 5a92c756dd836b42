import { DocumentWrite } from '../store/port';
import { OrganisationDocument } from './documents';

/**
 * What a registry adds to the shared organisation changes (organisations.ts), supplied by its
 * context: the shared code knows no registry's own records.
 */
export interface OrganisationHooks {
  /**
   * The writes that bring the registry's own records that copy where an organisation stands (a
   * guild unit's chamber...) in step with its move from `previous` to `next`. They are made in the
   * same all-or-nothing write as the move, so a move is never left half-made; each replaces the
   * document as read, so a change to one of them since makes the move fail with WRITE_CONFLICT.
   */
  moved?: (previous: OrganisationDocument, next: OrganisationDocument) => Promise<DocumentWrite[]>;
}
