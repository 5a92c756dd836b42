import type { Listed } from '../../shared/credentials/resolvers';
import type { AbroadCertificateDocument, EngineeringLicenceRecord } from './documents';

/** A licence as its GraphQL type resolves it: the record and its holder's national code. */
export type HeldLicence = Listed<EngineeringLicenceRecord & { holderCode: string }>;

/** A certificate for working abroad as its GraphQL type resolves it: with its list's `asOf` when listed. */
export type ListedAbroadCertificate = Listed<AbroadCertificateDocument>;
