import type { ResolverTypesSource } from '../../shared/registry/resolver-types-source';
import { engineeringSubgraph } from '.';

/** How scripts/generate-resolver-types.ts types the engineering resolvers (generated/resolvers-types.ts): their context, and the documents each type is resolved from. */
export const resolverTypes: ResolverTypesSource = {
  schema: engineeringSubgraph.schema,
  contextType: '../context#EngineeringContext',
  mappers: {
    EngineeringMember: '../documents#EngineeringPersonDocument',
    EngineeringOrganisation: '../documents#EngineeringOrganisationDocument',
    EngineeringLicence: '../credential-views#HeldLicence',
    CompletedTrainingCourse: '../documents#CourseCompletionDocument',
    TrainingCourse: '../courses#TrainingCourse as TrainingCourseRecord',
    AbroadCertificate: '../credential-views#ListedAbroadCertificate',
  },
};
