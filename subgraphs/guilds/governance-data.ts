import { SEED_PEOPLE } from '../../shared/demo/people';
import { governanceCollections, meetingDocuments } from '../../shared/governance/demo';
import { DemoCollection } from '../../shared/registry/documents';
import { jalaliToIso } from '../../shared/text/calendar';
import { BEFORE_THIRTEENTH_MEETING, MARKETS_GROUP } from './demo-data';

/** Seed 001: the meetings of the metropolitan market organisations' specialised group, and its 12th meeting's minutes. */
export const MARKETS_GROUP_MEETINGS = 'guilds:markets-group-meetings';

const market = (city: string): string => `guilds:markets-${city}`;

/**
 * The 12th meeting, Shiraz, ۳۱ خرداد و ۱ تیر ۱۳۹۱, and its eight resolutions, as the minutes give
 * them. The minutes set one deadline, the end of Shahrivar (the 13th meeting), for the legal
 * committee; the other resolutions are followed up at that meeting, so it is their due date too.
 * The secretariat of the metropolises («دبیرخانه کلان‌شهرها») is recorded as the specialised group.
 * The agenda's eight items are named after the resolutions they led to (the minutes do not list them).
 */
function twelfthMeeting() {
  return meetingDocuments({
    seriesId: MARKETS_GROUP_MEETINGS,
    number: 12,
    hostId: market('shiraz'),
    startsIso: jalaliToIso('1391-03-31'),
    endsIso: jalaliToIso('1391-04-01'),
    place: 'شیراز',
    attendees: [
      {
        name: SEED_PEOPLE.dabiri.fullName,
        title: 'مدیر عامل سازمان میادین و ساماندهی مشاغل شهرداری شیراز، میزبان جلسه',
        nationalCode: SEED_PEOPLE.dabiri.nationalCode,
        organisationId: market('shiraz'),
      },
      { name: 'خانی', title: 'عضو شورای اسلامی شهر شیراز' },
      {
        name: SEED_PEOPLE.moradi.fullName,
        title: 'دبیر کمیته معاونین خدمات شهری کلان‌شهرها',
        nationalCode: SEED_PEOPLE.moradi.nationalCode,
        organisationId: MARKETS_GROUP,
      },
      {
        name: SEED_PEOPLE.jafari.fullName,
        title: 'دبیر کارگروه تخصصی سازمان‌های میادین و ساماندهی مشاغل کلان‌شهرهای کشور',
        nationalCode: SEED_PEOPLE.jafari.nationalCode,
        organisationId: MARKETS_GROUP,
      },
    ],
    agenda: [
      'آیین‌نامه مالی و معاملاتی، اصلاح اساسنامه سازمان‌ها و اساسنامه اتحادیه پیشنهادی سازمان میادین شیراز',
      'اطلاع‌رسانی از طریق رسانه‌های جمعی، تلویزیون‌های شهری و بیلبوردها',
      'سلامت میوه‌ها، پایش سموم، محیط زیست و بهداشت بازارچه‌ها',
      'جذب سرمایه‌گذار و تجارت الکترونیک محصولات کشاورزی',
      'رتبه‌بندی سرمایه‌گذاران و پیمانکاران',
      'مصوبات شوراهای اسلامی کلان‌شهرها',
      'استفاده از تجارب دبیران کمیته‌های تخصصی دیگر سازمان‌ها',
      'میزبانی نشست آتی',
    ],
    resolutions: [
      {
        text:
          'کمیته حقوقی در جهت تهیه آیین‌نامه مالی و معاملاتی و اصلاح اساسنامه سازمان‌ها اقدام کند و اساسنامه اتحادیه پیشنهادی سازمان میادین شیراز را بررسی، و حداکثر تا پایان شهریور ماه (زمان تشکیل سیزدهمین نشست) به دبیرخانه کلان‌شهرها ارسال کند تا در جلسه کارگروه مطرح گردد.',
        responsibleId: market('tehran'),
        cooperatingIds: ['karaj', 'mashhad', 'tabriz', 'shiraz', 'isfahan', 'qom', 'hamedan', 'rasht'].map(market),
        dueIso: BEFORE_THIRTEENTH_MEETING,
        projectId: 'guilds:committee-legal',
      },
      {
        text:
          'کمیته فرهنگی و اجتماعی تشکیل و نسبت به تعیین چگونگی اطلاع‌رسانی از طریق رسانه‌های جمعی (رادیو، تلویزیون و تیزرهای تبلیغاتی)، نمایش بر تلویزیون‌های شهری و نصب بر بیلبوردها و استندهای سطح شهر اقدام نماید.',
        responsibleId: market('isfahan'),
        cooperatingIds: ['tehran', 'qom', 'kermanshah', 'rasht', 'hamedan'].map(market),
        dueIso: BEFORE_THIRTEENTH_MEETING,
        projectId: 'guilds:committee-cultural-social',
      },
      {
        text:
          'کمیته محیط زیست و بهداشت راهکارهای اجرایی سلامت میوه‌ها و پایش باقی‌مانده سموم، مبارزه با آفات محیطی و جوندگان، پیاده‌سازی ISO 14001 و HSEQ، تهیه ورمی‌کمپوست از ضایعات میوه و سبزی و حذف کیسه‌های پلاستیکی در بازارچه‌ها را بررسی و بهترین راه‌حل را ارائه نماید.',
        responsibleId: market('tehran'),
        cooperatingIds: ['mashhad', 'shiraz', 'tabriz', 'karaj'].map(market),
        dueIso: BEFORE_THIRTEENTH_MEETING,
        projectId: 'guilds:committee-environment-health',
      },
      {
        text:
          'کمیته جذب سرمایه‌گذار و تجارت الکترونیک چگونگی عرضه الکترونیکی محصولات کشاورزی و راهکارهای آن، و چگونگی برون‌سپاری را بررسی و آیین‌نامه‌ای تنظیم و در جلسه آتی مطرح نماید.',
        responsibleId: market('mashhad'),
        cooperatingIds: ['tehran', 'tabriz', 'rasht', 'shiraz', 'ahvaz', 'zahedan'].map(market),
        dueIso: BEFORE_THIRTEENTH_MEETING,
        projectId: 'guilds:committee-investment-ecommerce',
      },
      {
        text: 'دبیرخانه کلان‌شهرها اطلاعات رتبه‌بندی سرمایه‌گذاران و پیمانکاران را از سازمان‌های عضو کارگروه جمع‌آوری و پس از جمع‌بندی به همه کلان‌شهرها اطلاع‌رسانی کند.',
        responsibleId: MARKETS_GROUP,
        dueIso: BEFORE_THIRTEENTH_MEETING,
      },
      {
        text: 'دبیرخانه کلان‌شهرها مصوبات شوراهای اسلامی کلان‌شهرها را از دیگر سازمان‌های عضو کارگروه جمع‌آوری و پس از جمع‌بندی و طبقه‌بندی در قالب یک کتابچه برای اعضا ارسال کند.',
        responsibleId: MARKETS_GROUP,
        dueIso: BEFORE_THIRTEENTH_MEETING,
      },
      {
        text: 'در صورت نیاز به تجارب و تخصص دبیران کمیته‌های تخصصی دیگر سازمان‌ها، دبیر گروه تخصصی از ایشان دعوت به عمل آورد.',
        responsibleId: MARKETS_GROUP,
        dueIso: BEFORE_THIRTEENTH_MEETING,
      },
      {
        text: 'نظر به اعلام آمادگی سازمان اصفهان، جلسه آتی کارگروه به میزبانی آن سازمان اواخر شهریور ۹۱ برگزار گردد.',
        responsibleId: market('isfahan'),
        dueIso: BEFORE_THIRTEENTH_MEETING,
      },
    ],
  });
}

/** The guilds registry's meeting series, meetings and resolutions (seed 001), as `extra` demo collections. */
export function guildsGovernanceCollections(): DemoCollection[] {
  const { meeting, resolutions } = twelfthMeeting();
  return governanceCollections({
    series: [
      {
        _id: MARKETS_GROUP_MEETINGS,
        title: 'نشست‌های گروه تخصصی سازمان‌های میادین و ساماندهی مشاغل کلان‌شهرهای کشور',
        convenorId: MARKETS_GROUP,
      },
    ],
    meetings: [meeting],
    resolutions,
  });
}
