import { limitRefusals } from '../../shared/limits';
import { LimitRefusal } from '../../shared/limits/errors';
import { MESSAGE_LOCALES } from '../../shared/messages/catalog';
import { localizeError } from '../../shared/messages/localize';

const asClientSees = (refusal: LimitRefusal) => ({ message: refusal.message, extensions: refusal.extensions });

describe('the limits refusals in the callers languages', () => {
  const general = limitRefusals({
    variable: (limit) => `LIMIT_${limit}`,
    room: (limit) =>
      limit === 'COST' || limit === 'ALIASES' || limit === 'ROOT_FIELDS' ? { scope: 'registries:analyst', limit: 200_000, variable: `LIMIT_ANALYST_${limit}` } : undefined,
  });
  const subgraph = limitRefusals('SUBGRAPH_LIMIT_');
  const refusals: Record<string, LimitRefusal> = {
    tooDeepToRead: general.tooDeepToRead(12),
    tooManyTokens: general.tooManyTokens(5_000),
    tooManyAliases: general.tooManyAliases('Wide', 61, 30),
    tooManyRootFields: general.tooManyRootFields('Wide', 12, 10),
    tooCostly: general.tooCostly('Heavy', 102_927, 50_000),
    tooCostlyInASubgraph: subgraph.tooCostly('anonymous', 102_927, 50_000),
    introspectionDisabled: general.introspectionDisabled('__schema'),
    tooComplexToValidate: general.tooComplexToValidate(),
  };

  it.each(Object.keys(refusals))('%s carries a message id and reads differently in each language, with its figures and variable', (name) => {
    const refusal = refusals[name]!;
    expect(refusal.extensions.messageId).toEqual(expect.any(String));
    const texts = MESSAGE_LOCALES.map((locale) => localizeError(asClientSees(refusal), locale).message);
    expect(new Set(texts).size).toBe(MESSAGE_LOCALES.length);
    const params = (refusal.extensions.params ?? {}) as Record<string, string | number>;
    const figures = Object.entries(params)
      .filter(([key]) => key !== 'operation' && key !== 'name')
      .map(([, value]) => String(value));
    for (const text of texts) for (const figure of figures) expect(text).toContain(figure);
  });

  it('tells of the analysts room only where they have more', () => {
    expect(refusals.tooCostly!.message).toContain('Callers holding the registries:analyst scope may send up to 200,000 (LIMIT_ANALYST_COST).');
    expect(localizeError(asClientSees(refusals.tooCostly!), 'fa').message).toContain('registries:analyst');
    expect(refusals.tooCostlyInASubgraph!.message).not.toContain('analyst');
    expect(refusals.tooCostlyInASubgraph!.message).toContain('The operation has an estimated cost of 102,927; the limit is 50,000 (SUBGRAPH_LIMIT_COST).');
  });
});
