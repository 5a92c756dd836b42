import { GraphQLError } from 'graphql';
import { InputChecker } from '../../shared/errors';
import { checkDate, checkNationalCode, checkText } from '../../shared/validation';
import { pageSize, toPage } from '../../shared/graphql/pagination';

function thrown(run: () => void): GraphQLError {
  try {
    run();
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error('expected an error');
}

describe('InputChecker', () => {
  it('reports every problem at once as BAD_USER_INPUT naming each field', () => {
    const checker = new InputChecker();
    checkNationalCode(checker, 'nationalCode', '0061234509');
    checkText(checker, 'fullName', '   ', { max: 10 });
    checkText(checker, 'body', 'x'.repeat(11), { max: 10 });
    const error = thrown(() => checker.throwIfAny());
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/nationalCode: the check digit/);
    expect(error.message).toMatch(/fullName: must not be empty/);
    expect(error.message).toMatch(/body: must have at most 10 characters; got 11/);
    expect(error.extensions.problems).toHaveLength(3);
  });

  it('passes clean input through', () => {
    const checker = new InputChecker();
    expect(checkText(checker, 'name', '  سعید   تاجیک ', { max: 20 })).toBe('سعید تاجیک');
    expect(checkDate(checker, 'since', '1391-03-31')).toBe('2012-06-20');
    expect(checkDate(checker, 'since', '2012-06-20')).toBe('2012-06-20');
    expect(checkDate(checker, 'since', undefined)).toBeUndefined();
    expect(checker.ok).toBe(true);
  });

  it('refuses dates that are neither Gregorian nor Jalali', () => {
    const checker = new InputChecker();
    checkDate(checker, 'since', '2012-13-40');
    checkDate(checker, 'until', 'tomorrow');
    expect(thrown(() => checker.throwIfAny()).message).toMatch(/since: .*until: /);
  });
});

describe('pagination', () => {
  it('bounds page sizes', () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(100)).toBe(100);
    expect(thrown(() => pageSize(0)).message).toMatch(/first: must be a whole number from 1 to 100/);
    expect(() => pageSize(101)).toThrow();
  });

  it('builds a page from size + 1 rows, ending at the position of the last row (sealed later, list-cursors.ts)', () => {
    const page = toPage(['a', 'b', 'c'], 2, 7, (row) => row);
    expect(page).toEqual({ nodes: ['a', 'b'], totalCount: 7, pageInfo: { hasNextPage: true, endCursor: 'b' } });
    expect(toPage([], 2, 0, (row: string) => row).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});
