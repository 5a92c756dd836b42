import { getOperationAST, GraphQLError, parse } from 'graphql';
import { checkConditionVariables } from '../../gateway/limits/condition-variables';

/**
 * A `@skip` or `@include` decided by a variable that is not true or false is refused (BAD_USER_INPUT),
 * but only among the conditions the operation that runs reads: another operation of the same
 * document reads its own variables, which may share a name with this one's (audit, 2026-12-07).
 */
const DOCUMENT = parse(`
  query Members($after: String) { labsMembers(first: 5, after: $after) { totalCount } }
  query Member($code: String!, $after: Boolean = false) { person(nationalCode: $code) { fullName ...Labs } }
  fragment Labs on Person { labs @include(if: $after) { expertise } }
`);

const check = (operationName: string, variables: Record<string, unknown>): GraphQLError | undefined => {
  try {
    checkConditionVariables(DOCUMENT, getOperationAST(DOCUMENT, operationName)!, variables);
    return undefined;
  } catch (error) {
    return error as GraphQLError;
  }
};

describe('condition variables', () => {
  it("takes an operation whose variable shares its name with another operation's condition variable", () => {
    expect(check('Members', {})).toBeUndefined();
    expect(check('Members', { after: null })).toBeUndefined();
    expect(check('Members', { after: 'bGFiczoxMA' })).toBeUndefined();
  });

  it('refuses a condition variable sent null in the operation that runs, fragments included', () => {
    expect(check('Member', { code: '0061234508', after: null })?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(check('Member', { code: '0061234508' })).toBeUndefined();
    expect(check('Member', { code: '0061234508', after: true })).toBeUndefined();
  });
});
