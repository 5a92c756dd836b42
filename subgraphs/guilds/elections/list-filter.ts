import { badUserInputField } from '../../../shared/errors';
import { Filter } from '../../../shared/store/port';
import { FIRST_JALALI_YEAR, instantOfIsoDate, jalaliToIso, LAST_JALALI_YEAR } from '../../../shared/text/calendar';
import { searchKey } from '../../../shared/text/normalize';
import { ElectionStatus, statusFilter } from './status';

export interface ElectionListArgs {
  unionId?: string | null;
  chamberId?: string | null;
  status?: ElectionStatus | null;
  year?: number | null;
  province?: string | null;
}

const MAX_ID_LENGTH = 200;
const MAX_PROVINCE_LENGTH = 100;
const FIRST_GREGORIAN_YEAR = 1822;
const LAST_GREGORIAN_YEAR = 2221;

/**
 * The instants a year spans, `[from, to)`: a Solar Hijri year (below 1700: from Nowruz to Nowruz)
 * or a Gregorian one, as days are stored (00:00 UTC). A year outside the days the registries take
 * is refused, naming `year`.
 */
export function yearSpan(year: number): { from: Date; to: Date } {
  if (Number.isInteger(year) && year >= FIRST_JALALI_YEAR && year < LAST_JALALI_YEAR) {
    return { from: instantOfIsoDate(jalaliToIso(`${year}-01-01`)), to: instantOfIsoDate(jalaliToIso(`${year + 1}-01-01`)) };
  }
  if (Number.isInteger(year) && year >= FIRST_GREGORIAN_YEAR && year <= LAST_GREGORIAN_YEAR) {
    return { from: new Date(Date.UTC(year, 0, 1)), to: new Date(Date.UTC(year + 1, 0, 1)) };
  }
  throw badUserInputField(
    'year',
    `must be a Solar Hijri year from ${FIRST_JALALI_YEAR} to ${LAST_JALALI_YEAR - 1} (e.g. 1399) or a Gregorian one from ${FIRST_GREGORIAN_YEAR} to ${LAST_GREGORIAN_YEAR} (e.g. 2020); got ${year}`,
  );
}

/**
 * The store filter of `guildElections`: union, chamber, status now, the year voting opened in
 * (Solar Hijri or Gregorian, by the year's size), and the union's province as it was when the
 * election was created, in any spelling (`searchKey`).
 */
export function electionListFilter(args: ElectionListArgs, now: Date): Filter {
  const parts: Filter[] = [];
  for (const field of ['unionId', 'chamberId'] as const) {
    const value = args[field];
    if (value === null || value === undefined) continue;
    if (value.length > MAX_ID_LENGTH) throw badUserInputField(field, `must have at most ${MAX_ID_LENGTH} characters`);
    parts.push({ [field]: value });
  }
  if (args.status) parts.push(statusFilter(args.status, now));
  if (args.year !== null && args.year !== undefined) {
    const { from, to } = yearSpan(args.year);
    parts.push({ opensAt: { $gte: from, $lt: to } });
  }
  if (args.province !== null && args.province !== undefined) {
    if (args.province.length > MAX_PROVINCE_LENGTH) throw badUserInputField('province', `must have at most ${MAX_PROVINCE_LENGTH} characters`);
    const key = searchKey(args.province);
    if (key === '') throw badUserInputField('province', 'must name a province, e.g. «فارس»');
    parts.push({ provinceKey: key });
  }
  return parts.length === 0 ? {} : parts.length === 1 ? parts[0]! : { $and: parts };
}
