import { CatalogSource } from '../../shared/credentials/catalog';
import { organisationCatalogSource } from '../../shared/credentials/held-by-organisation';
import { keysetPage } from '../../shared/graphql/keyset-page';
import { Page, PageRequest } from '../../shared/graphql/pagination';
import { RegistryRepository } from '../../shared/registry/repository';
import { Filter } from '../../shared/store/port';
import { LAB_ACCREDITATION } from './accreditation';
import { LabsOrganisationDocument, LabsPersonDocument } from './documents';

/** The only code that touches the labs association's database. */
export class LabsRepository extends RegistryRepository<LabsPersonDocument, LabsOrganisationDocument> {
  override async ensureIndexes(): Promise<void> {
    await super.ensureIndexes();
    await this.organisations.ensureIndex({ name: 'laboratories_by_accreditation_expiry', keys: { 'accreditation.validUntil': 1 } });
  }

  /** Laboratories whose accreditation passes the filter, in id order. */
  pageAccreditedLaboratories(filter: Filter, request: PageRequest): Promise<Page<LabsOrganisationDocument>> {
    return keysetPage(this.organisations, filter, request, (organisation) => organisation._id);
  }

  /** The labs registry's part of the cross-registry credential list. */
  override credentialCatalogSources(): CatalogSource[] {
    return [organisationCatalogSource(LAB_ACCREDITATION, this.organisations)];
  }

  /** Replaces a laboratory's document (its accreditation changed). */
}
