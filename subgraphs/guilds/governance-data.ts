import { SEED_PEOPLE } from '../../shared/demo/people';
import { DemoResolution, governanceCollections, meetingDocuments } from '../../shared/governance/demo';
import { MeetingSeriesDocument, SourceRecord } from '../../shared/governance/documents';
import { DemoCollection } from '../../shared/registry/documents';
import { CASABLANCA_SETTAT_CHAMBER, FARS_CHAMBER, MARKETS_GROUP } from './demo-organisation-ids';

/** The guilds registry's meetings as seeds 001, 003 and 004 describe them, each record with the words it rests on. */

export const MARKETS_GROUP_MEETINGS = 'guilds:markets-group-meetings';
export const FARS_CHAMBER_MEETINGS = 'guilds:fars-chamber-meetings';
export const CASABLANCA_SETTAT_BUREAU_MEETINGS = 'guilds:casablanca-settat-bureau-meetings';

const market = (city: string): string => `guilds:markets-${city}`;
const seed001 = (quote: string, note?: string): SourceRecord => ({ text: '001', quote, ...(note ? { note } : {}) });
const seed003 = (quote: string, note?: string): SourceRecord => ({ text: '003', quote, ...(note ? { note } : {}) });
const seed004 = (quote: string, note?: string): SourceRecord => ({ text: '004', quote, ...(note ? { note } : {}) });

/** Seed 001's «جلسه آتی», set in its 8th resolution. */
const NEXT_MEETING = 'اواخر شهریور ۹۱';
const NEXT_MEETING_QUOTE = 'مقرر گردید نظر به اعلام آمادگی سازمان اصفهان جلسه آتی کارگروه به میزبانی آن سازمان ، اواخر شهریور ۹۱ برگزار گردد';
const AGENDA_QUOTE = 'سپس دستور کار جلسه در دو نوبت کاری صبح و عصر مطرح و پس از بحث و تبادل نظر به شرح ذیل مورد تأیید و تصویب اعضا قرار گرفت';
const agendaItem = (title: string, resolution: number) => ({
  title,
  source: seed001(AGENDA_QUOTE, `the minutes give the agenda through what it resolved: this item is resolution ${resolution}`),
});

/**
 * Seed 001's resolutions. Due dates only where the minutes set one: the legal committee's «تا پایان
 * شهریور ماه سال جاری», and what is to be raised «در جلسه آتی», the next meeting, «اواخر شهریور ۹۱».
 * The secretariat of the metropolises («دبیرخانه کلان‌شهرها») is recorded as the specialised group.
 */
const twelfthResolutions = (): readonly DemoResolution[] => [
  {
    text: 'کمیته حقوقی در جهت تهیه آیین‌نامه مالی و معاملاتی و اصلاح اساسنامه سازمان‌ها اقدام کند و اساسنامه اتحادیه پیشنهادی سازمان میادین شیراز را بررسی، و حداکثر تا پایان شهریور ماه (زمان تشکیل سیزدهمین نشست) به دبیرخانه کلان‌شهرها ارسال کند تا در جلسه کارگروه مطرح گردد.',
    responsibleId: market('tehran'),
    cooperatingIds: ['karaj', 'mashhad', 'tabriz', 'shiraz', 'isfahan', 'qom', 'hamedan', 'rasht'].map(market),
    due: 'حداکثر تا پایان شهریور ماه سال جاری',
    projectId: 'guilds:committee-legal',
    source: seed001('حداکثر تا پایان شهریور ماه سال جاری ( زمان تشکیل سیزدهمین نشست ) به دبیرخانه کلان شهر ها ارسال تا در جلسه کار گروه مطرح گردد'),
  },
  {
    text: 'کمیته فرهنگی و اجتماعی تشکیل و نسبت به تعیین چگونگی اطلاع‌رسانی از طریق رسانه‌های جمعی (رادیو، تلویزیون و تیزرهای تبلیغاتی)، نمایش بر تلویزیون‌های شهری و نصب بر بیلبوردها و استندهای سطح شهر اقدام نماید.',
    responsibleId: market('isfahan'),
    cooperatingIds: ['tehran', 'qom', 'kermanshah', 'rasht', 'hamedan'].map(market),
    projectId: 'guilds:committee-cultural-social',
    source: seed001('مصوب شد **کمیته فرهنگی و اجتماعی** با مسوولیت سازمان میادین اصفهان و همکاری سازمانهای تهران ، قم ، کرمانشاه ، رشت و همدان تشکیل'),
  },
  {
    text: 'کمیته محیط زیست و بهداشت راهکارهای اجرایی سلامت میوه‌ها و پایش باقی‌مانده سموم، مبارزه با آفات محیطی و جوندگان، پیاده‌سازی ISO 14001 و HSEQ، تهیه ورمی‌کمپوست از ضایعات میوه و سبزی و حذف کیسه‌های پلاستیکی در بازارچه‌ها را بررسی و بهترین راه‌حل را ارائه نماید.',
    responsibleId: market('tehran'),
    cooperatingIds: ['mashhad', 'shiraz', 'tabriz', 'karaj'].map(market),
    projectId: 'guilds:committee-environment-health',
    source: seed001('مصوب شد **کمیته محیط زیست و بهداشت** با مسوولیت سازمان میادین تهران و همکاری سازمان های مشهد ، شیراز ، تبریز و کرج'),
  },
  {
    text: 'کمیته جذب سرمایه‌گذار و تجارت الکترونیک چگونگی عرضه الکترونیکی محصولات کشاورزی و راهکارهای آن، و چگونگی برون‌سپاری را بررسی و آیین‌نامه‌ای تنظیم و در جلسه آتی مطرح نماید.',
    responsibleId: market('mashhad'),
    cooperatingIds: ['tehran', 'tabriz', 'rasht', 'shiraz', 'ahvaz', 'zahedan'].map(market),
    due: NEXT_MEETING,
    projectId: 'guilds:committee-investment-ecommerce',
    source: seed001('آئین نامه ای تنظیم و در جلسه آتی مطرح نمایند', `due at the next meeting, which resolution 8 sets «${NEXT_MEETING}»`),
  },
  {
    text: 'دبیرخانه کلان‌شهرها اطلاعات رتبه‌بندی سرمایه‌گذاران و پیمانکاران را از سازمان‌های عضو کارگروه جمع‌آوری و پس از جمع‌بندی به همه کلان‌شهرها اطلاع‌رسانی کند.',
    responsibleId: MARKETS_GROUP,
    source: seed001('مصوب شد توسط دبیرخانه کلانشهرها اطلاعات مربوط به رتبه بندی سرمایه گذاران و پیمانکاران از سازمانهای عضو کار گروه جمع آوری'),
  },
  {
    text: 'دبیرخانه کلان‌شهرها مصوبات شوراهای اسلامی کلان‌شهرها را از دیگر سازمان‌های عضو کارگروه جمع‌آوری و پس از جمع‌بندی و طبقه‌بندی در قالب یک کتابچه برای اعضا ارسال کند.',
    responsibleId: MARKETS_GROUP,
    source: seed001('پس از جمع بندی و طبقه بندی در قالب یک کتابچه تهیه و برای اعضا ارسال گردد'),
  },
  {
    text: 'در صورت نیاز به تجارب و تخصص دبیران کمیته‌های تخصصی دیگر سازمان‌ها، دبیر گروه تخصصی از ایشان دعوت به عمل آورد.',
    responsibleId: MARKETS_GROUP,
    source: seed001('مصوب شد در صورت نیاز به استفاده از تجارب و تخصص دبیران کمیته های تخصصی دیگر سازمانها ، دبیر گروه تخصصی از ایشان دعوت به عمل آورند'),
  },
  {
    text: 'نظر به اعلام آمادگی سازمان اصفهان، جلسه آتی کارگروه به میزبانی آن سازمان اواخر شهریور ۹۱ برگزار گردد.',
    responsibleId: market('isfahan'),
    due: NEXT_MEETING,
    source: seed001(NEXT_MEETING_QUOTE),
  },
];

/** Seed 001: the 12th meeting, Shiraz, ۳۱ خرداد و ۱ تیر ماه ۱۳۹۱, its attendees and eight resolutions. */
function twelfthMeeting() {
  return meetingDocuments({
    seriesId: MARKETS_GROUP_MEETINGS,
    number: 12,
    title: 'دوازدهمین نشست گروه تخصصی سازمان‌های میادین و ساماندهی مشاغل کلان‌شهرهای کشور',
    hostId: market('shiraz'),
    startsOn: '۳۱ خرداد ۱۳۹۱',
    endsOn: '۱ تیر ماه ۱۳۹۱',
    place: 'شیراز',
    attendees: [
      {
        name: SEED_PEOPLE.dabiri.fullName,
        title: 'مدیر عامل سازمان میادین و ساماندهی مشاغل شهرداری شیراز، میزبان جلسه',
        nationalCode: SEED_PEOPLE.dabiri.nationalCode,
        organisationId: market('shiraz'),
        source: seed001('جناب آقای دبیری مدیر عامل سازمان میداین و ساماندهی مشاغل شهرداری شیرازو میزبان جلسه'),
      },
      { name: 'خانی', title: 'عضو شورای اسلامی شهر شیراز', source: seed001('جناب آقای خانی عضو شورای اسلامی شهر شیراز') },
      {
        name: SEED_PEOPLE.moradi.fullName,
        title: 'دبیر کمیته معاونین خدمات شهری کلان‌شهرها',
        nationalCode: SEED_PEOPLE.moradi.nationalCode,
        organisationId: MARKETS_GROUP,
        source: seed001('جناب آقای مهندس مرادی دبیر کمیته معاونین خدمات شهری کلان شهر ها'),
      },
      {
        name: SEED_PEOPLE.jafari.fullName,
        title: 'دبیر کارگروه تخصصی سازمان‌های میادین و ساماندهی مشاغل کلان‌شهرهای کشور',
        nationalCode: SEED_PEOPLE.jafari.nationalCode,
        organisationId: MARKETS_GROUP,
        source: seed001('جناب آقای مهندس جعفری ، دبیر کارگروه تخصصی سازمانهای میداین و ساماندهی مشاغل کلانشهر های کشور'),
      },
    ],
    agenda: [
      agendaItem('آیین‌نامه مالی و معاملاتی، اصلاح اساسنامه سازمان‌ها و اساسنامه اتحادیه پیشنهادی سازمان میادین شیراز', 1),
      agendaItem('اطلاع‌رسانی از طریق رسانه‌های جمعی، تلویزیون‌های شهری و بیلبوردها', 2),
      agendaItem('سلامت میوه‌ها، پایش سموم، محیط زیست و بهداشت بازارچه‌ها', 3),
      agendaItem('جذب سرمایه‌گذار و تجارت الکترونیک محصولات کشاورزی', 4),
      agendaItem('رتبه‌بندی سرمایه‌گذاران و پیمانکاران', 5),
      agendaItem('مصوبات شوراهای اسلامی کلان‌شهرها', 6),
      agendaItem('استفاده از تجارب دبیران کمیته‌های تخصصی دیگر سازمان‌ها', 7),
      agendaItem('میزبانی نشست آتی', 8),
    ],
    resolutions: twelfthResolutions(),
    source: seed001(
      'دوازدهمین نشست گروه تخصصی سازمان های میداین و ساماندهی مشاغل کلان شهر های کشور به میزبانی سازمان میداین و ساماندهی مشاغل شهرداری شیراز در تاریخهای ۳۱ خرداد و ۱ تیر ماه ۱۳۹۱ در این شهر برگزار شد',
    ),
  });
}

/** Seed 001: the 13th meeting, planned at the 12th: Isfahan hosts it, late Shahrivar 1391, to hear two committees. */
function thirteenthMeeting() {
  return meetingDocuments({
    seriesId: MARKETS_GROUP_MEETINGS,
    number: 13,
    title: 'سیزدهمین نشست گروه تخصصی سازمان‌های میادین و ساماندهی مشاغل کلان‌شهرهای کشور',
    status: 'PLANNED',
    hostId: market('isfahan'),
    startsOn: NEXT_MEETING,
    place: 'اصفهان',
    attendees: [],
    agenda: [
      {
        title: 'نتیجه کار کمیته حقوقی: آیین‌نامه مالی و معاملاتی، اصلاح اساسنامه سازمان‌ها و اساسنامه اتحادیه پیشنهادی سازمان میادین شیراز',
        presentedBy: 'سازمان میادین تهران (مسئول کمیته حقوقی)',
        source: seed001('به دبیرخانه کلان شهر ها ارسال تا در جلسه کار گروه مطرح گردد'),
      },
      {
        title: 'آیین‌نامه کمیته جذب سرمایه‌گذار و تجارت الکترونیک برای عرضه الکترونیکی محصولات کشاورزی',
        presentedBy: 'سازمان میادین مشهد (مسئول کمیته جذب سرمایه‌گذار و تجارت الکترونیک)',
        source: seed001('آئین نامه ای تنظیم و در جلسه آتی مطرح نمایند'),
      },
    ],
    resolutions: [],
    source: seed001(NEXT_MEETING_QUOTE, 'planned at the 12th meeting; the texts do not say whether or when it was held'),
  });
}

/**
 * Seed 003: the national training gathering on electronic guild elections and the joint meeting held
 * with it at the Fars chamber, «شنبه 22 شهریور». The text gives no year: 1399 is read from the
 * elections it reports (the demo data's union elections are 1399's), and 22 Shahrivar 1399 is a
 * Saturday, as the text says. The figures the deputy reported are held as data.
 */
function farsGathering() {
  const provincial = "«داریم» (we have): said by the province's official, so the province";
  const figure = (value: number, counts: string, scope: string, quote: string, period?: string, note?: string) => ({
    value,
    counts,
    scope,
    ...(period ? { period } : {}),
    organisationId: FARS_CHAMBER,
    reportedBy: SEED_PEOPLE.mahmoudzadeh.fullName,
    nationalCode: SEED_PEOPLE.mahmoudzadeh.nationalCode,
    source: seed003(quote, note),
  });
  return meetingDocuments({
    seriesId: FARS_CHAMBER_MEETINGS,
    key: 'electronic-elections-gathering',
    title: 'گردهمایی آموزشی انتخابات الکترونیکی اصناف کشور و نشست مشترک مسوولین مرکز، سازمان صمت و هیات رئیسه اتاق اصناف استان',
    hostId: FARS_CHAMBER,
    startsOn: 'شنبه 22 شهریور',
    startsAgainst: '2020-03-20',
    place: 'مرکز اتاق اصناف استان فارس، شیراز',
    attendees: [
      {
        name: SEED_PEOPLE.mahmoudzadeh.fullName,
        title: 'معاون بازرگانی داخلی و امور اقتصادی سازمان صنعت، معدن و تجارت استان فارس',
        nationalCode: SEED_PEOPLE.mahmoudzadeh.nationalCode,
        source: seed003('معاون بازرگانی داخلی و امور اقتصادی سازمان صنعت، معدن وتجارت استان فارس'),
      },
      {
        name: SEED_PEOPLE.golpour.fullName,
        title: 'رئیس مرکز امور اصناف و بازرگانان و دبیر هیات عالی نظارت بر سازمان‌های صنفی کشور',
        nationalCode: SEED_PEOPLE.golpour.nationalCode,
        source: seed003('رئیس مرکز امور اصناف و بازرگانان و دبیر هیات عالی نظارت بر سازمان های صنفی کشور افزود'),
      },
      {
        title: 'رئیس اتاق اصناف مرکز استان فارس',
        organisationId: FARS_CHAMBER,
        source: seed003('رئیس اتاق اصناف مرکز استان فارس و سایر نمایندگان'),
      },
      {
        title: 'نمایندگان و روسای اتاق اصناف سراسر کشور و استان فارس',
        source: seed003('سایر نمایندگان و روسای اتاق اصناف سراسر کشور و استان فارس'),
      },
    ],
    bodies: [
      {
        name: 'هیات رئیسه اتاق اصناف استان',
        kind: 'BOARD',
        organisationId: FARS_CHAMBER,
        source: seed003('نشست مشترک مسوولین مرکز، سازمان صمت و هیات رئیسه اتاق اصناف استان'),
      },
    ],
    agenda: [
      {
        title: 'برگزاری انتخابات هیئت مدیره اتحادیه‌های صنفی به صورت تمام الکترونیکی',
        presentedBy: SEED_PEOPLE.mahmoudzadeh.fullName,
        source: seed003('برگزاری انتخابات به صورت الکترونیکی باعث می شود تا دقت و صحت افزایش یابد'),
      },
      {
        title: 'آموزش‌های دوره‌ای صنوف، حضوری با رعایت پروتکل‌های بهداشتی و مجازی',
        presentedBy: SEED_PEOPLE.golpour.fullName,
        source: seed003('آموزش های دوره ای صنوف به صورت حضوری و با رعایت پروتکلهای بهداشتی و دوره های مجازی در حال انجام است'),
      },
    ],
    figures: [
      figure(
        5,
        'انتخابات هیئت مدیره اتحادیه‌های صنفی، برگزارشده به صورت تمام الکترونیکی',
        'اتاق اصناف مرکز استان فارس',
        'در سال جاری، انتخابات پنج هیئت مدیره اتحادیه های صنفی در اتاق اصناف مرکز استان فارس',
        'سال جاری',
      ),
      figure(
        33,
        'انتخابات هیئت مدیره اتحادیه‌های صنفی، برگزارشده به صورت تمام الکترونیکی',
        'سطح استان فارس',
        'همچنین از ابتدای سال تا کنون 33 انتخابات هیئت مدیره اتحادیه های صنفی در سطح استان به صورت تمام الکترونیکی برگزار شده است',
        'از ابتدای سال تا کنون',
      ),
      figure(160_000, 'واحد فعال صنفی', 'استان فارس', '۱۶۰ هزار واحد فعال صنفی و ۵۵۰ اتحادیه فعال داریم', undefined, provincial),
      figure(550, 'اتحادیه فعال', 'استان فارس', '۱۶۰ هزار واحد فعال صنفی و ۵۵۰ اتحادیه فعال داریم', undefined, provincial),
    ],
    resolutions: [],
    source: seed003(
      'گردهمایی آموزشی انتخابات الکترونیکی و نشست مشترک مسوولین مرکز، سازمان صمت و هیات رئیسه اتاق اصناف استان',
      'the text dates it «امروز (شنبه 22 شهریور)» without a year: 1399, the year of the elections it reports, whose 22 Shahrivar is a Saturday',
    ),
  });
}

/** Seed 004: the expanded meeting of the Casablanca-Settat chamber's bureau and the chairs of its permanent committees. */
function casablancaExpandedMeeting() {
  const CHAMBER = CASABLANCA_SETTAT_CHAMBER;
  const recommended = (text: string, quote: string): DemoResolution => ({ kind: 'RECOMMENDED', text, responsibleId: CHAMBER, source: seed004(quote) });
  return meetingDocuments({
    seriesId: CASABLANCA_SETTAT_BUREAU_MEETINGS,
    key: 'expanded-meeting-programme-2023',
    title: 'اللقاء الموسع لمكتب غرفة التجارة والصناعة والخدمات لجهة الدار البيضاء سطات ورؤساء اللجان',
    hostId: CHAMBER,
    attendees: [
      { title: 'رئيس الغرفة', organisationId: CHAMBER, presiding: true, source: seed004('ترأسه رئيس الغرفة') },
      {
        name: SEED_PEOPLE.abderrahimZagrani.fullName,
        title: 'أمين مال مكتب غرفة التجارة والصناعة والخدمات لجهة الدار البيضاء سطات',
        nationalCode: SEED_PEOPLE.abderrahimZagrani.nationalCode,
        organisationId: CHAMBER,
        body: 'المكتب المسير',
        source: seed004('أمين مال مكتب غرفة التجارة والصناعة والخدمات لجهة الدار البيضاء سطات، عبد الرحيم الزكراني'),
      },
      { title: 'المدير الجهوي', organisationId: CHAMBER, body: 'الإدارة', source: seed004('من خلال العرض الذي قدمه السيد المدير الجهوي') },
    ],
    bodies: [
      {
        name: 'المكتب المسير',
        kind: 'BOARD',
        organisationId: CHAMBER,
        representedBy: 'أعضاء المكتب',
        source: seed004('عقد اجتماعا موسعا بين أعضاء المكتب المسير ورؤساء اللجان الدائمة المحلية والجهوية'),
      },
      {
        name: 'اللجان الدائمة المحلية',
        kind: 'COMMITTEE',
        permanent: true,
        level: 'المحلية',
        organisationId: CHAMBER,
        representedBy: 'رؤساء اللجان',
        source: seed004('رؤساء اللجان الدائمة المحلية والجهوية'),
      },
      {
        name: 'اللجان الدائمة الجهوية',
        kind: 'COMMITTEE',
        permanent: true,
        level: 'الجهوية',
        organisationId: CHAMBER,
        representedBy: 'رؤساء اللجان',
        source: seed004('رؤساء اللجان الدائمة المحلية والجهوية'),
      },
      {
        name: 'الإدارة وأطر الغرفة الجهوية',
        kind: 'MANAGEMENT',
        organisationId: CHAMBER,
        source: seed004('بحضور أعضاء المكتب ورؤساء اللجان والإدارة وأطر الغرفة الجهوية'),
      },
    ],
    agenda: [
      {
        title: 'عرض وتدارس حصيلة تنفيذ برنامج عمل الغرفة برسم سنة 2023',
        presentedBy: 'السيد المدير الجهوي',
        source: seed004('هذا الاجتماع خصص لعرض وتدارس حصيلة تنفيذ برنامج عمل الغرفة برسم سنة 2023'),
      },
      {
        title: 'مداخلات الأعضاء',
        source: seed004('مداخلات الأعضاء تطرقت إلى أهمية الحصيلة السنوية'),
      },
    ],
    resolutions: [
      recommended(
        'تنظيم الدورات التكوينية لفائدة الأعضاء والمنتسبين حول المواضيع التي تهم المستجدات القانونية والظرفية الاقتصادية الراهنة',
        'مؤكدة على ضرورة تنظيم الدورات التكوينية لفائدة الأعضاء والمنتسبين حول المواضيع التي تهم المستجدات القانونية والظرفية الاقتصادية الراهنة',
      ),
      recommended(
        'مواصلة دعم وتحسيس الجمعيات المهنية والمقاولات الصغرى والمتوسطة وحاملي المشاريع بمقر الغرفة المركزي والملحقات بمختلف برامج الدعم الموجهة لهم',
        'مواصلة دعم وتحسيس الجمعيات المهنية والمقاولات الصغرى والمتوسطة وحاملي المشاريع بكل من مقر الغرفة المركزي والملحقات بمختلف برامج الدعم الموجهة لهم',
      ),
      recommended(
        'مواصلة تنزيل المشاريع المهيكلة للغرفة من أجل تعزيز مواردها الذاتية: مركز الأعمال بالمحمدية، مركز الأعمال الرقمي بالدار البيضاء، المعهد الرقمي والتدبير',
        'المداخلات ركزت على مواصلة تنزيل المشاريع المهيكلة للغرفة من أجل تعزيز مواردها الذاتية',
      ),
      recommended(
        'تقوية آليات التواصل بين جميع مكونات الغرفة بخصوص أنشطتها الأسبوعية، وبين الغرفة والمنتسبين من خلال موقعها الإلكتروني الجديد الذي سيتم إطلاقه',
        'تمت الدعوة إلى تقوية أليات التواصل بين جميع مكونات الغرفة بخصوص أنشطتها الأسبوعية، وبين الغرفة والمنتسبين من خلال موقعها الإلكتروني الجديد الذي سيتم إطلاقه',
      ),
      recommended(
        'تكافؤ الفرص بين السادة أعضاء الملحقات في تحمل مسؤولية تمثيليات الغرفة بالمجالس الإدارية ولجان المصالح الخارجية بعمالات وأقاليم الجهة',
        'مؤكدين أيضا على تكافؤ الفرص بين السادة أعضاء الملحقات فيما يخص تحمل هذه المسؤولية',
      ),
      {
        kind: 'PLEDGED',
        text: 'دعم ومواكبة مقترحات وتوصيات اللجان والعمل على إخراجها إلى حيز الوجود في إطار اختصاصات الغرفة',
        responsibleId: CHAMBER,
        source: seed004('الرئيس وأعضاء المكتب عبروا عن استعدادهم لدعم ومواكبة مقترحات وتوصيات اللجان والعمل على إخراجها إلى حيز الوجود في إطار اختصاصات الغرفة'),
      },
    ],
    source: seed004(
      'المكتب عقد اجتماعا موسعا بين أعضاء المكتب المسير ورؤساء اللجان الدائمة المحلية والجهوية، ترأسه رئيس الغرفة',
      'the text gives no date; the meeting reviewed the 2023 programme',
    ),
  });
}

const SERIES = (): MeetingSeriesDocument[] => [
  { _id: MARKETS_GROUP_MEETINGS, title: 'نشست‌های گروه تخصصی سازمان‌های میادین و ساماندهی مشاغل کلان‌شهرهای کشور', convenorId: MARKETS_GROUP },
  { _id: FARS_CHAMBER_MEETINGS, title: 'نشست‌ها و گردهمایی‌های اتاق اصناف مرکز استان فارس', convenorId: FARS_CHAMBER },
  { _id: CASABLANCA_SETTAT_BUREAU_MEETINGS, title: 'اجتماعات مكتب غرفة التجارة والصناعة والخدمات لجهة الدار البيضاء سطات', convenorId: CASABLANCA_SETTAT_CHAMBER },
];

/** The guilds registry's meeting series, meetings and resolutions (seeds 001, 003, 004), as `extra` demo collections. */
export function guildsGovernanceCollections(): DemoCollection[] {
  const meetings = [twelfthMeeting(), thirteenthMeeting(), farsGathering(), casablancaExpandedMeeting()];
  return governanceCollections({
    series: SERIES(),
    meetings: meetings.map((m) => m.meeting),
    resolutions: meetings.flatMap((m) => m.resolutions),
  });
}
