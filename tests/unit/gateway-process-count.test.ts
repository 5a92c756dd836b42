import { gatewayProcessCount, MAX_GATEWAY_PROCESSES } from '../../gateway/processes/settings';

describe('GATEWAY_PROCESSES', () => {
  it('is one process when unset or empty', () => {
    expect(gatewayProcessCount({})).toBe(1);
    expect(gatewayProcessCount({ GATEWAY_PROCESSES: ' ' })).toBe(1);
  });

  it('takes a whole number, or auto for one per core (within the maximum)', () => {
    expect(gatewayProcessCount({ GATEWAY_PROCESSES: '3' })).toBe(3);
    expect(gatewayProcessCount({ GATEWAY_PROCESSES: 'AUTO' }, () => 6)).toBe(6);
    expect(gatewayProcessCount({ GATEWAY_PROCESSES: 'auto' }, () => 500)).toBe(MAX_GATEWAY_PROCESSES);
  });

  it.each(['0', '-1', '1.5', '65', 'two', '2x'])('refuses %s, naming the variable and what it takes', (value) => {
    expect(() => gatewayProcessCount({ GATEWAY_PROCESSES: value })).toThrow(`GATEWAY_PROCESSES must be a whole number from 1 to 64, or auto (one per core); got "${value}"`);
  });
});
