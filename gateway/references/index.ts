export { collectReferences } from './collect-references';
export type { GivenReference } from './collect-references';
export { referenceCheckPlugin } from './plugin';
export type { ReferenceCheckOptions } from './plugin';
export { currentReferenceSchema, referenceSchemaOf } from './reference-fields';
export type { ReferenceKind, ReferenceSchema } from './reference-fields';
export { referenceLookupFor } from './reference-lookup';
export type { ReferenceLookup } from './reference-lookup';
export { referenceProblems } from './reference-problems';
