import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { z } from 'zod';
import { COMMON_SECTIONS, ConfigurationSection, SUBGRAPH_SECTIONS, VariableDoc } from '../shared/config';
import { GATEWAY_SECTIONS } from '../gateway/configuration-sections';

/** Where the generated page lives, from the repository's root. */
export const CONFIGURATION_PAGE = 'docs/configuration.md';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A variable's documentation, as its schema carries it (shared/config/variables.ts puts it there). */
function docOf(name: string, schema: z.core.$ZodType): VariableDoc {
  const meta = z.globalRegistry.get(schema);
  const { description, accepts, default: fallback } = meta ?? {};
  if (typeof description !== 'string' || typeof accepts !== 'string') throw new Error(`${name} has no description or accepted values in its schema`);
  return { description, accepts, ...(typeof fallback === 'string' ? { default: fallback } : {}) };
}

function sectionMarkdown(section: ConfigurationSection): string {
  const rows = Object.entries(section.variables.shape).map(([name, schema]) => {
    const doc = docOf(name, schema);
    return `| \`${name}\` | ${cell(doc.description)} | ${doc.default === undefined ? 'unset' : cell(doc.default)} | ${cell(doc.accepts)} |`;
  });
  return [`## ${section.title}`, '', `Read by ${section.readBy}.`, '', '| Variable | What it does | Default | Accepted values |', '| --- | --- | --- | --- |', ...rows, ''].join(
    '\n',
  );
}

/** docs/configuration.md, generated from the configuration schema (`npx tsx scripts/configuration-docs.ts` writes it), formatted as Prettier would. */
export async function configurationPage(): Promise<string> {
  const file = join(__dirname, '..', CONFIGURATION_PAGE);
  const text = [
    '# Configuration',
    '',
    "<!-- Generated from the configuration schema (shared/config and the gateway's settings modules) by `npx tsx scripts/configuration-docs.ts`; do not edit by hand. -->",
    '',
    'Every service reads its configuration from environment variables, once, at start. An empty value counts as unset. Switches accept',
    '`true`/`false`, `1`/`0`, `yes`/`no` and `on`/`off` in any case; numbers are whole numbers (`1_000` allowed) within the range given. A value',
    'that is not accepted stops the service at start-up, and every refused variable is named at once, with what it accepts.',
    '',
    ...[...GATEWAY_SECTIONS, ...SUBGRAPH_SECTIONS, ...COMMON_SECTIONS].map(sectionMarkdown),
  ].join('\n');
  return format(text, { ...(await resolveConfig(file)), filepath: file });
}
