import { SEED_PEOPLE } from '../../shared/demo/people';
import { DemoProvenance } from '../../shared/provenance/demo';
import { byRules } from '../../shared/provenance/match';
import { fromText, illustrative } from '../../shared/provenance/provenance';
import { LABS_ASSOCIATION } from './demo-data';

/** Where the labs demo data comes from: seed 002 names the association and its chair; the laboratories and the rest are invented. */
export const labsDemoProvenance: DemoProvenance = {
  declared: byRules([
    { collection: 'organisations', where: { _id: LABS_ASSOCIATION }, provenance: fromText('002', 'انجمن آزمایشگاههای همکار آزمون و واسنجی ایران') },
    {
      collection: 'roles',
      where: { nationalCode: SEED_PEOPLE.alirezaMohebali.nationalCode, organisationId: LABS_ASSOCIATION, position: 'CHAIR' },
      provenance: fromText('002', 'علیرضا محبعلی رییس هیات مدیره انجمن آزمایشگاههای همکار آزمون و واسنجی ایران'),
    },
    {
      collection: 'roles',
      where: { nationalCode: SEED_PEOPLE.saeedTajik.nationalCode, organisationId: LABS_ASSOCIATION },
      provenance: illustrative("Invented for the demo: seed 002 names Saeed Tajik chair of the auditors society, not a member of this association's board."),
    },
  ]),
  invented: 'Invented for the demo (synthetic laboratories, members, accreditations and positions); no source text names it.',
  embedded: ['accreditation'],
};
