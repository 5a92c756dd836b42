import { refusalReason } from '../../gateway/directory/registry-helpers';

/**
 * A registry's errors to the gateway's helper fields (`_organisationsAmong`, `_membersAmong`...)
 * reach the client inside one error: the registry chooses how many and how long, so only the first
 * few, cut short, are repeated (audit, 2026-12-07: 200,000 of them were joined whole).
 */
describe("the reason a registry's helper field failed", () => {
  it('repeats the first three messages, each cut at 200 characters, and counts the rest', () => {
    const errors = Array.from({ length: 200_000 }, (_, i) => ({ message: `error ${i} ${'x'.repeat(1_000)}` }));
    const reason = refusalReason(errors);
    expect(reason.length).toBeLessThan(700);
    expect(reason).toMatch(/^error 0 x+…; error 1 x+…; error 2 x+… \(and 199997 more\)$/);
  });

  it('says the words of a short refusal as they are, and says when there were none', () => {
    expect(refusalReason([{ message: 'the store is down' }])).toBe('the store is down');
    expect(refusalReason([{ message: 42 }])).toBe('an error without a message');
    expect(refusalReason(undefined)).toBe('no data');
    expect(refusalReason([])).toBe('no data');
  });
});
