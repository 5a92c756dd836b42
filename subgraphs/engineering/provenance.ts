import { SEED_PEOPLE } from '../../shared/demo/people';
import { DemoProvenance } from '../../shared/provenance/demo';
import { byRules } from '../../shared/provenance/match';
import { fromText, illustrative } from '../../shared/provenance/provenance';
import { ENGINEERING_CENTRAL_COUNCIL } from './demo-data';

const NAMED_LICENCE = 'Invented for the demo: seed 000 names this engineer in the working group; no text gives a licence, its number, grade or days.';
const ABROAD_PROPOSAL = 'Invented for the demo: seed 000 only proposes such certificates; none was issued to this person.';

/** Where the engineering demo data comes from: seed 000's working group; licences, certificates and the rest are invented. */
export const engineeringDemoProvenance: DemoProvenance = {
  declared: byRules([
    {
      collection: 'roles',
      where: { nationalCode: SEED_PEOPLE.seifzadeh.nationalCode, organisationId: ENGINEERING_CENTRAL_COUNCIL, position: 'CHAIR' },
      provenance: fromText('000', 'مهندس سیف زاده رئیس کارگروه توسعه صادرات شورای مرکزی'),
    },
    {
      collection: 'roles',
      where: { nationalCode: SEED_PEOPLE.hajizadeh.nationalCode, organisationId: ENGINEERING_CENTRAL_COUNCIL, position: 'SECRETARY' },
      provenance: fromText('000', 'سر كارخانم مهندس حاجی زاده دبیر کارگروه'),
    },
    {
      collection: 'roles',
      where: { nationalCode: SEED_PEOPLE.fatemi.nationalCode, position: 'CHAIR' },
      provenance: fromText('000', 'مهندس فاطمی رئیس کارگروه توسعه صادرات نظام تهران'),
    },
    { collection: 'roles', where: { nationalCode: SEED_PEOPLE.sharifi.nationalCode, position: 'VICE_CHAIR' }, provenance: fromText('000', 'مهندس شریفی نایب رئیس کارگروه') },
    { collection: 'abroadCertificates', where: { nationalCode: SEED_PEOPLE.seifzadeh.nationalCode }, provenance: illustrative(ABROAD_PROPOSAL) },
    { collection: 'abroadCertificates', where: { nationalCode: SEED_PEOPLE.fatemi.nationalCode }, provenance: illustrative(ABROAD_PROPOSAL) },
    { collection: 'abroadCertificates', where: { nationalCode: SEED_PEOPLE.hajizadeh.nationalCode }, provenance: illustrative(ABROAD_PROPOSAL) },
    { collection: 'people.licence', where: { _id: SEED_PEOPLE.seifzadeh.nationalCode }, provenance: illustrative(NAMED_LICENCE) },
    { collection: 'people.licence', where: { _id: SEED_PEOPLE.fatemi.nationalCode }, provenance: illustrative(NAMED_LICENCE) },
    { collection: 'people.licence', where: { _id: SEED_PEOPLE.sharifi.nationalCode }, provenance: illustrative(NAMED_LICENCE) },
    { collection: 'people.licence', where: { _id: SEED_PEOPLE.hajizadeh.nationalCode }, provenance: illustrative(NAMED_LICENCE) },
  ]),
  invented: 'Invented for the demo (synthetic engineers, provincial organisations, licences, courses and certificates); no source text names it.',
  embedded: ['licence'],
};
