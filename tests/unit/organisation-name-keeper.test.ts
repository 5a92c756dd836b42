import { GraphQLResolveInfo } from 'graphql';
import { RegistryList } from '../../gateway/directory/registries';
import { directoryResolvers } from '../../gateway/directory/resolvers';

const names = { fa: 'x', ar: 'x', fr: 'x', en: 'x' };
const registries = new RegistryList((['labs', 'auditors', 'engineering'] as const).map((key) => ({ key, enumValue: key.toUpperCase(), names })));
const { Organisation } = directoryResolvers(registries);
const info = { fieldName: 'name', parentType: { name: 'Organisation' }, path: { key: 'name', prev: undefined } } as unknown as GraphQLResolveInfo;

describe("an organisation's name", () => {
  it('is the one its own registry keeps, though a registry earlier in the configuration names it otherwise', () => {
    const organisation = { id: 'auditors:society', labs: { name: 'نام ساختگی' }, auditors: { name: 'جامعه حسابداران رسمی ایران' } };
    expect(Organisation.name(organisation as never, {}, {}, info)).toBe('جامعه حسابداران رسمی ایران');
  });

  it('is none when only another registry names it', () => {
    expect(Organisation.name({ id: 'auditors:society', labs: { name: 'نام ساختگی' }, auditors: null } as never, {}, {}, info)).toBeNull();
  });
});
