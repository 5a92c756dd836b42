/** The elections feature of the guilds subgraph (issue #4, item 3): union board elections held electronically; its schema is elections.graphql. */
export { electionsContext } from './context';
export type { ElectionsContext } from './context';
export { electionsDemoCollections } from './demo-data';
export { ElectionsRepository } from './repository';
export { electionsResolvers } from './resolvers';
