import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * One copy of graphql in the install. Two copies would make a schema built by one unusable by the
 * other (graphql-js tells them apart by `instanceof`), and graphql-js only says so itself when it is
 * not loaded in production mode, the mode of a production deployment (NODE_ENV=production) and of
 * the test files (tests/support/jest-setup.ts). So the install is held to one copy here.
 */

const ROOT = join(__dirname, '..', '..');

/** Every folder under node_modules holding a package named graphql, at any depth. */
function graphqlCopies(folder: string): string[] {
  const copies: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    if (entry.name.startsWith('@')) {
      copies.push(...graphqlCopies(path));
      continue;
    }
    if (entry.name === 'graphql' && existsSync(join(path, 'package.json'))) {
      const manifest = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')) as { name?: string };
      if (manifest.name === 'graphql') copies.push(relative(ROOT, path));
    }
    const nested = join(path, 'node_modules');
    if (existsSync(nested)) copies.push(...graphqlCopies(nested));
  }
  return copies;
}

describe('the graphql the product runs on', () => {
  it('is one copy in the install', () => {
    expect(graphqlCopies(join(ROOT, 'node_modules'))).toEqual([join('node_modules', 'graphql')]);
  });

  it('is the one every Apollo package the product uses resolves', () => {
    const own = require.resolve('graphql', { paths: [ROOT] });
    for (const dependent of ['@apollo/server', '@apollo/gateway', '@apollo/subgraph', '@apollo/composition', '@apollo/query-planner', '@apollo/federation-internals']) {
      const from = join(ROOT, 'node_modules', dependent);
      expect({ dependent, graphql: require.resolve('graphql', { paths: [from] }) }).toEqual({ dependent, graphql: own });
    }
  });

  it('is loaded in production mode by the test files, as the product loads it', () => {
    // In development mode graphql-js throws this for an object of its own class made by another copy; in production mode it answers false.
    const { isObjectType } = jest.requireActual<typeof import('graphql')>('graphql');
    const lookalike = { [Symbol.toStringTag]: 'GraphQLObjectType' };
    expect(isObjectType(lookalike)).toBe(false);
    expect(process.env.NODE_ENV).toBe('test');
  });
});
