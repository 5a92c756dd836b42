import { ALL_SUBGRAPHS } from '../support/graph';
import { perAssociationDatabases } from '../support/databases';
import { storesUnderTest } from '../support/stores';
import { Store } from '../../shared/store/port';
import { prepareStore } from '../../shared/server/run';

/** Every lookup and sort the repositories do, by collection: `_id_` serves keys, national codes and keyset pages. */
const SHARED_INDEXES: Record<string, string[]> = {
  people: ['_id_', 'people_nameKey', 'people_sortKey'],
  // The organisation lists' filters (kind, parent, province, status), each in id order; the counts' measures
  // (shared/aggregate/measures.ts) each have an index that covers their grouped count (by province: the list's).
  organisations: [
    '_id_',
    'organisations_nameKey',
    'organisations_sortKey',
    'organisations_by_kind',
    'organisations_by_parent',
    'organisations_by_province',
    'organisations_by_status',
    'organisations_by_city',
  ],
  projects: ['_id_', 'projects_by_status'],
  roles: ['_id_', 'roles_by_person', 'roles_by_organisation'],
  participations: ['_id_', 'participations_by_project', 'participations_by_organisation'],
  // Governance (shared/governance/repository.ts), in every registry: committee seats, meetings, resolutions
  // (meetingSeries is read by `_id` only and has no index of its own, so it may not exist before a series does).
  projectMembers: ['_id_', 'projectMembers_by_person', 'projectMembers_by_project', 'projectMembers_seat'],
  meetings: ['_id_', 'meetings_by_attendee', 'meetings_by_series', 'meetings_by_status'],
  resolutions: ['_id_', 'resolutions_by_due', 'resolutions_by_responsible', 'resolutions_by_meeting', 'resolutions_by_status_due'],
  // The search index (shared/search/index.ts): looked up by terms, counted and rebuilt by kind.
  searchEntries: ['_id_', 'searchEntries_terms', 'searchEntries_by_kind'],
};
const OWN_INDEXES: Record<string, Record<string, string[]>> = {
  guilds: {
    // Unions per chamber (subgraphs/guilds/measures.ts): kind, then the chamber.
    organisations: [...SHARED_INDEXES.organisations!, 'organisations_by_kind_and_parent'],
    guildUnits: ['_id_', 'guildUnits_by_owner', 'guildUnits_by_union_in_id_order', 'guildUnits_by_licence_expiry', 'guildUnits_by_chamber', 'guildUnits_by_status'],
    // Union elections (subgraphs/guilds/elections/repository.ts): the voter index is unique (one ballot each).
    elections: ['_id_', 'elections_by_union', 'elections_by_chamber', 'elections_by_province_and_opening', 'elections_by_opening'],
    election_candidates: ['_id_', 'election_candidates_by_election'],
    election_voters: ['_id_', 'election_voters_one_ballot'],
    election_ballots: ['_id_', 'election_ballots_by_election_and_state'],
    union_board_terms: ['_id_', 'union_board_terms_by_union'],
    union_board_seats: ['_id_', 'union_board_seats_by_term', 'union_board_seats_by_person', 'union_board_seats_by_union'],
    // Chambers' programmes (subgraphs/guilds/programmes/repository.ts).
    chamber_programmes: ['_id_', 'chamber_programmes_by_chamber'],
    programme_indicators: ['_id_', 'programme_indicators_by_programme'],
    structured_projects: ['_id_', 'structured_projects_by_chamber', 'structured_projects_by_programme'],
    structured_project_stages: ['_id_', 'structured_project_stages_by_project'],
    partnership_agreements: ['_id_', 'partnership_agreements_by_chamber', 'partnership_agreements_by_programme'],
    programme_indicator_values: ['_id_', 'programme_indicator_values_by_programme'],
  },
  // Credentials (shared/credentials/): what their lists filter and sort on.
  labs: { organisations: [...SHARED_INDEXES.organisations!, 'laboratories_by_accreditation_expiry'] },
  auditors: {
    organisations: [...SHARED_INDEXES.organisations!, 'inspectionBodies_by_accreditation_expiry'],
    certifications: ['_id_', 'certifications_by_holder', 'certifications_by_expiry'],
  },
  engineering: {
    people: [...SHARED_INDEXES.people!, 'people_by_licence_number', 'people_by_licence_expiry'],
    courseCompletions: ['_id_', 'courseCompletions_by_person'],
    abroadCertificates: ['_id_', 'abroadCertificates_by_holder', 'abroadCertificates_by_expiry'],
    licenceNumbers: ['_id_', 'licenceNumbers_by_holder'],
  },
};

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`indexes after start-up on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    const databases = perAssociationDatabases(candidate);
    afterAll(() => databases.dropAll());

    it.each(ALL_SUBGRAPHS.map((definition) => [definition.key, definition] as const))('%s has them all, and creating them twice is harmless', async (key, definition) => {
      const store: Store = await databases.open(key);
      try {
        const instance = definition.create(store);
        await prepareStore(instance, { seedDemoData: true });
        await prepareStore(instance, { seedDemoData: true });
        const expected = { ...SHARED_INDEXES, ...(OWN_INDEXES[key] ?? {}) };
        for (const [collection, names] of Object.entries(expected)) {
          expect({ collection, indexes: (await store.collection(collection).listIndexNames()).sort() }).toEqual({ collection, indexes: [...names].sort() });
        }
      } finally {
        await store.close();
      }
    });
  });
}
