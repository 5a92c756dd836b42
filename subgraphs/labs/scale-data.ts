import { organisationDocument, personDocument, pick, roleDocument } from '../../shared/demo/builders';
import { checkScaleSize, indexRandom, persianNumber, scalePerson } from '../../shared/demo/scale';
import { RoleDocument } from '../../shared/registry/documents';
import { DEFAULT_BATCH_SIZE, DocumentBatch, inBatches } from '../../shared/registry/scale';
import { CALIBRATION_FIELDS, EXPERTISE, labsAssociation, TESTING_FIELDS } from './demo-data';
import { IRANIAN_CITIES } from '../../shared/demo/people';
import { instantOfIsoDate } from '../../shared/text/calendar';
import { LabsOrganisationDocument, LabsPersonDocument } from './documents';

/** Members per laboratory. */
export const LABS_MEMBERS_PER_LABORATORY = 10;

const CITIES = IRANIAN_CITIES;
const MANAGEMENT = 'مدیریت آزمایشگاه';
const TECHNICAL_STAFF = 'کارشناسان فنی آزمایشگاه';

/** How big the labs registry of a given size is: `size` members, one laboratory per ten of them. */
export function labsScaleCounts(size: number) {
  checkScaleSize(size, 'labs members');
  const laboratories = Math.ceil(size / LABS_MEMBERS_PER_LABORATORY);
  return { members: size, laboratories, organisations: laboratories + 1, roles: size };
}

const laboratoryId = (index: number): string => `labs:scale-lab-${String(index + 1).padStart(6, '0')}`;

function laboratory(index: number): LabsOrganisationDocument {
  const random = indexRandom(17025, index);
  const calibration = index % 3 === 2;
  const city = CITIES[index % CITIES.length]!;
  const field = calibration ? pick(random, CALIBRATION_FIELDS) : pick(random, TESTING_FIELDS);
  const n = String(index + 1).padStart(6, '0');
  const year = 2023 + (index % 4);
  const month = `0${1 + (index % 9)}`;
  return organisationDocument(laboratoryId(index), `آزمایشگاه ${calibration ? 'واسنجی' : 'آزمون'} ${field} ${city} شماره ${persianNumber(index + 1)}`, 'LABORATORY', {
    city,
    accreditation: {
      standard: 'ISO/IEC 17025',
      scope: calibration ? 'CALIBRATION' : 'TESTING',
      fields: [field],
      certificateNumber: `NACI-${calibration ? 'C' : 'T'}-${n}`,
      validFrom: instantOfIsoDate(`${year}-${month}-15`),
      validUntil: instantOfIsoDate(`${year + 3}-${month}-14`),
      // One laboratory in fifty suspended, as in the demo data.
      ...(index % 50 === 6 ? { suspendedOn: instantOfIsoDate(`${year + 1}-${month}-01`) } : {}),
    },
  });
}

const member = (index: number): LabsPersonDocument => personDocument(scalePerson('labs', index), { expertise: pick(indexRandom(2, index), EXPERTISE) });

/** Member i works at laboratory i mod L: the first L are its chief executives, the next L its technical managers. */
function roleOf(index: number, laboratories: number): RoleDocument {
  const nationalCode = scalePerson('labs', index).nationalCode;
  const organisationId = laboratoryId(index % laboratories);
  if (index < 2 * laboratories) {
    return roleDocument({ nationalCode, organisationId, body: MANAGEMENT, bodyKind: 'MANAGEMENT', position: index < laboratories ? 'CHIEF_EXECUTIVE' : 'TECHNICAL_MANAGER' });
  }
  return roleDocument({ nationalCode, organisationId, body: TECHNICAL_STAFF, bodyKind: 'WORKING_GROUP', position: 'MEMBER' });
}

/**
 * A synthetic labs registry of `size` members, shaped like the demo data: the association, one
 * laboratory per ten members, and one role per member in their laboratory. Deterministic, and
 * generated batch by batch (never more than one batch in memory).
 */
export function* labsScaleData(size: number, batchSize = DEFAULT_BATCH_SIZE): Generator<DocumentBatch> {
  const { laboratories } = labsScaleCounts(size);
  // The association last: it is also in the demo data, and a load checks a collection's first document to tell a first load.
  yield* inBatches('organisations', laboratories + 1, (i) => (i < laboratories ? laboratory(i) : labsAssociation()), batchSize);
  yield* inBatches('people', size, member, batchSize);
  yield* inBatches('roles', size, (i) => roleOf(i, laboratories), batchSize);
}
