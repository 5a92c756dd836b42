/** The chamber programmes feature of the guilds subgraph (issue #4, item 5); its schema is programmes.graphql. */
export { programmesContext } from './context';
export type { ProgrammesContext } from './context';
export { programmesDemoCollections } from './demo-data';
export { ProgrammesRepository } from './repository';
export { programmesResolvers } from './resolvers';
