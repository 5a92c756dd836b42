export { membershipUnknown, NewCodeAllowances, RegistryMembership } from './registry-membership';
export { MEMBERSHIP_DEFAULTS } from './settings';
export type { MembershipSettings } from './settings';
export { personScreen } from './person-screen';
export { SubjectScreen } from './subject-screen';
export type { PairwiseSubjectSource } from './subject-screen';
export { KnownPeople } from './known-people';
export type { ScreenLists } from './known-people';
export { ELSEWHERE_BOUND, resolutionScreen, withResolutionScreen } from './resolution-screen';
