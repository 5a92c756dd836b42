import { SEED_PEOPLE } from '../../shared/demo/people';
import { DemoProvenance } from '../../shared/provenance/demo';
import { byRules } from '../../shared/provenance/match';
import { fromText, illustrative } from '../../shared/provenance/provenance';
import { AUDITORS_SOCIETY } from './demo-data';

/** Where the auditors demo data comes from: seed 002 names the society and its chair; certifications and the rest are invented. */
export const auditorsDemoProvenance: DemoProvenance = {
  declared: byRules([
    { collection: 'organisations', where: { _id: AUDITORS_SOCIETY }, provenance: fromText('002', 'جامعه ممیزی و بازرسی ایران') },
    {
      collection: 'roles',
      where: { nationalCode: SEED_PEOPLE.saeedTajik.nationalCode, organisationId: AUDITORS_SOCIETY, position: 'CHAIR' },
      provenance: fromText('002', 'سعید تاجیک رییس هیات مدیره جامعه ممیزی و بازرسی ایران'),
    },
    {
      collection: 'certifications',
      where: { nationalCode: SEED_PEOPLE.saeedTajik.nationalCode },
      provenance: illustrative("Invented for the demo: seed 002 names Saeed Tajik chair of the society's board and says nothing of a certification."),
    },
  ]),
  invented: 'Invented for the demo (synthetic auditors, inspection bodies, certifications and accreditations); no source text names it.',
  embedded: ['inspectionAccreditation'],
};
