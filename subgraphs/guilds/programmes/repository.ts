import { Page, PageRequest } from '../../../shared/graphql/pagination';
import { keysetPage } from '../../../shared/graphql/keyset-page';
import { DocumentWrite, Filter, Store, StoreCollection, StoredDocument } from '../../../shared/store/port';
import { AgreementDocument, IndicatorDocument, IndicatorValueDocument, PROGRAMME_COLLECTIONS, ProgrammeDocument, StageDocument, StructuredProjectDocument } from './documents';

/** The only code of the programmes feature that touches the guilds registry's database. */
export class ProgrammesRepository {
  private readonly programmes: StoreCollection<ProgrammeDocument>;
  private readonly indicators: StoreCollection<IndicatorDocument>;
  private readonly projects: StoreCollection<StructuredProjectDocument>;
  private readonly stages: StoreCollection<StageDocument>;
  private readonly agreements: StoreCollection<AgreementDocument>;
  private readonly indicatorValues: StoreCollection<IndicatorValueDocument>;

  constructor(private readonly store: Store) {
    this.programmes = store.collection(PROGRAMME_COLLECTIONS.programmes);
    this.indicators = store.collection(PROGRAMME_COLLECTIONS.indicators);
    this.projects = store.collection(PROGRAMME_COLLECTIONS.projects);
    this.stages = store.collection(PROGRAMME_COLLECTIONS.stages);
    this.agreements = store.collection(PROGRAMME_COLLECTIONS.agreements);
    this.indicatorValues = store.collection(PROGRAMME_COLLECTIONS.indicatorValues);
  }

  async ensureIndexes(): Promise<void> {
    await this.programmes.ensureIndex({ name: 'chamber_programmes_by_chamber', keys: { chamberId: 1, year: 1 } });
    await this.indicators.ensureIndex({ name: 'programme_indicators_by_programme', keys: { programmeId: 1 } });
    await this.projects.ensureIndex({ name: 'structured_projects_by_chamber', keys: { chamberId: 1 } });
    await this.projects.ensureIndex({ name: 'structured_projects_by_programme', keys: { programmeId: 1 } });
    await this.stages.ensureIndex({ name: 'structured_project_stages_by_project', keys: { projectId: 1 } });
    await this.agreements.ensureIndex({ name: 'partnership_agreements_by_chamber', keys: { chamberId: 1 } });
    await this.agreements.ensureIndex({ name: 'partnership_agreements_by_programme', keys: { programmeId: 1 } });
    await this.indicatorValues.ensureIndex({ name: 'programme_indicator_values_by_programme', keys: { programmeId: 1, asOf: 1 } });
  }

  pageProgrammes(filter: Filter, request: PageRequest): Promise<Page<ProgrammeDocument>> {
    return page(this.programmes, filter, request);
  }

  pageProjects(filter: Filter, request: PageRequest): Promise<Page<StructuredProjectDocument>> {
    return page(this.projects, filter, request);
  }

  pageAgreements(filter: Filter, request: PageRequest): Promise<Page<AgreementDocument>> {
    return page(this.agreements, filter, request);
  }

  findProgrammes(ids: readonly string[]): Promise<ProgrammeDocument[]> {
    return this.programmes.find({ _id: { $in: [...ids] } });
  }

  /** A chamber's programmes, by year. */
  findProgrammesOfChamber(chamberId: string): Promise<ProgrammeDocument[]> {
    return this.programmes.find({ chamberId }, { sort: { year: 1 } });
  }

  findIndicators(ids: readonly string[]): Promise<IndicatorDocument[]> {
    return this.indicators.find({ _id: { $in: [...ids] } });
  }

  findIndicatorsOfProgrammes(programmeIds: readonly string[]): Promise<IndicatorDocument[]> {
    return this.indicators.find({ programmeId: { $in: [...programmeIds] } }, { sort: { _id: 1 } });
  }

  findProjects(ids: readonly string[]): Promise<StructuredProjectDocument[]> {
    return this.projects.find({ _id: { $in: [...ids] } });
  }

  /** A chamber's structured projects (indexed by chamber), in id order. */
  findProjectsOfChamber(chamberId: string): Promise<StructuredProjectDocument[]> {
    return this.projects.find({ chamberId }, { sort: { _id: 1 } });
  }

  findProjectsOfProgrammes(programmeIds: readonly string[]): Promise<StructuredProjectDocument[]> {
    return this.projects.find({ programmeId: { $in: [...programmeIds] } }, { sort: { _id: 1 } });
  }

  findStagesOfProjects(projectIds: readonly string[]): Promise<StageDocument[]> {
    return this.stages.find({ projectId: { $in: [...projectIds] } }, { sort: { _id: 1 } });
  }

  findAgreementsOfProgrammes(programmeIds: readonly string[]): Promise<AgreementDocument[]> {
    return this.agreements.find({ programmeId: { $in: [...programmeIds] } }, { sort: { _id: 1 } });
  }

  /** Every value recorded for the indicators of these programmes, by day measured, then in the order recorded. */
  findValuesOfProgrammes(programmeIds: readonly string[]): Promise<IndicatorValueDocument[]> {
    return this.indicatorValues.find({ programmeId: { $in: [...programmeIds] } }, { sort: { asOf: 1, sequence: 1, _id: 1 } });
  }

  /** A new programme; a DuplicateKeyError when the chamber has that year's already. */
  async insertProgramme(programme: ProgrammeDocument): Promise<void> {
    await this.store.writeAll([{ collection: PROGRAMME_COLLECTIONS.programmes, kind: 'insert', document: programme }]);
  }

  /** A programme as read, replaced with its next state (an axis added); a WriteConflictError when changed since. */
  async replaceProgramme(previous: ProgrammeDocument, next: ProgrammeDocument): Promise<void> {
    await this.store.writeAll([{ collection: PROGRAMME_COLLECTIONS.programmes, kind: 'replace', previous, document: next }]);
  }

  /** A new indicator; a DuplicateKeyError when its number in the axis was taken meanwhile. */
  async insertIndicator(indicator: IndicatorDocument): Promise<void> {
    await this.store.writeAll([{ collection: PROGRAMME_COLLECTIONS.indicators, kind: 'insert', document: indicator }]);
  }

  /** Appends a value to an indicator's history; nothing recorded before is replaced. */
  async insertIndicatorValue(value: IndicatorValueDocument): Promise<void> {
    await this.store.writeAll([{ collection: PROGRAMME_COLLECTIONS.indicatorValues, kind: 'insert', document: value }]);
  }

  /** A new structured project and its stages, all or nothing; a DuplicateKeyError when its id is taken. */
  async insertProject(project: StructuredProjectDocument, stages: readonly StageDocument[]): Promise<void> {
    await this.store.writeAll([
      { collection: PROGRAMME_COLLECTIONS.projects, kind: 'insert', document: project },
      ...stages.map((document): DocumentWrite => ({ collection: PROGRAMME_COLLECTIONS.stages, kind: 'insert', document })),
    ]);
  }

  /**
   * Replaces one stage as it was read with its progress recorded (other stages of the project are
   * separate documents); a WriteConflictError when another request changed it since, or when the
   * write that made it has not committed yet (it may still be rolled back: shared/store/write-journal.ts).
   */
  async saveStage(previous: StageDocument, next: StageDocument): Promise<void> {
    await this.store.writeAll([{ collection: PROGRAMME_COLLECTIONS.stages, kind: 'replace', previous, document: next }]);
  }

  /** A chamber's agreements (indexed by chamber), in id order. */
  findAgreementsOfChamber(chamberId: string): Promise<AgreementDocument[]> {
    return this.agreements.find({ chamberId }, { sort: { _id: 1 } });
  }

  /** A DuplicateKeyError when the same agreement (chamber, title, signing day) is there already. */
  insertAgreement(agreement: AgreementDocument): Promise<void> {
    return this.agreements.insertOne(agreement);
  }
}

/** Keyset pagination on `_id`: stable under inserts, one indexed range scan per page. */
function page<T extends StoredDocument>(collection: StoreCollection<T>, filter: Filter, request: PageRequest): Promise<Page<T>> {
  return keysetPage(collection, filter, request, (row) => row._id);
}
