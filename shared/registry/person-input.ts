import { InputChecker } from '../errors';
import { nameSortKey } from '../text/collation';
import { searchKey } from '../text/normalize';
import { checkNationalCode, checkText } from '../validation';

export interface PersonCoreInput {
  nationalCode: string;
  fullName: string;
}

/** Checks the fields every registry's member has; the subgraph checks its own record's fields. */
export function checkPersonCore(checker: InputChecker, input: PersonCoreInput) {
  const nationalCode = checkNationalCode(checker, 'nationalCode', input.nationalCode);
  const fullName = checkText(checker, 'fullName', input.fullName, { min: 2, max: 120 });
  return {
    nationalCode,
    fullName,
    nameKey: fullName ? searchKey(fullName) : undefined,
    sortKey: fullName && nationalCode ? nameSortKey(fullName, nationalCode) : undefined,
  };
}
