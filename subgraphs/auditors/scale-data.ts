import { organisationDocument, personDocument, pick, roleDocument } from '../../shared/demo/builders';
import { checkScaleSize, indexRandom, persianNumber, scalePerson } from '../../shared/demo/scale';
import { RoleDocument } from '../../shared/registry/documents';
import { DEFAULT_BATCH_SIZE, DocumentBatch, inBatches } from '../../shared/registry/scale';
import { auditorsSociety, certificationsOf, INSPECTION_FIELDS, INSPECTION_TYPES, MANAGEMENT } from './demo-data';
import { IRANIAN_CITIES } from '../../shared/demo/people';
import { instantOfIsoDate } from '../../shared/text/calendar';
import { AuditorsOrganisationDocument, AuditorsPersonDocument } from './documents';

/** Members per inspection body. */
export const AUDITORS_MEMBERS_PER_INSPECTION_BODY = 20;

const CITIES = IRANIAN_CITIES;
const INSPECTORS = 'بازرسان شرکت بازرسی';

/** How big the auditors registry of a given size is: `size` members, one inspection body per twenty of them. */
export function auditorsScaleCounts(size: number) {
  checkScaleSize(size, 'auditors members');
  const inspectionBodies = Math.ceil(size / AUDITORS_MEMBERS_PER_INSPECTION_BODY);
  // One or two certifications each: certificationsOf draws the count first.
  let certifications = 0;
  for (let i = 0; i < size; i += 1) certifications += 1 + Math.floor(indexRandom(3, i)() * 2);
  return { members: size, inspectionBodies, organisations: inspectionBodies + 1, roles: size, certifications };
}

const inspectionBodyId = (index: number): string => `auditors:scale-ib-${String(index + 1).padStart(6, '0')}`;

function inspectionBody(index: number): AuditorsOrganisationDocument {
  const random = indexRandom(17020, index);
  const n = String(index + 1).padStart(6, '0');
  const city = CITIES[index % CITIES.length]!;
  const field = pick(random, INSPECTION_FIELDS);
  const second = pick(random, INSPECTION_FIELDS);
  const year = 2023 + (index % 4);
  const month = `0${1 + (index % 9)}`;
  return organisationDocument(inspectionBodyId(index), `شرکت بازرسی ${field} ${city} شماره ${persianNumber(index + 1)}`, 'INSPECTION_BODY', {
    city,
    inspectionAccreditation: {
      standard: 'ISO/IEC 17020',
      inspectionType: INSPECTION_TYPES[index % INSPECTION_TYPES.length]!,
      fields: second === field ? [field] : [field, second],
      certificateNumber: `NACI-IB-${n}`,
      validFrom: instantOfIsoDate(`${year}-${month}-15`),
      validUntil: instantOfIsoDate(`${year + 3}-${month}-14`),
      ...(index % 10 === 3 ? { suspendedOn: instantOfIsoDate(`${year + 1}-${month}-01`) } : {}),
    },
  });
}

const member = (index: number): AuditorsPersonDocument => personDocument(scalePerson('auditors', index), {});

/** Member i's one or two certifications, in a number series of their own (`ISAI-S-...`). */
const certifications = (index: number) => certificationsOf(indexRandom(3, index), scalePerson('auditors', index), index, 'ISAI-S');

/** Member i works for inspection body i mod B: the first B are chief executives, the next B technical managers, the rest inspectors. */
function roleOf(index: number, bodies: number): RoleDocument {
  const nationalCode = scalePerson('auditors', index).nationalCode;
  const organisationId = inspectionBodyId(index % bodies);
  if (index < 2 * bodies) {
    return roleDocument({ nationalCode, organisationId, body: MANAGEMENT, bodyKind: 'MANAGEMENT', position: index < bodies ? 'CHIEF_EXECUTIVE' : 'TECHNICAL_MANAGER' });
  }
  return roleDocument({ nationalCode, organisationId, body: INSPECTORS, bodyKind: 'WORKING_GROUP', position: 'MEMBER' });
}

/**
 * A synthetic auditors registry of `size` members, shaped like the demo data: the society, one
 * inspection body per twenty members, one or two certifications and one role per member.
 * Deterministic, and generated batch by batch (never more than one batch in memory).
 */
export function* auditorsScaleData(size: number, batchSize = DEFAULT_BATCH_SIZE): Generator<DocumentBatch> {
  const { inspectionBodies } = auditorsScaleCounts(size);
  // The society last: it is also in the demo data, and a load checks a collection's first document to tell a first load.
  yield* inBatches('organisations', inspectionBodies + 1, (i) => (i < inspectionBodies ? inspectionBody(i) : auditorsSociety()), batchSize);
  yield* inBatches('people', size, member, batchSize);
  yield* inBatches('roles', size, (i) => roleOf(i, inspectionBodies), batchSize);
  yield* inBatches('certifications', size, certifications, batchSize);
}
