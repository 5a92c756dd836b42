import { CatalogSource } from '../../shared/credentials/catalog';
import { credentialEvent } from '../../shared/credentials/events';
import { badUserInputField, writeConflict } from '../../shared/errors';
import { credentialFilter, CredentialCriteria } from '../../shared/credentials/filters';
import { keysetPage } from '../../shared/graphql/keyset-page';
import { EventDraft } from '../../shared/outbox/events';
import { Page, PageRequest } from '../../shared/graphql/pagination';
import { RegistryRepository } from '../../shared/registry/repository';
import { PersonUpsertResult } from '../../shared/registry/person-change';
import { DocumentWrite, DuplicateKeyError, Filter, HAS_VALUE, StoreCollection, WriteConflictError } from '../../shared/store/port';
import { writesInFlight } from '../../shared/store/write-journal';
import { ABROAD_COUNTRIES } from './courses';
import { ENGINEERING_CREDENTIAL_KINDS } from './credential-kinds';
import {
  AbroadCertificateDocument,
  CourseCompletionDocument,
  EngineeringDiscipline,
  EngineeringGrade,
  EngineeringOrganisationDocument,
  EngineeringPersonDocument,
} from './documents';
import { licenceUpsertEvent } from './licence-upsert-event';
import { LICENCE_NUMBERS_COLLECTION, licenceClaimWrites, LicenceNumberClaimDocument } from './licence-numbers';

/** How many licensed engineers `claimHeldLicences` reads at a time. */
const CLAIM_BATCH = 500;

/** Disciplines and grades as the licence reads (رشته، پایه). */
const DISCIPLINE_TITLES: Record<EngineeringDiscipline, string> = {
  CIVIL: 'عمران',
  ARCHITECTURE: 'معماری',
  MECHANICAL: 'تأسیسات مکانیکی',
  ELECTRICAL: 'تأسیسات برقی',
  SURVEYING: 'نقشه‌برداری',
  URBAN_PLANNING: 'شهرسازی',
  TRAFFIC: 'ترافیک',
  GEOTECHNICS: 'ژئوتکنیک',
};
const GRADE_TITLES: Record<EngineeringGrade, string> = { GRADE_3: 'پایه ۳', GRADE_2: 'پایه ۲', GRADE_1: 'پایه ۱', SENIOR: 'ارشد' };

/** The store query for engineers' licences (kept in the person, at `licence`), narrowed. */
export const licenceFilter = (criteria: CredentialCriteria, own: Filter[] = []): Filter => credentialFilter([{ 'licence.number': HAS_VALUE }, ...own], criteria, 'licence.');

/** The store query for certificates for working abroad, narrowed. */
export const abroadCertificateFilter = (criteria: CredentialCriteria, own: Filter[] = []): Filter => credentialFilter(own, criteria);

/** The only code that touches the Construction Engineering Organisation's database. */
export class EngineeringRepository extends RegistryRepository<EngineeringPersonDocument, EngineeringOrganisationDocument> {
  protected readonly courseCompletions: StoreCollection<CourseCompletionDocument> = this.store.collection<CourseCompletionDocument>('courseCompletions');
  protected readonly abroadCertificates: StoreCollection<AbroadCertificateDocument> = this.store.collection<AbroadCertificateDocument>('abroadCertificates');
  protected readonly licenceNumbers: StoreCollection<LicenceNumberClaimDocument> = this.store.collection<LicenceNumberClaimDocument>(LICENCE_NUMBERS_COLLECTION);

  override async ensureIndexes(): Promise<void> {
    await super.ensureIndexes();
    await this.people.ensureIndex({ name: 'people_by_licence_number', keys: { 'licence.number': 1 } });
    await this.people.ensureIndex({ name: 'people_by_licence_expiry', keys: { 'licence.validUntil': 1 } });
    await this.courseCompletions.ensureIndex({ name: 'courseCompletions_by_person', keys: { nationalCode: 1 } });
    await this.abroadCertificates.ensureIndex({ name: 'abroadCertificates_by_holder', keys: { nationalCode: 1 } });
    await this.abroadCertificates.ensureIndex({ name: 'abroadCertificates_by_expiry', keys: { validUntil: 1 } });
    await this.licenceNumbers.ensureIndex({ name: 'licenceNumbers_by_holder', keys: { nationalCode: 1 } });
    await this.claimHeldLicences();
  }

  /**
   * Claims the licence numbers held by engineers stored before numbers were claimed (licence-numbers.ts);
   * returns how many it claimed. Idempotent, and two counts when every licence has its claim. Where
   * two engineers stored earlier hold one number, the first in national-code order gets the claim.
   * An engineer whose record a write in flight names is left to that write, which claims the number
   * itself when it is kept: one stopped between the record and its claim is rolled back later, and a
   * claim made here would outlive the record and keep the number from every other engineer.
   */
  async claimHeldLicences(): Promise<number> {
    const licensed: Filter = { 'licence.number': HAS_VALUE };
    const [held, claimed] = await Promise.all([this.people.count(licensed), this.licenceNumbers.count({ nationalCode: HAS_VALUE })]);
    if (held === claimed) return 0;
    let added = 0;
    let after: string | undefined;
    for (;;) {
      const batch = await this.people.find(after === undefined ? licensed : { $and: [licensed, { _id: { $gt: after } }] }, {
        sort: { _id: 1 },
        limit: CLAIM_BATCH,
        fields: ['licence'],
      });
      if (batch.length === 0) return added;
      after = batch[batch.length - 1]!._id;
      const numbers = batch.map((person) => person.licence!.number);
      const stored = new Set((await this.licenceNumbers.find({ _id: { $in: numbers } })).map((claim) => claim._id));
      const unsettled = await writesInFlight(
        this.store,
        'people',
        batch.map((person) => person._id),
      );
      for (const person of batch) {
        const number = person.licence!.number;
        if (stored.has(number) || unsettled.has(person._id)) continue;
        try {
          await this.licenceNumbers.insertOne({ _id: number, nationalCode: person._id });
          added += 1;
        } catch (error) {
          // Claimed meanwhile (another replica starting), or by an engineer of this batch holding the same number.
          if (!(error instanceof DuplicateKeyError)) throw error;
        }
        stored.add(number);
      }
    }
  }

  /** The claims of these licence numbers, where claimed (released ones included). */
  findLicenceClaims(numbers: readonly string[]): Promise<LicenceNumberClaimDocument[]> {
    return this.licenceNumbers.find({ _id: { $in: [...numbers] } });
  }

  /**
   * Writes an engineer's upsert (a new engineer, or a change to one as read) with the claims its
   * licence number makes, all or nothing: a number another engineer claimed meanwhile is refused as
   * BAD_USER_INPUT on `licence.number`; a change to the engineer, or to a released number's claim,
   * since they were read, as WRITE_CONFLICT.
   */
  async writeEngineer(result: Exclude<PersonUpsertResult<EngineeringPersonDocument>, { kind: 'unchanged' }>): Promise<void> {
    const { next } = result;
    const before = result.kind === 'changed' ? result.previous.licence?.number : undefined;
    const after = next.licence?.number;
    const claims = before === after ? [] : licenceClaimWrites(next._id, before, after, await this.findLicenceClaims([before, after].filter((number) => number !== undefined)));
    // Licences are issued and re-recorded here (upsertEngineeringMember): the event goes with the write.
    const licenceEvent = licenceUpsertEvent(result.kind === 'changed' ? result.previous.licence : undefined, next.licence);
    const events = licenceEvent ? [credentialEvent(this.credentialSubject('engineering', ENGINEERING_CREDENTIAL_KINDS, 'ENGINEERING_LICENCE'), next, licenceEvent)] : [];
    if (claims.length === 0) {
      if (result.kind === 'created') return this.insertPerson(next, events);
      return this.replacePerson(result.previous, next, events);
    }
    const person: DocumentWrite =
      result.kind === 'created' ? { collection: 'people', kind: 'insert', document: next } : { collection: 'people', kind: 'replace', previous: result.previous, document: next };
    await this.searchIndex.indexedWrite([{ collection: 'people', document: next }], async () => {
      try {
        await this.outbox.writeWith([person, ...claims], events);
      } catch (error) {
        if (error instanceof DuplicateKeyError && error.collection === LICENCE_NUMBERS_COLLECTION)
          throw badUserInputField('licence.number', `${after} is another engineer's licence`);
        if (error instanceof DuplicateKeyError) throw writeConflict(`The member ${next._id}`);
        if (error instanceof WriteConflictError) throw writeConflict(error.collection === LICENCE_NUMBERS_COLLECTION ? `The licence number ${error.id}` : `The member ${next._id}`);
        throw error;
      }
    });
  }

  /**
   * Licensed engineers whose licence passes the filter, in licence-number order. A number is one
   * engineer's (its claim, licence-numbers.ts), so the number alone is a unique key to page on.
   */
  pageLicensedEngineers(filter: Filter, request: PageRequest): Promise<Page<EngineeringPersonDocument>> {
    return keysetPage(this.people, filter, request, (person) => person.licence!.number, 'licence.number');
  }

  /** The engineers holding one of these licence numbers (to keep licence numbers unique). */
  findHoldersOfLicences(numbers: readonly string[]): Promise<EngineeringPersonDocument[]> {
    return this.people.find({ 'licence.number': { $in: [...numbers] } });
  }

  /** Every course these engineers completed, in course order per engineer. */
  findCompletionsOfPeople(nationalCodes: readonly string[]): Promise<CourseCompletionDocument[]> {
    return this.courseCompletions.find({ nationalCode: { $in: [...nationalCodes] } }, { sort: { _id: 1 } });
  }

  /** Records a completed course; recording it again replaces the day. */
  async saveCompletion(completion: CourseCompletionDocument): Promise<void> {
    await this.courseCompletions.upsertOne(completion);
  }

  findAbroadCertificatesOfPeople(nationalCodes: readonly string[]): Promise<AbroadCertificateDocument[]> {
    return this.abroadCertificates.find({ nationalCode: { $in: [...nationalCodes] } }, { sort: { _id: 1 } });
  }

  findAbroadCertificates(numbers: readonly string[]): Promise<AbroadCertificateDocument[]> {
    return this.abroadCertificates.find({ _id: { $in: [...numbers] } });
  }

  /** Certificates for working abroad passing the filter, in number order. */
  pageAbroadCertificates(filter: Filter, request: PageRequest): Promise<Page<AbroadCertificateDocument>> {
    return keysetPage(this.abroadCertificates, filter, request, (certificate) => certificate._id);
  }

  /** A new certificate, with the events it causes; a number already registered comes back as a DuplicateKeyError. */
  async insertAbroadCertificate(certificate: AbroadCertificateDocument, events: readonly EventDraft[] = []): Promise<void> {
    if (events.length > 0) return this.insertWithEvents('abroadCertificates', certificate, events);
    await this.abroadCertificates.insertOne(certificate);
  }

  async replaceAbroadCertificate(previous: AbroadCertificateDocument, next: AbroadCertificateDocument, events: readonly EventDraft[] = []): Promise<void> {
    if (events.length > 0) return this.replaceWithEvents('abroadCertificates', previous, next, `The certificate ${previous._id}`, events);
    await this.replaceUnlessChanged(this.abroadCertificates, previous, next, `The certificate ${previous._id}`);
  }

  /** The engineering registry's part of the cross-registry credential list: certificates for working abroad, then licences. */
  override credentialCatalogSources(): CatalogSource[] {
    return [
      {
        kind: 'ABROAD_CERTIFICATE',
        collection: this.abroadCertificates,
        filter: (criteria) => abroadCertificateFilter(criteria),
        keyField: '_id',
        holderField: 'nationalCode',
        facts: (document) => {
          const certificate = document as AbroadCertificateDocument;
          return {
            key: certificate._id,
            number: certificate._id,
            title: `گواهی‌نامه فعالیت مهندسی در ${ABROAD_COUNTRIES[certificate.country] ?? certificate.country}`,
            holder: { nationalCode: certificate.nationalCode },
            validity: certificate,
          };
        },
      },
      {
        kind: 'ENGINEERING_LICENCE',
        collection: this.people,
        filter: (criteria) => licenceFilter(criteria),
        keyField: 'licence.number',
        holderField: '_id',
        facts: (document) => {
          const { _id, licence } = document as EngineeringPersonDocument;
          return {
            key: licence!.number,
            number: licence!.number,
            title: `پروانه اشتغال به کار مهندسی ${DISCIPLINE_TITLES[licence!.discipline]}، ${GRADE_TITLES[licence!.grade]}`,
            holder: { nationalCode: _id },
            validity: licence!,
            organisationId: licence!.provincialOrganisationId,
          };
        },
      },
    ];
  }
}
