import { guildsDemoData } from '../../subgraphs/guilds/demo-data';
import { TestGraph } from './graph';

const RENEW = `mutation Renew($input: RenewGuildUnitLicenceInput!) { renewGuildUnitLicence(input: $input) { licenceNumber } }`;

/**
 * Renews, through the gateway, the licences of the demo's units recorded ACTIVE in `unionIds` to
 * five years from today. A union's voters and candidates need a licence valid on the day, and the
 * demo's licences (issued 1400-1403, for five years) lapse as the real days pass; `token` needs `guilds:admin`.
 */
export async function renewDemoLicences(graph: TestGraph, token: string, unionIds: readonly string[]): Promise<void> {
  const fiveYearsOn = new Date(Date.now() + 5 * 365 * 86_400_000).toISOString().slice(0, 10);
  const units = guildsDemoData().guildUnits.filter((unit) => unit.status === 'ACTIVE' && unionIds.includes(unit.unionId));
  if (units.length === 0) throw new Error(`no active demo units in ${unionIds.join(', ')}`);
  for (const unit of units) {
    const { errors } = await graph.query(RENEW, { input: { licenceNumber: unit._id, validUntil: fiveYearsOn } }, token);
    if (errors) throw new Error(`renewing ${unit._id}: ${errors[0]!.message}`);
  }
}
