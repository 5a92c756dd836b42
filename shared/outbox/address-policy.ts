import { readConfiguration, webhookVariables } from '../config';
import { BlockList, isIP, LookupFunction } from 'node:net';
import { lookup as dnsLookup } from 'node:dns';

/** The operator setting that lets webhooks reach loopback, private and link-local addresses (README, "Reminders (webhooks)"). */
export const ALLOW_PRIVATE_ADDRESSES_VARIABLE = 'WEBHOOK_ALLOW_PRIVATE_ADDRESSES' as const;

const allowPrivateAddressesVariable = webhookVariables.pick({ [ALLOW_PRIVATE_ADDRESSES_VARIABLE]: true });

/** Whether `WEBHOOK_ALLOW_PRIVATE_ADDRESSES` is on (1, true, yes, on: shared/config's one reading of a switch). */
export function privateAddressesAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return readConfiguration(allowPrivateAddressesVariable, env)[ALLOW_PRIVATE_ADDRESSES_VARIABLE];
}

/**
 * Addresses that are not on the public internet: unspecified, loopback, private (RFC 1918, fc00::/7),
 * carrier-grade NAT, link-local (169.254.0.0/16 with the cloud metadata address, fe80::/10),
 * documentation, benchmarking, multicast, reserved, and IPv4 mapped or translated into IPv6. One
 * list per family: a BlockList checks an IPv4 address against IPv6 ranges too (as ::a.b.c.d), so the
 * IPv4-compatible range ::/96 would otherwise take in every IPv4 address.
 */
const NON_PUBLIC = new BlockList();
const NON_PUBLIC_IPV6 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  // IPv4-compatible (::a.b.c.d, deprecated), IPv4-mapped and IPv4-translated (SIIT, ::ffff:0:a.b.c.d), whole: each holds
  // an IPv4 address, which a network that routes them would reach, private ones included.
  ['::', 96],
  ['::ffff:0:0', 96],
  ['::ffff:0:0:0', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  NON_PUBLIC_IPV6.addSubnet(network, prefix, 'ipv6');

/** Whether `address` (an IP literal, IPv6 with or without brackets) is not a public address; true for anything that is not an IP. */
export function isNonPublicAddress(address: string): boolean {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const family = isIP(bare);
  if (family === 0) return true;
  return family === 4 ? NON_PUBLIC.check(bare, 'ipv4') : NON_PUBLIC_IPV6.check(bare, 'ipv6');
}

/** A host name that names this machine whatever DNS says. */
const isLocalName = (host: string): boolean => {
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
};

/**
 * Why a webhook may not go to `url`'s host as written (an IP literal that is not public, or
 * `localhost`), or undefined; names that resolve are checked again when connecting (guardedLookup).
 */
export function refusedHost(url: URL): string | undefined {
  const host = url.hostname;
  const literal = host.startsWith('[') ? host.slice(1, -1) : host;
  if (isLocalName(literal)) return `${host} is this machine`;
  if (isIP(literal) !== 0 && isNonPublicAddress(literal)) return `${host} is not a public address (loopback, private, link-local or reserved)`;
  return undefined;
}

/** The advice every refusal ends with. */
export const ALLOW_ADVICE = `an operator may allow such targets with ${ALLOW_PRIVATE_ADDRESSES_VARIABLE}=1`;

/**
 * A `lookup` for net/tls connections that resolves with `resolve` (the system's DNS by default)
 * and fails when any address it would connect to is not public, so a name that resolves (or
 * rebinds, between subscription and delivery) to an internal address is never connected to.
 */
export function guardedLookup(resolve: LookupFunction = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const list = Array.isArray(addresses) ? addresses : [{ address: addresses, family: 4 }];
      const refused = list.find(({ address }) => isNonPublicAddress(address));
      if (refused || list.length === 0) {
        // Which address it resolved to is not said: the dead letter's reader would learn the names and addresses of the network inside.
        const problem = Object.assign(new Error(`${hostname} does not resolve to public addresses only; ${ALLOW_ADVICE}`), {
          code: 'EWEBHOOKADDRESS',
        });
        return callback(problem, '', 4);
      }
      if (options.all) return callback(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}
