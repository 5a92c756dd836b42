import { SEED_PEOPLE } from '../../shared/demo/people';
import { DemoProvenance } from '../../shared/provenance/demo';
import { byRules } from '../../shared/provenance/match';
import { fromText, illustrative } from '../../shared/provenance/provenance';
import { CASABLANCA_SETTAT_CHAMBER, FARS_CHAMBER, MARKETS_GROUP } from './demo-organisation-ids';

const SUPERVISION = "Invented for the demo: seed 003 reports this official speaking at the Shiraz gathering, not as a supervisor of the Fars chamber's elections.";

/** Where the guilds demo data comes from: seeds 001, 003 and 004 name chambers and officials; units, elections' voters and the rest are invented. */
export const guildsDemoProvenance: DemoProvenance = {
  declared: byRules([
    { collection: 'organisations', where: { _id: FARS_CHAMBER }, provenance: fromText('003', 'اتاق اصناف') },
    { collection: 'organisations', where: { _id: CASABLANCA_SETTAT_CHAMBER }, provenance: fromText('004', 'الدار البيضاء سطات') },
    { collection: 'roles', where: { nationalCode: SEED_PEOPLE.mahmoudzadeh.nationalCode, organisationId: FARS_CHAMBER }, provenance: illustrative(SUPERVISION) },
    { collection: 'roles', where: { nationalCode: SEED_PEOPLE.golpour.nationalCode, organisationId: FARS_CHAMBER }, provenance: illustrative(SUPERVISION) },
    {
      collection: 'roles',
      where: { nationalCode: SEED_PEOPLE.jafari.nationalCode, organisationId: MARKETS_GROUP },
      provenance: fromText('001', 'جناب آقای مهندس جعفری ، دبیر کارگروه تخصصی'),
    },
    {
      collection: 'roles',
      where: { nationalCode: SEED_PEOPLE.moradi.nationalCode, organisationId: MARKETS_GROUP },
      provenance: fromText('001', 'جناب آقای مهندس مرادی دبیر کمیته معاونین خدمات شهری'),
    },
    {
      collection: 'roles',
      where: { nationalCode: SEED_PEOPLE.abderrahimZagrani.nationalCode, organisationId: CASABLANCA_SETTAT_CHAMBER },
      provenance: fromText('004', 'عبد الرحيم الزكراني'),
    },
  ]),
  invented: 'Invented for the demo (synthetic members, guild units, licences, elections, programme values and positions); no source text names it.',
};
