import { InputChecker } from '../../../shared/errors';
import { instantOfIsoDate } from '../../../shared/text/calendar';
import { checkDate } from '../../../shared/validation';

/** A calendar day of the input (either calendar) as its stored instant; refused when after `today`. */
export function checkPastDay(checker: InputChecker, field: string, value: string, today: Date): Date | undefined {
  const iso = checkDate(checker, field, value);
  if (!iso) return undefined;
  const day = instantOfIsoDate(iso);
  if (day.getTime() > today.getTime()) {
    checker.add(field, `${iso} is in the future; figures are recorded once measured`);
    return undefined;
  }
  return day;
}
