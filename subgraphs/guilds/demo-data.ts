import { organisationDocument, participationDocument, personDocument, pick, roleDocument, seededRandom } from '../../shared/demo/builders';
import { NamedPerson, SEED_PEOPLE, SYNTHETIC_RANGES, syntheticPeople } from '../../shared/demo/people';
import { ParticipationDocument, Position, ProjectDocument, RoleDocument } from '../../shared/registry/documents';
import { instantOfIsoDate, jalaliToIso } from '../../shared/text/calendar';
import { projectDocument } from '../../shared/governance/demo';
import { parsePartialDate } from '../../shared/text/partial-date';
import { CASABLANCA_SETTAT_CHAMBER, FARS_CHAMBER, MARKETS_GROUP } from './demo-organisation-ids';
import { GuildsOrganisationDocument, GuildsPersonDocument, GuildsRegistryData, GuildStanding, GuildUnitDocument, GuildUnitStatus } from './documents';
import { electionsDemoCollections } from './elections/demo-data';
import { guildsGovernanceCollections } from './governance-data';
import { programmesDemoCollections } from './programmes/demo-data';
import { GUILD_TRADES } from './trades';

export const BOARD = 'هیئت مدیره';
const ELECTION_SUPERVISION = 'هیئت نظارت بر انتخابات اتحادیه‌ها';
/** Seed 001's 12th meeting's first day: what its committees' deadlines without a year are read against. */
const TWELFTH_MEETING_DAY = jalaliToIso('1391-03-31');

/** A union of the Fars chamber and the trades its units are licensed for: [activity, shop-name prefix]. */
interface UnionSpec {
  name: string;
  trades: ReadonlyArray<readonly [string, string]>;
}

/** Seed 003: unions of the provincial centre's chamber of guilds (Shiraz), one per trade. */
const FARS_UNIONS: readonly UnionSpec[] = GUILD_TRADES.slice(0, 12).map(({ trade, activities }) => ({
  name: `اتحادیه صنف ${trade} شیراز`,
  trades: activities,
}));

const unionId = (index: number): string => `guilds:fars-union-${String(index + 1).padStart(3, '0')}`;

/** Seed 001: the metropolitan market organisations: [id suffix, city, province]. */
const MARKET_CITIES = [
  ['tehran', 'تهران', 'تهران'],
  ['isfahan', 'اصفهان', 'اصفهان'],
  ['mashhad', 'مشهد', 'خراسان رضوی'],
  ['shiraz', 'شیراز', 'فارس'],
  ['karaj', 'کرج', 'البرز'],
  ['tabriz', 'تبریز', 'آذربایجان شرقی'],
  ['qom', 'قم', 'قم'],
  ['hamedan', 'همدان', 'همدان'],
  ['rasht', 'رشت', 'گیلان'],
  ['kermanshah', 'کرمانشاه', 'کرمانشاه'],
  ['ahvaz', 'اهواز', 'خوزستان'],
  ['zahedan', 'زاهدان', 'سیستان و بلوچستان'],
] as const;

type MarketCity = (typeof MARKET_CITIES)[number][0];
const market = (city: MarketCity): string => `guilds:markets-${city}`;

/** The Fars chamber of guilds: the same document in the demo data and the scale data. */
export const farsChamber = (): GuildsOrganisationDocument =>
  organisationDocument(FARS_CHAMBER, 'اتاق اصناف مرکز استان فارس', 'CHAMBER_OF_GUILDS', { city: 'شیراز', province: 'فارس' });

function organisations(): GuildsOrganisationDocument[] {
  return [
    farsChamber(),
    ...FARS_UNIONS.map((union, i) => organisationDocument(unionId(i), union.name, 'GUILD_UNION', { city: 'شیراز', province: 'فارس', parentId: FARS_CHAMBER })),
    organisationDocument(MARKETS_GROUP, 'گروه تخصصی سازمان‌های میادین و ساماندهی مشاغل کلان‌شهرهای کشور', 'SPECIALISED_GROUP', {}),
    ...MARKET_CITIES.map(([key, city, province]) =>
      organisationDocument(market(key), `سازمان میادین و ساماندهی مشاغل شهرداری ${city}`, 'MARKET_ORGANISATION', {
        city,
        province,
        parentId: MARKETS_GROUP,
      }),
    ),
    organisationDocument(CASABLANCA_SETTAT_CHAMBER, 'غرفة التجارة والصناعة والخدمات لجهة الدار البيضاء سطات', 'CHAMBER_OF_COMMERCE', {
      city: 'الدار البيضاء',
      province: 'جهة الدار البيضاء سطات',
    }),
  ];
}

/**
 * Each synthetic member owns one or two units in different unions. Licences run five Solar Hijri
 * years; active and suspended ones were issued from 1400 on, each after an earlier five-year
 * licence that ran to the day before (so their owners were members through 1399, when the
 * provincial centre's unions elected their boards); expired ones were issued in 1394-1397.
 */
function guildUnits(owners: readonly NamedPerson[]): GuildUnitDocument[] {
  const random = seededRandom(160_000);
  const serials = FARS_UNIONS.map(() => 0);
  const units: GuildUnitDocument[] = [];
  for (const owner of owners) {
    const first = Math.floor(random() * FARS_UNIONS.length);
    const unions = random() < 0.5 ? [first] : [first, (first + 1 + Math.floor(random() * (FARS_UNIONS.length - 1))) % FARS_UNIONS.length];
    const surname = owner.fullName.split(' ').slice(-1)[0]!;
    for (const u of unions) {
      const [activity, prefix] = pick(random, FARS_UNIONS[u]!.trades);
      const roll = random();
      const status: GuildUnitStatus = roll < 0.84 ? 'ACTIVE' : roll < 0.92 ? 'SUSPENDED' : 'EXPIRED';
      const year = (status === 'EXPIRED' ? 1394 : 1400) + Math.floor(random() * 4);
      const month = 1 + Math.floor(random() * 12);
      const day = 2 + Math.floor(random() * 28);
      serials[u] = serials[u]! + 1;
      units.push({
        _id: `71-${String(u + 1).padStart(3, '0')}-${String(serials[u]).padStart(5, '0')}`,
        ownerNationalCode: owner.nationalCode,
        name: `${prefix} ${surname}`,
        activity,
        unionId: unionId(u),
        chamberId: FARS_CHAMBER,
        status,
        issuedOn: instantOfIsoDate(jalaliToIso(`${year}-${month}-${day}`)),
        validUntil: instantOfIsoDate(jalaliToIso(`${year + 5}-${month}-${day - 1}`)),
        // A suspended licence was suspended on the first of its month a year after it was issued.
        ...(status === 'SUSPENDED' ? { suspendedOn: instantOfIsoDate(jalaliToIso(`${year + 1}-${month}-1`)) } : {}),
        ...(status === 'EXPIRED'
          ? {}
          : {
              earlierLicences: [
                { issuedOn: instantOfIsoDate(jalaliToIso(`${year - 5}-${month}-${day}`)), validUntil: instantOfIsoDate(jalaliToIso(`${year}-${month}-${day - 1}`)) },
              ],
            }),
      });
    }
  }
  return units;
}

/** A union board's positions in seat order (the scale data's boards; the demo's are in elections/demo-data.ts). */
export const BOARD_POSITIONS: readonly Position[] = ['CHAIR', 'VICE_CHAIR', 'SECRETARY', 'BOARD_MEMBER', 'BOARD_MEMBER'];

/**
 * Seed 001: the four committees of the 12th meeting (Shiraz, 1391), each with its lead and
 * cooperating organisations, and a deadline where the minutes set one (`due`, as they write it):
 * the legal committee's «تا پایان شهریور ماه سال جاری», the investment committee's «در جلسه آتی»,
 * the next meeting, «اواخر شهریور ۹۱». The other two have none.
 */
const COMMITTEES: ReadonlyArray<{ id: string; title: string; mandate: string; lead: MarketCity; cooperating: readonly MarketCity[]; due?: string }> = [
  {
    id: 'guilds:committee-legal',
    title: 'کمیته حقوقی',
    mandate:
      'تهیه آیین‌نامه مالی و معاملاتی و اصلاح اساسنامه سازمان‌ها، و بررسی اساسنامه اتحادیه پیشنهادی سازمان میادین شیراز؛ ارسال نتیجه به دبیرخانه کلان‌شهرها تا پایان شهریور ۱۳۹۱ (پیش از سیزدهمین نشست) برای طرح در جلسه کارگروه',
    lead: 'tehran',
    cooperating: ['karaj', 'mashhad', 'tabriz', 'shiraz', 'isfahan', 'qom', 'hamedan', 'rasht'],
    due: 'حداکثر تا پایان شهریور ماه سال جاری',
  },
  {
    id: 'guilds:committee-cultural-social',
    title: 'کمیته فرهنگی و اجتماعی',
    mandate: 'تعیین چگونگی اطلاع‌رسانی از طریق رسانه‌های جمعی (رادیو، تلویزیون و تیزرهای تبلیغاتی)، نمایش بر تلویزیون‌های شهری و نصب بر بیلبوردها و استندهای سطح شهر',
    lead: 'isfahan',
    cooperating: ['tehran', 'qom', 'kermanshah', 'rasht', 'hamedan'],
  },
  {
    id: 'guilds:committee-environment-health',
    title: 'کمیته محیط زیست و بهداشت',
    mandate:
      'بررسی راهکارهای اجرایی و ارائه بهترین راه‌حل برای سلامت میوه‌ها و پایش باقی‌مانده سموم در محصولات کشاورزی و فرآورده‌های پروتئینی خام دامی، مبارزه با آفات محیطی و جوندگان، پیاده‌سازی استاندارد ISO 14001 و مقررات ایمنی، سلامت، محیط زیست و کیفیت (HSEQ)، تهیه ورمی‌کمپوست از ضایعات میوه و سبزی و حذف کیسه‌های پلاستیکی از چرخه مصرف در بازارچه‌ها',
    lead: 'tehran',
    cooperating: ['mashhad', 'shiraz', 'tabriz', 'karaj'],
  },
  {
    id: 'guilds:committee-investment-ecommerce',
    title: 'کمیته جذب سرمایه گذار و تجارت الکترونیک',
    mandate: 'بررسی چگونگی عرضه الکترونیکی محصولات کشاورزی (تجارت الکترونیک) و تعیین راهکارهای آن، و تنظیم آیین‌نامه‌ای برای چگونگی برون‌سپاری، برای طرح در نشست آتی',
    lead: 'mashhad',
    cooperating: ['tehran', 'tabriz', 'rasht', 'shiraz', 'ahvaz', 'zahedan'],
    due: 'اواخر شهریور ۹۱',
  },
];

function committees(): { projects: ProjectDocument[]; participations: ParticipationDocument[] } {
  return {
    projects: COMMITTEES.map(({ id, title, mandate, due }) =>
      projectDocument(id, 'COMMITTEE', title, mandate, due ? parsePartialDate(due, { referenceIso: TWELFTH_MEETING_DAY }) : null, 'ACTIVE'),
    ),
    participations: COMMITTEES.flatMap(({ id, lead, cooperating }) => [
      participationDocument(id, market(lead), 'LEAD', 'مسئولیت کمیته'),
      ...cooperating.map((city) =>
        participationDocument(id, market(city), 'COOPERATING', id === 'guilds:committee-legal' && city === 'shiraz' ? 'اساسنامه اتحادیه پیشنهادی سازمان میادین شیراز' : undefined),
      ),
    ]),
  };
}

const person = (named: NamedPerson, standing: GuildStanding): GuildsPersonDocument => personDocument(named, { standing });

/** The guilds registry as seeds 001, 003 and 004 describe it, with synthetic members and their guild units. */
export function guildsDemoData(): GuildsRegistryData {
  const synthetic = syntheticPeople(...SYNTHETIC_RANGES.guilds);
  const units = guildUnits(synthetic);
  const { projects, participations } = committees();
  const people = [
    // Seed 003: officials who supervise the unions' elections without being members.
    person(SEED_PEOPLE.mahmoudzadeh, 'OFFICIAL'),
    person(SEED_PEOPLE.golpour, 'OFFICIAL'),
    // Seed 001: the metropolitan market organisations' group.
    person(SEED_PEOPLE.dabiri, 'MEMBER'),
    person(SEED_PEOPLE.jafari, 'MEMBER'),
    person(SEED_PEOPLE.moradi, 'MEMBER'),
    // Seed 004: the Casablanca-Settat chamber.
    person(SEED_PEOPLE.abderrahimZagrani, 'MEMBER'),
    ...synthetic.map((named) => person(named, 'MEMBER')),
  ];
  const roles: RoleDocument[] = [
    ...[SEED_PEOPLE.mahmoudzadeh, SEED_PEOPLE.golpour].map(({ nationalCode }) =>
      roleDocument({ nationalCode, organisationId: FARS_CHAMBER, body: ELECTION_SUPERVISION, bodyKind: 'SUPERVISION', position: 'SUPERVISOR' }),
    ),
    roleDocument({ nationalCode: SEED_PEOPLE.dabiri.nationalCode, organisationId: market('shiraz'), body: 'مدیریت سازمان', bodyKind: 'MANAGEMENT', position: 'CHIEF_EXECUTIVE' }),
    roleDocument({
      nationalCode: SEED_PEOPLE.jafari.nationalCode,
      organisationId: MARKETS_GROUP,
      body: 'گروه تخصصی سازمان‌های میادین',
      bodyKind: 'WORKING_GROUP',
      position: 'SECRETARY',
    }),
    roleDocument({
      nationalCode: SEED_PEOPLE.moradi.nationalCode,
      organisationId: MARKETS_GROUP,
      body: 'کمیته معاونین خدمات شهری کلان‌شهرها',
      bodyKind: 'COMMITTEE',
      position: 'SECRETARY',
    }),
    roleDocument({
      nationalCode: SEED_PEOPLE.abderrahimZagrani.nationalCode,
      organisationId: CASABLANCA_SETTAT_CHAMBER,
      body: 'المكتب المسير',
      bodyKind: 'BOARD',
      position: 'TREASURER',
    }),
  ];
  return {
    organisations: organisations(),
    people,
    roles,
    projects,
    participations,
    guildUnits: units,
    extra: [
      // Seed 003: the union board elections, with their candidates, voter records, ballots and the boards they installed.
      ...electionsDemoCollections(units),
      // Seed 004: the Casablanca-Settat chamber's 2023 programme, structured projects and agreements.
      ...programmesDemoCollections(),
      // Seed 001: the specialised group's meetings, the 12th meeting's minutes and its eight resolutions.
      ...guildsGovernanceCollections(),
    ],
  };
}
