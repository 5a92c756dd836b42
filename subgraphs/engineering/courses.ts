/**
 * Seed 000: a certificate for engineers who want to work abroad, made acceptable in the destination
 * country through classes and training courses. These are the courses the central council's export
 * working group requires: the general ones for every destination, and one per destination.
 */
export interface TrainingCourse {
  id: string;
  title: string;
  hours: number;
  /** Destinations (ISO 3166 codes) the course is required for; empty: required for every destination. */
  countries: readonly string[];
}

export const TRAINING_COURSES: readonly TrainingCourse[] = [
  { id: 'engineering:course-export-of-services', title: 'اصول صادرات خدمات فنی و مهندسی', hours: 16, countries: [] },
  { id: 'engineering:course-fidic-contracts', title: 'قراردادهای بین‌المللی و شرایط عمومی فیدیک (FIDIC)', hours: 24, countries: [] },
  { id: 'engineering:course-technical-english', title: 'زبان انگلیسی تخصصی مهندسی', hours: 40, countries: [] },
  { id: 'engineering:course-qatar-construction-code', title: 'آشنایی با مقررات و استانداردهای ساخت قطر (QCS)', hours: 16, countries: ['QA'] },
  { id: 'engineering:course-iraq-construction-code', title: 'آشنایی با ضوابط ساخت‌وساز و پیمانکاری عراق', hours: 12, countries: ['IQ'] },
  { id: 'engineering:course-oman-construction-code', title: 'آشنایی با ضوابط ساخت‌وساز عمان', hours: 12, countries: ['OM'] },
];

/** Destinations a certificate is issued for: ISO 3166 code -> Persian name. */
export const ABROAD_COUNTRIES: Readonly<Record<string, string>> = {
  QA: 'قطر',
  IQ: 'عراق',
  OM: 'عمان',
  AE: 'امارات متحده عربی',
  AM: 'ارمنستان',
};

export const courseById = (id: string): TrainingCourse | undefined => TRAINING_COURSES.find((course) => course.id === id);

/** The courses a certificate for `country` requires, in catalog order. */
export const requiredCourses = (country: string): TrainingCourse[] => TRAINING_COURSES.filter((course) => course.countries.length === 0 || course.countries.includes(country));
