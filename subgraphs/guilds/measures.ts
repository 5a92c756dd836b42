import { Measure } from '../../shared/aggregate/measures';
import { ELECTION_COLLECTIONS } from './elections/documents';

/** The counts the guilds registry offers besides every registry's: the texts' figures (seed 003). */
export const GUILDS_MEASURES: readonly Measure[] = [
  {
    name: 'guildUnitsByUnion',
    description: 'Guild units by the union that licensed them (the key is the union id).',
    collection: 'guildUnits',
    field: 'unionId',
    index: { name: 'guildUnits_by_union_in_id_order', keys: { unionId: 1, _id: 1 } },
  },
  {
    name: 'guildUnitsByChamber',
    description: "Guild units by their union's chamber of guilds (the key is the chamber id).",
    collection: 'guildUnits',
    field: 'chamberId',
    index: { name: 'guildUnits_by_chamber', keys: { chamberId: 1 } },
  },
  {
    name: 'guildUnitsByStatus',
    description: 'Guild units by the licence status recorded on them (ACTIVE, SUSPENDED, EXPIRED).',
    collection: 'guildUnits',
    field: 'status',
    index: { name: 'guildUnits_by_status', keys: { status: 1 } },
  },
  {
    name: 'unionsByChamber',
    description: 'Guild unions by the chamber of guilds they belong to (the key is the chamber id).',
    collection: 'organisations',
    field: 'parentId',
    filter: { kind: 'GUILD_UNION' },
    index: { name: 'organisations_by_kind_and_parent', keys: { kind: 1, parentId: 1 } },
  },
  {
    name: 'electionsByChamber',
    description: "Union board elections by the union's chamber of guilds (the key is the chamber id).",
    collection: ELECTION_COLLECTIONS.elections,
    field: 'chamberId',
    index: { name: 'elections_by_chamber', keys: { chamberId: 1 } },
  },
  {
    name: 'electionsByUnion',
    description: 'Union board elections by union (the key is the union id).',
    collection: ELECTION_COLLECTIONS.elections,
    field: 'unionId',
    index: { name: 'elections_by_union', keys: { unionId: 1 } },
  },
];
