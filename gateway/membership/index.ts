export { membershipUnknown, RegistryMembership } from './registry-membership';
export { MEMBERSHIP_DEFAULTS } from './settings';
export type { MembershipSettings } from './settings';
export { personScreen } from './person-screen';
