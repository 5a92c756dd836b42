import { Page, PageRequest } from '../../../shared/graphql/pagination';
import { keysetPage } from '../../../shared/graphql/keyset-page';
import { Filter, Store, StoreCollection, StoredDocument } from '../../../shared/store/port';
import {
  AgreementDocument,
  IndicatorDocument,
  PROGRAMME_COLLECTIONS,
  ProgrammeDocument,
  StageDocument,
  StructuredProjectDocument,
} from './documents';

/** The only code of the programmes feature that touches the guilds registry's database. */
export class ProgrammesRepository {
  private readonly programmes: StoreCollection<ProgrammeDocument>;
  private readonly indicators: StoreCollection<IndicatorDocument>;
  private readonly projects: StoreCollection<StructuredProjectDocument>;
  private readonly stages: StoreCollection<StageDocument>;
  private readonly agreements: StoreCollection<AgreementDocument>;

  constructor(store: Store) {
    this.programmes = store.collection(PROGRAMME_COLLECTIONS.programmes);
    this.indicators = store.collection(PROGRAMME_COLLECTIONS.indicators);
    this.projects = store.collection(PROGRAMME_COLLECTIONS.projects);
    this.stages = store.collection(PROGRAMME_COLLECTIONS.stages);
    this.agreements = store.collection(PROGRAMME_COLLECTIONS.agreements);
  }

  async ensureIndexes(): Promise<void> {
    await this.programmes.ensureIndex({ name: 'chamber_programmes_by_chamber', keys: { chamberId: 1, year: 1 } });
    await this.indicators.ensureIndex({ name: 'programme_indicators_by_programme', keys: { programmeId: 1 } });
    await this.projects.ensureIndex({ name: 'structured_projects_by_chamber', keys: { chamberId: 1 } });
    await this.projects.ensureIndex({ name: 'structured_projects_by_programme', keys: { programmeId: 1 } });
    await this.stages.ensureIndex({ name: 'structured_project_stages_by_project', keys: { projectId: 1 } });
    await this.agreements.ensureIndex({ name: 'partnership_agreements_by_chamber', keys: { chamberId: 1 } });
    await this.agreements.ensureIndex({ name: 'partnership_agreements_by_programme', keys: { programmeId: 1 } });
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

  findIndicators(ids: readonly string[]): Promise<IndicatorDocument[]> {
    return this.indicators.find({ _id: { $in: [...ids] } });
  }

  findIndicatorsOfProgrammes(programmeIds: readonly string[]): Promise<IndicatorDocument[]> {
    return this.indicators.find({ programmeId: { $in: [...programmeIds] } }, { sort: { _id: 1 } });
  }

  findProjects(ids: readonly string[]): Promise<StructuredProjectDocument[]> {
    return this.projects.find({ _id: { $in: [...ids] } });
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

  /** Replaces one indicator (its actual recorded). */
  saveIndicator(indicator: IndicatorDocument): Promise<void> {
    return this.indicators.upsertOne(indicator);
  }

  /** Replaces one stage (its progress recorded); other stages of the project are separate documents. */
  saveStage(stage: StageDocument): Promise<void> {
    return this.stages.upsertOne(stage);
  }

  /** Whether an agreement with this id is recorded. */
  async hasAgreement(id: string): Promise<boolean> {
    return (await this.agreements.count({ _id: id })) > 0;
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
