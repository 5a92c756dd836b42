import { CatalogSource } from '../../shared/credentials/catalog';
import { credentialFilter, CredentialCriteria } from '../../shared/credentials/filters';
import { organisationCatalogSource } from '../../shared/credentials/held-by-organisation';
import { keysetPage } from '../../shared/graphql/keyset-page';
import { EventDraft } from '../../shared/outbox/events';
import { Page, PageRequest } from '../../shared/graphql/pagination';
import { RegistryRepository } from '../../shared/registry/repository';
import { Filter, StoreCollection } from '../../shared/store/port';
import { INSPECTION_ACCREDITATION } from './accreditation';
import { AuditorCertificationDocument, AuditorsOrganisationDocument, AuditorsPersonDocument } from './documents';

/** The store query for certifications: the list's own filters, narrowed by status and expiry. */
export const certificationFilter = (criteria: CredentialCriteria, own: Filter[] = []): Filter => credentialFilter(own, criteria);

/** The only code that touches the auditing and inspection society's database. */
export class AuditorsRepository extends RegistryRepository<AuditorsPersonDocument, AuditorsOrganisationDocument> {
  protected readonly certifications: StoreCollection<AuditorCertificationDocument> = this.store.collection<AuditorCertificationDocument>('certifications');

  override async ensureIndexes(): Promise<void> {
    await super.ensureIndexes();
    await this.organisations.ensureIndex({ name: 'inspectionBodies_by_accreditation_expiry', keys: { 'inspectionAccreditation.validUntil': 1 } });
    await this.certifications.ensureIndex({ name: 'certifications_by_holder', keys: { nationalCode: 1 } });
    await this.certifications.ensureIndex({ name: 'certifications_by_expiry', keys: { validUntil: 1 } });
  }

  /** Inspection bodies whose accreditation passes the filter, in id order. */
  pageAccreditedInspectionBodies(filter: Filter, request: PageRequest): Promise<Page<AuditorsOrganisationDocument>> {
    return keysetPage(this.organisations, filter, request, (organisation) => organisation._id);
  }

  /** Certifications passing the filter, in certificate-number order. */
  pageCertifications(filter: Filter, request: PageRequest): Promise<Page<AuditorCertificationDocument>> {
    return keysetPage(this.certifications, filter, request, (certification) => certification._id);
  }

  /** Every certification of these people, in certificate-number order. */
  findCertificationsOfPeople(nationalCodes: readonly string[]): Promise<AuditorCertificationDocument[]> {
    return this.certifications.find({ nationalCode: { $in: [...nationalCodes] } }, { sort: { _id: 1 } });
  }

  findCertifications(numbers: readonly string[]): Promise<AuditorCertificationDocument[]> {
    return this.certifications.find({ _id: { $in: [...numbers] } });
  }

  /** A new certification, with the events it causes; a number already registered comes back as a DuplicateKeyError. */
  async insertCertification(certification: AuditorCertificationDocument, events: readonly EventDraft[] = []): Promise<void> {
    if (events.length > 0) return this.insertWithEvents('certifications', certification, events);
    await this.certifications.insertOne(certification);
  }

  async replaceCertification(previous: AuditorCertificationDocument, next: AuditorCertificationDocument, events: readonly EventDraft[] = []): Promise<void> {
    if (events.length > 0) return this.replaceWithEvents('certifications', previous, next, `The certification ${previous._id}`, events);
    await this.replaceUnlessChanged(this.certifications, previous, next, `The certification ${previous._id}`);
  }

  /** Replaces an inspection body's document (its accreditation changed). */

  /** The auditors registry's part of the cross-registry credential list: certifications, then inspection accreditations. */
  override credentialCatalogSources(): CatalogSource[] {
    return [
      {
        kind: 'AUDITOR_CERTIFICATION',
        collection: this.certifications,
        filter: (criteria) => certificationFilter(criteria),
        keyField: '_id',
        holderField: 'nationalCode',
        facts: (document) => {
          const certification = document as AuditorCertificationDocument;
          return {
            key: certification._id,
            number: certification._id,
            title: certification.field,
            holder: { nationalCode: certification.nationalCode },
            validity: certification,
          };
        },
      },
      organisationCatalogSource(INSPECTION_ACCREDITATION, this.organisations),
    ];
  }
}
