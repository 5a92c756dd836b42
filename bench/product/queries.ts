/**
 * The product's own operations the benchmark measures (bench/README.md, "The product's own
 * queries"). Each needs `personal:read` (national codes, contacts) except the joint projects.
 */

/** Shared members of labs and auditors, a page of 20, with each registry's fields (README: "Shared members"). */
export const SHARED_MEMBERS = /* GraphQL */ `
  query SharedMembers {
    sharedMembers(registries: [LABS, AUDITORS], first: 20) {
      pageInfo { hasNextPage endCursor }
      nodes {
        nationalCode
        fullName
        registries
        labs { roles { position organisation { name } } }
        auditors { certifications { kind grade } }
      }
    }
  }
`;

/**
 * A page of members with fields from all four registries, nested organisations and personal
 * fields included (tests/integration/store-calls.test.ts checks its store calls too).
 */
export const MEMBERS_PAGE = /* GraphQL */ `
  query Members($first: Int!, $after: String) {
    guildsMembers(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {
        nationalCode
        fullName
        registries
        labs { expertise contact { phone } roles { position organisation { name } } }
        auditors { certifications { kind grade } roles { position organisation { name } } }
        engineering { licence { discipline grade provincialOrganisation { name } } roles { position } }
        guilds { standing contact { email address } guildUnits { name status union { name registry } } roles { position organisation { name } } }
      }
    }
  }
`;

/** Every joint project (all four catalogs), with lead and cooperating organisations (README: "JointProjects"). */
export const JOINT_PROJECTS = /* GraphQL */ `
  query JointProjects {
    jointProjects(first: 50) {
      totalCount
      nodes {
        id
        title
        kind
        status
        dueDate { iso jalali }
        registries
        lead { name registry }
        cooperating { name registry }
      }
    }
  }
`;

/** A filtered page of guild units: one union's licences valid on a fixed day. */
export const UNION_LICENCES = /* GraphQL */ `
  query UnionLicences($unionId: ID!) {
    guildUnitLicences(unionId: $unionId, status: VALID, asOf: "1404-01-01", first: 20) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { licenceNumber name activity status validUntil { iso jalali } }
    }
  }
`;

/** One person with their view in every registry. */
export const PERSON_LOOKUP = /* GraphQL */ `
  query PersonLookup($nationalCode: String!) {
    person(nationalCode: $nationalCode) {
      nationalCode
      fullName
      registries
      labs { expertise roles { position organisation { name } } }
      auditors { roles { position } certifications { kind grade } }
      engineering { licence { discipline grade } roles { position } }
      guilds { standing guildUnits { licenceNumber name status union { name } } roles { position organisation { name } } }
    }
  }
`;
