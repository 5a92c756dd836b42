import { InputChecker } from '../errors';
import { message } from '../messages/catalog';
import { canonicalNameCompounds, canonicalTitle, composeFullName, NameParts, splitLeadingTitles, TITLE_WORDS } from '../text/person-name';
import { cleanDisplayText } from '../text/normalize';
import { checkNationalCode, checkOptionalText } from '../validation';
import { personNameFields } from './person-name-fields';

/** The fields every registry's member input has: the national code and the name, in parts or whole. */
export interface PersonCoreInput {
  nationalCode: string;
  /** The name as shown; may be left out when `givenName` or `familyName` is given (then composed from them). */
  fullName?: string | null;
  title?: string | null;
  givenName?: string | null;
  familyName?: string | null;
}

const NAME_PART = { max: 60 };
const FULL_NAME = { min: 2, max: 120 };

/**
 * Checks the fields every registry's member has; the subgraph checks its own record's fields.
 * A title typed at the start of a name («مهندس فاطمی») is moved into `title`, so the name stays a
 * name and lists in name order sort by it; `title` itself must be made of known titles.
 */
export function checkPersonCore(checker: InputChecker, input: PersonCoreInput) {
  const nationalCode = checkNationalCode(checker, 'nationalCode', input.nationalCode);
  const titles: string[] = [];
  const typedTitle = checkOptionalText(checker, 'title', input.title, NAME_PART);
  if (typedTitle) {
    const known = canonicalTitle(typedTitle);
    if (known) titles.push(known);
    else checker.add('title', message('PERSON_TITLE_UNKNOWN', { title: typedTitle, titles: TITLE_WORDS.join('، ') }));
  }
  /** A name field without the titles it starts with (kept in `titles`), its «…زاده» compounds written one way. */
  const nameField = (field: string, value: string | null | undefined, rule: { min?: number; max: number }): string | undefined => {
    const text = checkOptionalText(checker, field, value, rule);
    if (!text) return undefined;
    const split = splitLeadingTitles(text);
    for (const title of split.titles) if (!titles.includes(title)) titles.push(title);
    if (split.rest === '') {
      checker.add(field, message('PERSON_NAME_ONLY_TITLE', { name: text }));
      return undefined;
    }
    if (split.rest.length < (rule.min ?? 1)) {
      checker.add(field, message('TEXT_TOO_SHORT', { min: rule.min ?? 1 }));
      return undefined;
    }
    return canonicalNameCompounds(split.rest);
  };
  const givenName = nameField('givenName', input.givenName, NAME_PART);
  const familyName = nameField('familyName', input.familyName, NAME_PART);
  const asEntered = nameField('fullName', input.fullName, FULL_NAME);
  const parts: NameParts | undefined =
    givenName || familyName
      ? { ...(givenName ? { givenName } : {}), ...(familyName ? { familyName } : {}), fullName: composeFullName(givenName, familyName) }
      : asEntered
        ? { fullName: asEntered }
        : undefined;
  if (!parts) {
    const typed = [input.fullName, input.givenName, input.familyName].filter((value): value is string => value !== null && value !== undefined);
    // A name typed but empty once cleaned (spaces, joiners that join nothing) is refused as empty; none typed at all, as missing.
    if (typed.length === 0) checker.add('fullName', message('PERSON_NAME_REQUIRED'));
    else if (typed.every((value) => cleanDisplayText(value) === ''))
      checker.add(input.fullName != null ? 'fullName' : input.givenName != null ? 'givenName' : 'familyName', message('TEXT_EMPTY'));
  }
  if (parts && titles.length) parts.title = titles.join(' ');
  return { nationalCode, name: parts && nationalCode ? personNameFields(parts, nationalCode) : undefined };
}
