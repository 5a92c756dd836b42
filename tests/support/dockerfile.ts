import { readFileSync } from 'node:fs';

/** One instruction of a Dockerfile: `RUN npm ci` is `{ keyword: 'RUN', value: 'npm ci' }`. */
export interface Instruction {
  keyword: string;
  value: string;
}

/** A build stage: its `FROM` image, its `AS` name, and its instructions after `FROM`. */
export interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

/** A Dockerfile's stages, in order (comments dropped, continued lines joined). */
export function readDockerfile(file: string): Stage[] {
  const lines = readFileSync(file, 'utf8')
    .replace(/\\\r?\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, keyword = '', value = ''] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === 'FROM') {
      const [from = '', as, name] = value.split(/\s+/);
      stages.push({ from, ...(as?.toUpperCase() === 'AS' && name ? { name } : {}), instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), value });
    }
  }
  return stages;
}

/** The values of a stage's instructions with this keyword. */
export const valuesOf = (stage: Stage, keyword: string): string[] => stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.value);

/** The `ENV` of a stage, as `name=value` pairs (the form this Dockerfile writes). */
export function environmentOfStage(stage: Stage): Record<string, string> {
  return Object.fromEntries(valuesOf(stage, 'ENV').flatMap((value) => [...value.matchAll(/(\w+)=("[^"]*"|\S+)/g)].map(([, name, raw]) => [name!, raw!.replace(/^"|"$/g, '')])));
}
