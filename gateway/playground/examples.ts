/**
 * The operations the playground opens with, one tab each (issue #7, item 1). They run anonymously:
 * personal fields (national codes, contacts) need a `personal:read` token in the Headers tab, which
 * each operation's comment says where it matters. `tests/e2e/playground-examples.test.ts` validates
 * every one against the composed supergraph's API schema, so a renamed field fails a test.
 */
export interface PlaygroundExample {
  /** The operation's name, which GraphiQL shows as the tab's title. */
  name: string;
  /** The GraphQL document, one named operation. */
  query: string;
  /** Variables as JSON text, when the operation takes any. */
  variables?: string;
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

const OVERDUE_RESOLUTIONS = `# Resolutions still open after their due date, across every registry. \`asOf\` fixes
# the day (Gregorian or Solar Hijri); without it, today.
query OverdueResolutions {
  overdueResolutions(asOf: "1391-07-01", first: 10) {
    totalCount
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

const JOINT_PROJECTS = `# Joint projects in which the auditors society takes part, with their lead and
# cooperating organisations resolved by the registries that keep them.
query JointProjects {
  jointProjects(registry: AUDITORS) {
    totalCount
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
  { name: 'OverdueResolutions', query: OVERDUE_RESOLUTIONS },
  { name: 'ElectionResult', query: ELECTION_RESULT },
  { name: 'JointProjects', query: JOINT_PROJECTS },
];
