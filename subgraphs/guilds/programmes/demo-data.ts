import { DemoCollection } from '../../../shared/registry/documents';
import { instantOfIsoDate } from '../../../shared/text/calendar';
import { AgreementDocument, IndicatorDocument, PROGRAMME_COLLECTIONS, ProgrammeAxisKind, ProgrammeDocument, StageDocument, stageId, StructuredProjectDocument } from './documents';
import { agreementIdOf } from './add-agreement';

const CHAMBER = 'guilds:casablanca-settat-chamber';
export const CASABLANCA_SETTAT_PROGRAMME_2023 = 'guilds:programme-casablanca-settat-2023';
/** The annual review the seed reports on: figures as of the year's end. */
const YEAR_END = instantOfIsoDate('2023-12-31');

/** Seed 004: the axes of the 2023 programme, in the order and words of the director's presentation. */
const AXES: ReadonlyArray<readonly [ProgrammeAxisKind, string]> = [
  ['GOVERNANCE', 'هياكل التسيير ومنظومة الحكامة'],
  ['ADMINISTRATIVE_SERVICES', 'الخدمات الإدارية للغرفة'],
  ['DEVELOPMENT_PLAN', 'مخطط التنمية'],
  ['STRUCTURED_PROJECTS', 'المشاريع المهيكلة'],
  ['EVENTS_AND_SUPPORT', 'اللقاءات والندوات وبرامج الدعم والترويج'],
  ['TRAINING', 'الدورات التكوينية'],
  ['PROFESSIONAL_ASSOCIATIONS', 'تأطير ومواكبة الجمعيات والفدراليات المهنية والحوارات القطاعية'],
  ['PARTNERSHIPS', 'اتفاقيات الشراكة وبروتوكولات التعاون مع المؤسسات والهيئات الوطنية والدولية'],
  ['COMMUNICATION', 'الإعلام والتواصل'],
  ['ECONOMIC_DIPLOMACY', 'الدبلوماسية الاقتصادية'],
];

/**
 * Indicators per axis: [axis, name, unit, target, actual]. The seed says the review gave «مؤشرات
 * بالأرقام» for every axis without quoting them, so these figures are illustrative; the subjects come
 * from the seed (training for members, support of SMEs and project holders, the new website still
 * to be launched: no actual yet, the three structured projects at advanced stages).
 */
const INDICATORS: ReadonlyArray<readonly [ProgrammeAxisKind, string, string, number, number | null]> = [
  ['GOVERNANCE', 'اجتماعات المكتب المسير', 'اجتماع', 12, 12],
  ['GOVERNANCE', 'دورات الجمعية العامة', 'دورة', 3, 3],
  ['ADMINISTRATIVE_SERVICES', 'الشهادات والخدمات الإدارية المسلمة للمنتسبين', 'خدمة', 5000, 5400],
  ['DEVELOPMENT_PLAN', 'نسبة إنجاز مخطط التنمية', '%', 100, 80],
  ['STRUCTURED_PROJECTS', 'المشاريع المهيكلة التي بلغت مراحل متقدمة', 'مشروع', 3, 3],
  ['EVENTS_AND_SUPPORT', 'اللقاءات والندوات المنظمة', 'لقاء', 40, 46],
  ['EVENTS_AND_SUPPORT', 'المقاولات الصغرى والمتوسطة وحاملو المشاريع المستفيدون من برامج الدعم', 'مستفيد', 600, 540],
  ['TRAINING', 'الدورات التكوينية لفائدة الأعضاء والمنتسبين', 'دورة', 20, 17],
  ['PROFESSIONAL_ASSOCIATIONS', 'الجمعيات والفدراليات المهنية المواكبة', 'جمعية', 30, 32],
  ['PARTNERSHIPS', 'اتفاقيات الشراكة وبروتوكولات التعاون الموقعة', 'اتفاقية', 10, 8],
  ['COMMUNICATION', 'إطلاق الموقع الإلكتروني الجديد للغرفة', '%', 100, null],
  ['ECONOMIC_DIPLOMACY', 'البعثات والوفود الاقتصادية المستقبلة أو المنظمة', 'بعثة', 8, 9],
];

function programme(): ProgrammeDocument {
  return {
    _id: CASABLANCA_SETTAT_PROGRAMME_2023,
    chamberId: CHAMBER,
    year: 2023,
    title: 'برنامج عمل غرفة التجارة والصناعة والخدمات لجهة الدار البيضاء سطات برسم سنة 2023',
    axes: AXES.map(([kind, title]) => ({ kind, title })),
  };
}

function indicators(): IndicatorDocument[] {
  const orderInAxis = new Map<ProgrammeAxisKind, number>();
  return INDICATORS.map(([axis, name, unit, target, actual]) => {
    const order = (orderInAxis.get(axis) ?? 0) + 1;
    orderInAxis.set(axis, order);
    return {
      _id: `${CASABLANCA_SETTAT_PROGRAMME_2023}|${axis}|${order}`,
      programmeId: CASABLANCA_SETTAT_PROGRAMME_2023,
      axis,
      order,
      name,
      unit,
      target,
      ...(actual === null ? {} : { actual, actualAsOf: YEAR_END }),
    };
  });
}

const STAGE_NAMES = ['الدراسات التقنية', 'التراخيص والتمويل', 'الأشغال', 'التجهيز', 'الافتتاح'] as const;

/** Seed 004: the three structured projects «بلغت مراحل متقدمة», to strengthen the chamber's own resources; stage figures illustrative. */
const PROJECTS: ReadonlyArray<{ id: string; name: string; city?: string; progress: readonly number[] }> = [
  { id: 'guilds:structured-mohammedia-business-centre', name: 'مشروع مركز الأعمال بالمحمدية', city: 'المحمدية', progress: [100, 100, 75, 20, 0] },
  { id: 'guilds:structured-casablanca-digital-business-centre', name: 'مشروع مركز الأعمال الرقمي بالدار البيضاء', city: 'الدار البيضاء', progress: [100, 100, 60, 0, 0] },
  { id: 'guilds:structured-digital-management-institute', name: 'مشروع المعهد الرقمي والتدبير', progress: [100, 80, 40, 0, 0] },
];

function projects(): { projects: StructuredProjectDocument[]; stages: StageDocument[] } {
  return {
    projects: PROJECTS.map(({ id, name, city }) => ({
      _id: id,
      chamberId: CHAMBER,
      programmeId: CASABLANCA_SETTAT_PROGRAMME_2023,
      name,
      ...(city ? { city } : {}),
      purpose: 'تعزيز الموارد الذاتية للغرفة',
      cancelled: false,
    })),
    stages: PROJECTS.flatMap(({ id, progress }) =>
      STAGE_NAMES.map((name, i) => ({
        _id: stageId(id, i + 1),
        projectId: id,
        order: i + 1,
        name,
        progress: progress[i]!,
        ...(progress[i]! > 0 ? { progressAsOf: YEAR_END } : {}),
        ...(progress[i] === 100 ? { completedOn: YEAR_END } : {}),
      })),
    ),
  };
}

/** Two illustrative agreements of the partnerships axis (the seed names the axis, not the agreements). */
function agreements(): AgreementDocument[] {
  const agreement = (document: Omit<AgreementDocument, '_id' | 'chamberId' | 'programmeId'>): AgreementDocument => ({
    _id: agreementIdOf(CHAMBER, document.signedOn, document.title),
    chamberId: CHAMBER,
    programmeId: CASABLANCA_SETTAT_PROGRAMME_2023,
    ...document,
  });
  return [
    agreement({
      title: 'اتفاقية شراكة لمواكبة المقاولات الصغرى والمتوسطة وحاملي المشاريع',
      kind: 'PARTNERSHIP_AGREEMENT',
      scope: 'NATIONAL',
      parties: [{ name: 'الفدرالية الجهوية للمقاولات الصغرى والمتوسطة', country: 'MA' }],
      signedOn: instantOfIsoDate('2023-03-15'),
      validUntil: instantOfIsoDate('2026-03-14'),
    }),
    agreement({
      title: 'بروتوكول تعاون في مجال الدبلوماسية الاقتصادية وتبادل الوفود',
      kind: 'COOPERATION_PROTOCOL',
      scope: 'INTERNATIONAL',
      parties: [{ name: 'غرفة تجارة وصناعة شريكة', country: 'FR' }],
      signedOn: instantOfIsoDate('2023-10-10'),
    }),
  ];
}

/** Seed 004's demo collections: the 2023 programme, its indicators, the structured projects and agreements. */
export function programmesDemoCollections(): DemoCollection[] {
  const { projects: projectDocuments, stages } = projects();
  return [
    { collection: PROGRAMME_COLLECTIONS.programmes, documents: [programme()] },
    { collection: PROGRAMME_COLLECTIONS.indicators, documents: indicators() },
    { collection: PROGRAMME_COLLECTIONS.projects, documents: projectDocuments },
    { collection: PROGRAMME_COLLECTIONS.stages, documents: stages },
    { collection: PROGRAMME_COLLECTIONS.agreements, documents: agreements() },
  ];
}
