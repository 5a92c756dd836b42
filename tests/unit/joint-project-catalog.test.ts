import { RegistryList } from '../../gateway/directory/registries';
import { selectProjectIds } from '../../gateway/directory/resolvers';

const names = { fa: 'x', ar: 'x', fr: 'x', en: 'x' };
const registries = new RegistryList((['labs', 'auditors', 'engineering'] as const).map((key) => ({ key, enumValue: key.toUpperCase(), names })));

/** One registry's catalog entry as a registry answers it: `lead` when it leads the project, with the cooperating organisations it records. */
const entry = (id: string, cooperatingIds: string[], lead = false) => ({
  project: { id },
  leadStatus: lead ? ('ACTIVE' as const) : null,
  registryKeys: [...new Set(cooperatingIds.map((organisationId) => organisationId.split(':')[0]!))],
  cooperatingIds,
});

describe('jointProjects(registry:) lists a project under a registry that does not lead it', () => {
  it('when the lead and that registry record the same organisation of it', () => {
    const catalog = {
      labs: [entry('labs:p', ['engineering:tehran'], true)],
      engineering: [entry('labs:p', ['engineering:tehran'])],
    };
    expect(selectProjectIds(registries, catalog, { registry: 'engineering' })).toEqual(['labs:p']);
  });

  it('not when the lead invited one of its organisations and the registry offered another: neither takes part', () => {
    const catalog = {
      labs: [entry('labs:p', ['engineering:tehran'], true)],
      engineering: [entry('labs:p', ['engineering:fars'])],
    };
    expect(selectProjectIds(registries, catalog, { registry: 'engineering' })).toEqual([]);
    expect(selectProjectIds(registries, catalog, { registry: 'labs' })).toEqual(['labs:p']);
  });

  it("not when a third registry records the registry's organisation in the lead's project", () => {
    const catalog = {
      labs: [entry('labs:p', ['engineering:tehran'], true)],
      auditors: [entry('labs:p', ['engineering:fars'])],
      engineering: [entry('labs:p', ['engineering:fars'])],
    };
    expect(selectProjectIds(registries, catalog, { registry: 'engineering' })).toEqual([]);
  });
});

describe('jointProjects lists a project', () => {
  it("only where its lead's registry lists it with a status: another registry's entry claiming to lead it makes none", () => {
    const catalog = {
      labs: [entry('labs:p', [], true)],
      // auditors, not the lead of labs:q or engineering:r, answers as if it were.
      auditors: [entry('labs:q', ['auditors:society'], true), entry('engineering:r', [], true)],
    };
    expect(selectProjectIds(registries, catalog, {})).toEqual(['labs:p']);
    expect(selectProjectIds(registries, catalog, { registry: 'auditors' })).toEqual([]);
  });
});
