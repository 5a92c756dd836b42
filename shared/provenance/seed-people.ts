import { ProvenanceSource } from './provenance';

/** The words of the source texts that name each seed person (by the demo's national code for them). */
export const SEED_PEOPLE_SOURCES: Record<string, ProvenanceSource> = {
  '0061234508': { text: '002', quote: 'سعید تاجیک رییس هیات مدیره جامعه ممیزی و بازرسی', note: 'The national code is made up; the text gives none.' },
  '0061234516': { text: '002', quote: 'علیرضا محبعلی رییس هیات مدیره انجمن آزمایشگاههای همکار', note: 'The national code is made up; the text gives none.' },
  '0061234524': { text: '000', quote: 'مهندس سیف زاده رئیس کارگروه توسعه صادرات شورای مرکزی', note: 'The national code is made up; the text gives none.' },
  '0061234532': { text: '000', quote: 'مهندس فاطمی رئیس کارگروه توسعه صادرات نظام تهران', note: 'The national code is made up; the text gives none.' },
  '0061234540': { text: '000', quote: 'مهندس شریفی نایب رئیس کارگروه', note: 'The national code is made up; the text gives none.' },
  '0061234559': { text: '000', quote: 'سر كارخانم مهندس حاجی زاده دبیر کارگروه', note: 'The national code is made up; the text gives none.' },
  '2281234568': { text: '001', quote: 'جناب آقای دبیری مدیر عامل سازمان', note: 'The national code is made up; the text gives none.' },
  '2281234576': { text: '001', quote: 'جناب آقای مهندس جعفری ، دبیر کارگروه تخصصی', note: 'The national code is made up; the text gives none.' },
  '2281234584': { text: '001', quote: 'جناب آقای مهندس مرادی دبیر کمیته معاونین خدمات شهری', note: 'The national code is made up; the text gives none.' },
  '2281234606': { text: '003', quote: '«وحیدرضا محمود زاده»، امروز (شنبه 22 شهریور) در گردهمایی آموزشی', note: 'The national code is made up; the text gives none.' },
  '2281234614': { text: '003', quote: '«جمشید گلپور» نیز در این کارگاه آموزشی گفت', note: 'The national code is made up; the text gives none.' },
  BE123456: { text: '004', quote: 'عبد الرحيم الزكراني', note: 'The CNIE is made up; the text gives none.' },
};
