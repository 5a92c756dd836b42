import { nameSortKey } from '../text/collation';
import { searchKey } from '../text/normalize';
import { NameParts, nameOrderText, nameSearchText } from '../text/person-name';
import { PersonDocument } from './documents';

/** The name fields a person's record stores, from the parts of its name: the parts, and the keys search and name order use. */
export function personNameFields(parts: NameParts, nationalCode: string): Pick<PersonDocument, 'title' | 'givenName' | 'familyName' | 'fullName' | 'nameKey' | 'sortKey'> {
  return {
    ...(parts.title ? { title: parts.title } : {}),
    ...(parts.givenName ? { givenName: parts.givenName } : {}),
    ...(parts.familyName ? { familyName: parts.familyName } : {}),
    fullName: parts.fullName,
    nameKey: searchKey(nameSearchText(parts)),
    sortKey: nameSortKey(nameOrderText(parts), nationalCode),
  };
}
