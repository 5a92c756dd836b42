import { LookupFunction } from 'node:net';
import { personalGrantDays, webhookSettingsFromEnvironment } from '../../shared/outbox/settings';
import { isNonPublicAddress, refusedHost } from '../../shared/outbox/address-policy';
import { newWebhookSecret } from '../../shared/outbox/signature';
import { webhookPoster } from '../../shared/outbox/sender';
import { WebhookReceiver } from '../support/webhook-receiver';

/** A resolver that answers every name with `address`, as a rebinding attacker's DNS would. */
const resolvingTo =
  (address: string, family: 4 | 6 = 4): LookupFunction =>
  (_hostname, options, callback) =>
    options.all ? callback(null, [{ address, family }]) : callback(null, address, family);

describe('where webhooks may go', () => {
  it('tells public addresses from loopback, private, link-local, unspecified and reserved ones', () => {
    for (const address of [
      '127.0.0.1',
      '127.8.9.10',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '0.0.0.0',
      '100.64.0.1',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fc00::1',
      'fd12:3456::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      // IPv4-compatible and IPv4-translated (SIIT) forms of loopback and private addresses (integrity audit, 2026-12-06).
      '::127.0.0.1',
      '::ffff:0:127.0.0.1',
      '::ffff:0:10.0.0.5',
      '[::1]',
    ]) {
      expect([address, isNonPublicAddress(address)]).toEqual([address, true]);
    }
    for (const address of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111']) expect([address, isNonPublicAddress(address)]).toEqual([address, false]);
  });

  it('refuses hosts written as a non-public IP or localhost, and leaves names to the check at connection', () => {
    for (const url of [
      'http://127.0.0.1:8080/hooks',
      'http://2130706433/',
      'http://169.254.169.254/latest/meta-data/',
      'https://10.0.0.5/',
      'http://[::1]/',
      'http://[fe80::1]/',
      'http://[::ffff:7f00:1]/',
      'http://[::127.0.0.1]:5701/x',
      'http://[::ffff:0:127.0.0.1]:5701/x',
      'http://localhost:3000/',
      'http://api.localhost/',
    ]) {
      expect([url, refusedHost(new URL(url))]).toEqual([url, expect.any(String)]);
    }
    for (const url of ['https://office.example.org/hooks', 'http://8.8.8.8/', 'http://[2606:4700:4700::1111]/']) expect([url, refusedHost(new URL(url))]).toEqual([url, undefined]);
  });

  describe('at delivery', () => {
    const secret = newWebhookSecret();
    const receiver = new WebhookReceiver(() => secret);
    beforeAll(() => receiver.start());
    afterAll(() => receiver.stop());
    const attempt = (url: string) => ({
      url,
      secret,
      id: 'e1',
      timestampSeconds: Math.floor(Date.now() / 1000),
      body: JSON.stringify({ id: 'e1', type: 't', sequence: 1 }),
      deadlineMs: 5_000,
    });
    const byName = () => receiver.url.replace('127.0.0.1', 'hooks.example.test');

    it('does not connect to a name that resolves to a loopback address, nor to a loopback IP, and says why', async () => {
      const requestsBefore = receiver.requests;
      const guarded = webhookPoster({ allowPrivateAddresses: false, lookup: resolvingTo('127.0.0.1') });
      const rebound = await guarded(attempt(byName()));
      expect(rebound).toMatchObject({
        ok: false,
        status: null,
        error: expect.stringMatching(/hooks\.example\.test does not resolve to public addresses only.*WEBHOOK_ALLOW_PRIVATE_ADDRESSES=1/),
      });
      // Where the name led is not said: whoever reads the dead letters would learn the network inside.
      expect(rebound.error).not.toContain('127.0.0.1');
      const literal = await guarded(attempt(receiver.url));
      expect(literal).toMatchObject({ ok: false, status: null, error: expect.stringMatching(/not a public address.*WEBHOOK_ALLOW_PRIVATE_ADDRESSES=1/) });
      const metadata = await webhookPoster({ allowPrivateAddresses: false, lookup: resolvingTo('169.254.169.254') })(attempt('http://metadata.example.test/latest'));
      expect(metadata).toMatchObject({ ok: false, status: null, error: expect.stringMatching(/metadata\.example\.test does not resolve to public addresses only/) });
      expect(metadata.error).not.toContain('169.254');
      expect(receiver.requests).toBe(requestsBefore);
    });

    it('connects to them when the operator allows private addresses', async () => {
      const allowed = webhookPoster({ allowPrivateAddresses: true, lookup: resolvingTo('127.0.0.1') });
      expect(await allowed(attempt(byName()))).toMatchObject({ ok: true });
      expect(receiver.badSignatures).toBe(0);
      expect(receiver.processed.map(({ id }) => id)).toEqual(['e1']);
    });
  });
});

describe('the webhook settings of this change', () => {
  it('reads WEBHOOK_ALLOW_PRIVATE_ADDRESSES (off unless set) and WEBHOOK_PERSONAL_GRANT_DAYS (30, 1 to 365)', () => {
    expect(webhookSettingsFromEnvironment({})?.allowPrivateAddresses).toBe(false);
    expect(webhookSettingsFromEnvironment({ WEBHOOK_ALLOW_PRIVATE_ADDRESSES: '1' })?.allowPrivateAddresses).toBe(true);
    expect(personalGrantDays({})).toBe(30);
    expect(personalGrantDays({ WEBHOOK_PERSONAL_GRANT_DAYS: '7' })).toBe(7);
    expect(() => personalGrantDays({ WEBHOOK_PERSONAL_GRANT_DAYS: '0' })).toThrow(/WEBHOOK_PERSONAL_GRANT_DAYS.*1 to 365/);
  });
});
