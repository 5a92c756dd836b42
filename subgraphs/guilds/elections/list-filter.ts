import { badUserInputField } from '../../../shared/errors';
import { Filter } from '../../../shared/store/port';
import { searchKey } from '../../../shared/text/normalize';
import { yearSpan } from '../calendar-years';
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
    const { from, to } = yearSpan('year', args.year);
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
