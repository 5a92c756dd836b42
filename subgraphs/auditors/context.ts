import { Caller } from '../../shared/auth/caller';
import { RegistryContext } from '../../shared/registry/context';
import { AuditorsOrganisationDocument, AuditorsPersonDocument } from './documents';
import { AuditorsRepository } from './repository';

/** What the auditors resolvers receive as context: the registry's repository and loaders, and the caller. */
export type AuditorsContext = RegistryContext<AuditorsPersonDocument, AuditorsOrganisationDocument> & { repository: AuditorsRepository; caller?: Caller };
