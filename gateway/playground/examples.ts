/**
 * The operations the playground opens with, one tab each: the analysts' common questions (issues
 * #7 and #16). Most run anonymously; one that needs a scope names it in `scopes` and says in its
 * comment which token to put in the Headers tab. Lists are connections that take `$first` and
 * `$after`, so the result view can download every page as CSV; counts side by side (aliases) chart
 * as bars. `tests/e2e/playground-examples.test.ts` validates every one against the composed
 * supergraph's API schema and runs it through the gateway, so a renamed field fails a test.
 */
export interface PlaygroundExample {
  /** The operation's name, which GraphiQL shows as the tab's title. */
  name: string;
  /** The GraphQL document, one named operation. */
  query: string;
  /** Variables as JSON text, when the operation takes any. */
  variables?: string;
  /** The scopes a token in the Headers tab needs for the operation to be answered; none: anonymous. */
  scopes?: readonly string[];
}

const SHARED_MEMBER = `# Seed 002: Saeed Tajik chairs the auditors society's board and sits on the labs
# association's board; a name search finds him whichever way the name is typed.
# Looking someone up by national code, person(nationalCode: "..."), and reading
# \`nationalCode\` or \`contact\` back, need a token with personal:read in the Headers tab:
# {"Authorization": "Bearer <npm run -s token -- --scopes personal:read>"}
query SharedMember {
  labsMembers(search: "سعید تاجیک") {
    nodes {
      fullName
      registries
      labs { roles { body position organisation { id name } } }
      auditors {
        roles { body position organisation { name } }
        certifications { kind field grade validUntil { iso jalali } }
      }
    }
  }
}
`;

const SHARED_MEMBERS = `# The people who belong to both the labs association and the auditors society,
# computed across the two registries and paged (pass pageInfo.endCursor as \`after\`).
query SharedMembers($first: Int = 10, $after: String) {
  sharedMembers(registries: [LABS, AUDITORS], first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      fullName
      registries
      labs { roles { position organisation { name } } }
      auditors { roles { position organisation { name } } }
    }
  }
}
`;

const MEMBERS_PER_REGISTRY = `# How many people each registry holds, side by side: one count per alias, which the
# result view's Chart tab draws as bars.
query MembersPerRegistry {
  labs: labsMembers(first: 1) { totalCount }
  auditors: auditorsMembers(first: 1) { totalCount }
  engineering: engineeringMembers(first: 1) { totalCount }
  guilds: guildsMembers(first: 1) { totalCount }
}
`;

const EXPIRING_CREDENTIALS = `# Credentials of every registry that run out within 90 days of \`asOf\` (either
# calendar; without it, today), with their holders. The Table tab's "CSV: every page"
# follows \`$after\` through all of them.
query ExpiringCredentials($first: Int = 20, $after: String) {
  credentials(expiringWithinDays: 90, asOf: "1405-08-30", first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      registry
      kind
      number
      title
      validUntil { iso jalali }
      holder { ... on Person { fullName } ... on Organisation { name } }
    }
  }
}
`;

const OVERDUE_RESOLUTIONS = `# Resolutions still open after their due date, across every registry. \`asOf\` fixes
# the day (Gregorian or Solar Hijri); without it, today.
query OverdueResolutions($first: Int = 10, $after: String) {
  overdueResolutions(asOf: "1391-07-01", first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      text
      dueDate { iso jalali }
      responsible { name registry }
    }
  }
}
`;

const ELECTION_RESULT = `# Seed 003: the Fars unions elect their boards fully electronically. A published
# election's count, with the elected candidates.
query ElectionResult {
  guildElections(status: PUBLISHED, first: 1) {
    nodes {
      title
      union { name }
      votingDay { iso jalali }
      result {
        ballots
        eligibleVoters
        turnout
        tallies { candidate { fullName } votes elected }
      }
    }
  }
}
`;

const UNION_GUILD_UNITS = `# The guild units (shops and workshops) of one union, seed 003's Shiraz goldsmiths,
# by licence number, with their owners and licence status.
query UnionGuildUnits($unionId: ID = "guilds:fars-union-002", $first: Int = 20, $after: String) {
  guildUnitLicences(unionId: $unionId, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      licenceNumber
      name
      activity
      status
      owner { fullName }
      issuedOn { jalali }
      validUntil { jalali }
    }
  }
}
`;

const JOINT_PROJECTS_PER_REGISTRY = `# How many joint projects, committees and working groups each registry takes part in
# (leading or cooperating): one count per alias, drawn as bars in the Chart tab.
query JointProjectsPerRegistry {
  labs: jointProjects(registry: LABS, first: 1) { totalCount }
  auditors: jointProjects(registry: AUDITORS, first: 1) { totalCount }
  engineering: jointProjects(registry: ENGINEERING, first: 1) { totalCount }
  guilds: jointProjects(registry: GUILDS, first: 1) { totalCount }
}
`;

const JOINT_PROJECTS = `# Joint projects in which the auditors society takes part, with their lead and
# cooperating organisations resolved by the registries that keep them.
query JointProjects($first: Int = 20, $after: String) {
  jointProjects(registry: AUDITORS, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id
      title
      status
      dueDate { iso jalali }
      lead { name registry }
      cooperating { name registry }
    }
  }
}
`;

export const PLAYGROUND_EXAMPLES: readonly PlaygroundExample[] = [
  { name: 'SharedMember', query: SHARED_MEMBER },
  { name: 'SharedMembers', query: SHARED_MEMBERS },
  { name: 'MembersPerRegistry', query: MEMBERS_PER_REGISTRY },
  { name: 'ExpiringCredentials', query: EXPIRING_CREDENTIALS },
  { name: 'OverdueResolutions', query: OVERDUE_RESOLUTIONS },
  { name: 'UnionGuildUnits', query: UNION_GUILD_UNITS },
  { name: 'JointProjects', query: JOINT_PROJECTS },
  { name: 'JointProjectsPerRegistry', query: JOINT_PROJECTS_PER_REGISTRY },
  { name: 'ElectionResult', query: ELECTION_RESULT },
];
