import { SEED_PEOPLE } from '../../shared/demo/people';
import { governanceCollections, meetingDocuments } from '../../shared/governance/demo';
import { SourceRecord } from '../../shared/governance/documents';
import { DemoCollection } from '../../shared/registry/documents';

export const JOINT_BOARD_MEETINGS = 'auditors:joint-board-meetings';

const seed002 = (quote: string, note?: string): SourceRecord => ({ text: '002', quote, ...(note ? { note } : {}) });

/**
 * Seed 002: the boards of the auditors society and of the labs association meet at the society
 * (the text gives no date and no number), review the ground the two bodies share, and agree to
 * keep meeting. The society keeps the record; the association is `labsAssociationId`.
 */
export function jointBoardMeetingCollections(societyId: string, labsAssociationId: string): DemoCollection[] {
  const { meeting, resolutions } = meetingDocuments({
    seriesId: JOINT_BOARD_MEETINGS,
    key: 'boards-cooperation',
    title: 'جلسه مشترک اعضای هیات مدیره انجمن آزمایشگاه‌های همکار آزمون و واسنجی ایران و جامعه ممیزی و بازرسی ایران',
    hostId: societyId,
    place: 'محل جامعه ممیزی و بازرسی ایران',
    attendees: [
      {
        name: SEED_PEOPLE.saeedTajik.fullName,
        title: 'رییس هیات مدیره جامعه ممیزی و بازرسی ایران و عضو هیات مدیره انجمن آزمایشگاه‌های همکار آزمون و واسنجی ایران',
        nationalCode: SEED_PEOPLE.saeedTajik.nationalCode,
        organisationId: societyId,
        source: seed002('سعید تاجیک رییس هیات مدیره جامعه ممیزی و بازرسی ایران و عضو هیات مدیره انجمن آزمایشگاههای همکار آزمون و واسنجی ایران'),
      },
      {
        name: SEED_PEOPLE.alirezaMohebali.fullName,
        title: 'رییس هیات مدیره انجمن آزمایشگاه‌های همکار آزمون و واسنجی ایران',
        nationalCode: SEED_PEOPLE.alirezaMohebali.nationalCode,
        organisationId: labsAssociationId,
        source: seed002('علیرضا محبعلی رییس هیات مدیره انجمن آزمایشگاههای همکار آزمون و واسنجی ایران'),
      },
    ],
    bodies: [
      { name: 'هیات مدیره جامعه ممیزی و بازرسی ایران', kind: 'BOARD', organisationId: societyId, source: seed002('اعضا هیئت مدیره هر دو تشکل، در این دیدار حضور داشتند') },
      {
        name: 'هیات مدیره انجمن آزمایشگاه‌های همکار آزمون و واسنجی ایران',
        kind: 'BOARD',
        organisationId: labsAssociationId,
        source: seed002('اعضا هیئت مدیره هر دو تشکل، در این دیدار حضور داشتند'),
      },
    ],
    agenda: [
      {
        title: 'اشتراکات دو تشکل و برنامه‌ریزی پروژه‌های مشترک تحقیقاتی، نظارتی و آموزشی',
        presentedBy: SEED_PEOPLE.saeedTajik.fullName,
        source: seed002('برنامه ریزی و تعریف پروژههای مشترک تحقیقاتی، نظارتی، آموزشی'),
      },
      { title: 'زمینه‌های همکاری، همگرایی و تشکیل کارگروه‌ها', source: seed002('ر این نشست زمینههای همکاری، همگرایی و تشکیل کارگروهها مطرح شد') },
      {
        title: 'ارزیابی وضعیت کنونی و بررسی شرایط و نقاط مشترک همکاری دو تشکل',
        source: seed002('ضمن ارزیابی وضعیت کنونی، شرایط و نقاط مشترک را برای همکاری دو تشکل بررسی کردند'),
      },
    ],
    resolutions: [
      {
        kind: 'RECOMMENDED',
        text: 'توسعه همکاری‌های فراگیر دو تشکل و تشکیل کارگروه‌های تخصصی',
        responsibleId: societyId,
        cooperatingIds: [labsAssociationId],
        source: seed002('به توسعه همکاریهای فراگیر و تشکیل کارگروههای تخصصی تاکید کردند'),
      },
      {
        kind: 'AGREED',
        text: 'برگزاری ادامه جلسات در زمینه‌های تخصصی و عمومی و همکاری جامعه با انجمن آزمایشگاه‌های همکار، در آینده نزدیک',
        responsibleId: societyId,
        cooperatingIds: [labsAssociationId],
        source: seed002(
          'در این جلسه هر دو هیئت مدیره توافق کردند که در اینده نزدیک شاهد برگزاری ادامه جلسات در زمینه های تخصصی و عمومی و همکاری جامعه با انجمن آزمایشگاههای همکار باشیم',
          '«در آینده نزدیک» (in the near future) is no date: none is due',
        ),
      },
    ],
    source: seed002('در این دیدار که در محل جامعه ممیزی و بازرسی ایران تشکیل شد', 'the text gives no date and does not number the meeting'),
  });
  return governanceCollections({
    series: [
      {
        _id: JOINT_BOARD_MEETINGS,
        title: 'نشست‌های مشترک هیئت مدیره جامعه ممیزی و بازرسی ایران و انجمن آزمایشگاه‌های همکار آزمون و واسنجی ایران',
        convenorId: societyId,
      },
    ],
    meetings: [meeting],
    resolutions,
  });
}
