import { organisationDocument, personDocument, pick, roleDocument } from '../../shared/demo/builders';
import { checkScaleSize, indexRandom, persianNumber, scalePerson } from '../../shared/demo/scale';
import { RoleDocument } from '../../shared/registry/documents';
import { DEFAULT_BATCH_SIZE, DocumentBatch, inBatches } from '../../shared/registry/scale';
import { instantOfIsoDate, jalaliToIso } from '../../shared/text/calendar';
import { BOARD, BOARD_POSITIONS, farsChamber } from './demo-data';
import { FARS_CHAMBER } from './demo-organisation-ids';
import { GuildsOrganisationDocument, GuildsPersonDocument, GuildUnitDocument, GuildUnitStatus } from './documents';
import { GUILD_TRADES } from './trades';

/** Seed 003: 160,000 active guild units and 550 unions in the province, i.e. about 291 units a union. */
export const GUILD_UNITS_PER_UNION = 291;
/** Owners per unit: three owners in four own one unit, the fourth owns two. */
export const GUILD_OWNERS_PER_UNIT = 0.8;

/** Cities of Fars province: the unions of the provincial chamber are spread over them. */
const FARS_CITIES = [
  'شیراز',
  'مرودشت',
  'جهرم',
  'فسا',
  'کازرون',
  'داراب',
  'فیروزآباد',
  'لار',
  'آباده',
  'نی‌ریز',
  'اقلید',
  'سپیدان',
  'استهبان',
  'نورآباد',
  'زرین‌دشت',
  'لامرد',
  'خرم‌بید',
  'ارسنجان',
  'بوانات',
  'سعادت‌شهر',
  'قیر و کارزین',
  'مهر',
  'خنج',
  'گراش',
  'فراشبند',
];

/**
 * How big the guilds registry of a given size is: `size` guild units, round(size / 291) unions (at
 * least one) under the Fars chamber, and round(0.8 x size) owners (so one owner in four owns two
 * units).
 */
export function guildsScaleCounts(size: number) {
  checkScaleSize(size, 'guild units');
  const unions = Math.max(1, Math.round(size / GUILD_UNITS_PER_UNION));
  const owners = Math.min(size, Math.max(Math.ceil(size / 2), Math.round(size * GUILD_OWNERS_PER_UNIT)));
  const shape = { units: size, unions, owners };
  let boardRoles = 0;
  for (let u = 0; u < unions; u += 1) boardRoles += boardOwners(shape, u).length;
  return { ...shape, organisations: unions + 1, people: owners, roles: boardRoles };
}

type Shape = { units: number; unions: number; owners: number };

const unionId = (u: number): string => `guilds:fars-scale-union-${String(u + 1).padStart(4, '0')}`;

/** Unit j's owner: owner j for the first `owners` units, then every fourth (or so) owner gets a second unit. */
function ownerOf({ units, owners }: Shape, j: number): number {
  if (j < owners) return j;
  const stride = Math.floor(owners / (units - owners));
  return (j - owners) * stride;
}

function union(u: number): GuildsOrganisationDocument {
  const { trade } = GUILD_TRADES[u % GUILD_TRADES.length]!;
  const city = FARS_CITIES[Math.floor(u / GUILD_TRADES.length) % FARS_CITIES.length]!;
  const round = Math.floor(u / (GUILD_TRADES.length * FARS_CITIES.length));
  const name = `اتحادیه صنف ${trade} ${city}${round > 0 ? ` (${persianNumber(round + 1)})` : ''}`;
  return organisationDocument(unionId(u), name, 'GUILD_UNION', { city, province: 'فارس', parentId: FARS_CHAMBER });
}

/** Unit j is registered with union j mod U, as its (j div U + 1)-th unit; licence `71-<union>-<serial>`. */
function guildUnit(shape: Shape, j: number): GuildUnitDocument {
  const u = j % shape.unions;
  const serial = Math.floor(j / shape.unions) + 1;
  const owner = scalePerson('guilds', ownerOf(shape, j));
  const random = indexRandom(160_000, j);
  const [activity, prefix] = pick(random, GUILD_TRADES[u % GUILD_TRADES.length]!.activities);
  const roll = random();
  const status: GuildUnitStatus = roll < 0.84 ? 'ACTIVE' : roll < 0.92 ? 'SUSPENDED' : 'EXPIRED';
  const year = (status === 'EXPIRED' ? 1394 : 1400) + Math.floor(random() * 4);
  const month = 1 + Math.floor(random() * 12);
  const day = 2 + Math.floor(random() * 28);
  return {
    _id: `71-${String(u + 1).padStart(4, '0')}-${String(serial).padStart(5, '0')}`,
    ownerNationalCode: owner.nationalCode,
    name: `${prefix} ${owner.fullName.split(' ').slice(-1)[0]!}`,
    activity,
    unionId: unionId(u),
    chamberId: FARS_CHAMBER,
    status,
    issuedOn: instantOfIsoDate(jalaliToIso(`${year}-${month}-${day}`)),
    validUntil: instantOfIsoDate(jalaliToIso(`${year + 5}-${month}-${day - 1}`)),
    // A suspended licence was suspended on the first of its month a year after it was issued.
    ...(status === 'SUSPENDED' ? { suspendedOn: instantOfIsoDate(jalaliToIso(`${year + 1}-${month}-1`)) } : {}),
    // As in the demo data, a unit still licensed held the licence before its current one.
    ...(status === 'EXPIRED'
      ? {}
      : {
          earlierLicences: [{ issuedOn: instantOfIsoDate(jalaliToIso(`${year - 5}-${month}-${day}`)), validUntil: instantOfIsoDate(jalaliToIso(`${year}-${month}-${day - 1}`)) }],
        }),
  };
}

/** The owners of a union's first units, up to five different people: its board. */
function boardOwners(shape: Shape, u: number): number[] {
  const board: number[] = [];
  for (let j = u; j < shape.units && board.length < BOARD_POSITIONS.length; j += shape.unions) {
    const owner = ownerOf(shape, j);
    if (!board.includes(owner)) board.push(owner);
  }
  return board;
}

/**
 * Seed 003: union boards elected from the union's unit owners, as positions without a start day
 * (the demo keeps its boards' terms and days with its elections; its positions carry none).
 */
function unionBoard(shape: Shape, u: number): RoleDocument[] {
  return boardOwners(shape, u).map((owner, i) =>
    roleDocument({
      nationalCode: scalePerson('guilds', owner).nationalCode,
      organisationId: unionId(u),
      body: BOARD,
      bodyKind: 'BOARD',
      position: BOARD_POSITIONS[i]!,
    }),
  );
}

const ownerDocument = (i: number): GuildsPersonDocument => personDocument(scalePerson('guilds', i), { standing: 'MEMBER' });

/**
 * A synthetic guilds registry of `size` guild units, shaped like the demo data: the Fars chamber,
 * round(size / 291) unions under it, the units' owners (about 0.8 x size: some own two units), the
 * units, and a five-seat board for each union. Deterministic, and generated batch by batch (never
 * more than one batch in memory), so a million units can be generated.
 */
export function* guildsScaleData(size: number, batchSize = DEFAULT_BATCH_SIZE): Generator<DocumentBatch> {
  const { units, unions, owners } = guildsScaleCounts(size);
  const shape: Shape = { units, unions, owners };
  // The chamber last: it is also in the demo data, and a load checks a collection's first document to tell a first load.
  yield* inBatches('organisations', unions + 1, (i) => (i < unions ? union(i) : farsChamber()), batchSize);
  yield* inBatches('people', owners, ownerDocument, batchSize);
  yield* inBatches('guildUnits', units, (j) => guildUnit(shape, j), batchSize);
  yield* inBatches('roles', unions, (u) => unionBoard(shape, u), batchSize);
}
