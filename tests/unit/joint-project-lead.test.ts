import { GraphQLResolveInfo } from 'graphql';
import { RegistryList } from '../../gateway/directory/registries';
import { directoryResolvers } from '../../gateway/directory/resolvers';

const names = { fa: 'x', ar: 'x', fr: 'x', en: 'x' };
const registries = new RegistryList((['labs', 'auditors', 'engineering', 'nurses'] as const).map((key) => ({ key, enumValue: key.toUpperCase(), names })));
const { JointProject } = directoryResolvers(registries);
const info = { fieldName: 'registries', parentType: { name: 'JointProject' }, path: { key: 'registries', prev: undefined } } as unknown as GraphQLResolveInfo;

const participant = (organisationId: string, role: 'LEAD' | 'COOPERATING') => ({ role, organisation: { id: organisationId } });
const view = (participants: ReturnType<typeof participant>[]) => ({ record: null, participants, members: [] });

describe("a joint project's lead and registries", () => {
  // auditors leads it with labs cooperating, both recorded; nurses' view says engineering leads it.
  const project = {
    id: 'auditors:joint-supervision',
    auditors: view([participant('auditors:society', 'LEAD'), participant('labs:association', 'COOPERATING')]),
    labs: view([participant('labs:association', 'COOPERATING')]),
    nurses: view([participant('engineering:central-council', 'LEAD'), participant('nurses:association', 'LEAD')]),
  };

  it("are the lead's registry's word: another registry's view naming a lead makes no registry take part", () => {
    expect(JointProject.registries(project as never, {}, {}, info)).toEqual(['LABS', 'AUDITORS']);
    expect(JointProject.lead(project as never, {}, {}, info)).toEqual({ id: 'auditors:society' });
  });

  it("take the project's title, mandate, deadline and status from the lead's registry alone", () => {
    const record = (title: string, status: string, iso: string) => ({ title, mandate: title, dueDate: { iso, jalali: iso }, status });
    // labs comes before auditors in the configuration, and its view gives auditors' project a record of its own.
    const views = {
      ...project,
      auditors: { ...project.auditors, record: record('نظارت مشترک', 'ACTIVE', '2027-01-01') },
      labs: { ...project.labs, record: record('عنوان ساختگی', 'CANCELLED', '2030-01-01') },
    };
    for (const field of ['title', 'mandate', 'status'] as const) {
      expect(JointProject[field](views as never, {}, {}, { ...info, fieldName: field })).toBe(field === 'status' ? 'ACTIVE' : 'نظارت مشترک');
    }
    expect(JointProject.dueDate(views as never, {}, {}, { ...info, fieldName: 'dueDate' })).toEqual({ iso: '2027-01-01', jalali: '2027-01-01' });
    // The lead's registry answered without a record: none, whatever another's view says.
    const unrecorded = { ...views, auditors: project.auditors };
    expect(JointProject.title(unrecorded as never, {}, {}, { ...info, fieldName: 'title' })).toBeNull();
  });

  it("take no lead the lead's registry records of another registry", () => {
    const named = { id: 'auditors:p', auditors: view([participant('engineering:central-council', 'LEAD')]) };
    expect(JointProject.lead(named as never, {}, {}, info)).toBeNull();
    expect(JointProject.registries(named as never, {}, {}, info)).toEqual([]);
  });
});
