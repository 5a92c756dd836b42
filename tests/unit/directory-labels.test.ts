import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { graphql, GraphQLSchema } from 'graphql';
import { buildDirectory, DirectoryPlan, graphRegistries } from '../../gateway/directory';
import { HttpRegistryHelpers } from '../../gateway/directory/registry-helpers';
import { RegistryMembership } from '../../gateway/membership';
import { AddedErrors } from '../../gateway/execution/added-errors';

/**
 * The directory's `labels` (issue #18, item 3) for registries given by configuration: a registry's
 * `Registry` value is named as supergraph.yaml names it, in a language it leaves out as the
 * registry's own labels name itself; its own enums come from its `_enumLabels`, and only those it
 * declares alone (another registry's enums and the shared ones are not its to label); a registry
 * that cannot be reached leaves its labels out, with an error naming it.
 */

const OWN_LABELS = {
  Registry: { LABS: { fa: 'آزمایشگاه‌ها', ar: 'المختبرات', fr: 'Laboratoires', en: 'Labs (own name)' } },
  LabsThing: { ONE: { fa: 'یک', ar: 'واحد', fr: 'Un', en: 'One' } },
};

function labsRegistry(): Promise<Server> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ data: { _enumLabels: JSON.stringify(OWN_LABELS) } }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('labels of registries given by configuration', () => {
  let labs: Server;
  let closedPort: number;
  beforeAll(async () => {
    labs = await labsRegistry();
    const gone = await labsRegistry(); // a port nothing answers on once it is closed
    closedPort = (gone.address() as AddressInfo).port;
    await new Promise((resolve) => gone.close(resolve));
  });
  afterAll(() => new Promise((resolve) => labs.close(resolve)));

  it('names a registry as configured, else as it names itself, and reports one it cannot reach', async () => {
    const plan: DirectoryPlan = {
      registries: graphRegistries([{ name: 'labs' }, { name: 'nurses' }], {
        labs: { names: { en: 'Iranian laboratories', fa: 'انجمن آزمایشگاه‌ها' } },
        nurses: { enumValue: 'NURSING', names: { en: 'Nurses' } },
      }),
      credentialKinds: [],
      registryEnums: { labs: ['LabsThing'], nurses: [] },
    };
    const urls: Record<string, string> = {
      labs: `http://127.0.0.1:${(labs.address() as AddressInfo).port}/graphql`,
      nurses: `http://127.0.0.1:${closedPort}/graphql`,
    };
    const transport = {
      send: async ({ subgraph, body }: { subgraph: string; body: string }) => {
        const response = await fetch(urls[subgraph]!, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const text = await response.text();
        return { url: urls[subgraph]!, status: response.status, statusText: response.statusText, headers: {}, text, body: () => JSON.parse(text) as unknown };
      },
    };
    const directory = buildDirectory(plan, { transport, membership: new RegistryMembership(new HttpRegistryHelpers({ transport })) });
    const label = async (locale: string, enumName: string) => {
      const added = new AddedErrors();
      const result = await graphql({ schema: directory.schema, source: `{ labels(locale: ${locale}, enums: ["${enumName}"]) { enum values { value label } } }`, rootValue: added });
      expect(result.errors).toBeUndefined();
      const values = (result.data as { labels: { values: { value: string; label: string }[] }[] }).labels[0]?.values ?? [];
      return { values: Object.fromEntries(values.map(({ value, label: text }) => [value, text])), errors: added.errors };
    };
    const en = await label('EN', 'Registry');
    expect(en.values).toEqual({ LABS: 'Iranian laboratories', NURSING: 'Nurses' });
    expect(en.errors.map((error) => [error.extensions.code, error.message])).toEqual([['SUBGRAPH_UNAVAILABLE', expect.stringMatching(/nurses/)]]);
    expect((await label('FA', 'Registry')).values).toEqual({ LABS: 'انجمن آزمایشگاه‌ها' });
    expect((await label('AR', 'Registry')).values).toEqual({ LABS: 'المختبرات' });
    expect((await label('FR', 'LabsThing')).values).toEqual({ ONE: 'Un' });
  });

  it("keeps of a registry's labels only its own enums', whether or not the enum's registry answers", async () => {
    // Nurses first, so its labels would win: it labels a labs enum, a shared enum's value the shared labels leave out, and its own.
    const nursesLabels = {
      Registry: { NURSING: { en: 'Nurses (own name)' } },
      NursesThing: { TWO: { fa: 'دو', ar: 'اثنان', fr: 'Deux', en: 'Two' } },
      LabsThing: { ONE: { en: 'One, say the nurses' }, ELEVEN: { en: 'Eleven, say the nurses' } },
      PersonOrder: { SALARY: { en: 'By salary, say the nurses' } },
    };
    const answers: Record<string, object | undefined> = { nurses: nursesLabels, labs: OWN_LABELS };
    const transport = {
      send: async ({ subgraph }: { subgraph: string }) => {
        const labels = answers[subgraph];
        if (!labels) throw new Error(`${subgraph} is down`);
        const text = JSON.stringify({ data: { _enumLabels: JSON.stringify(labels) } });
        return { url: `http://${subgraph}.invalid/graphql`, status: 200, statusText: 'OK', headers: {}, text, body: () => JSON.parse(text) as unknown };
      },
    };
    const plan: DirectoryPlan = {
      registries: graphRegistries([{ name: 'nurses' }, { name: 'labs' }], { nurses: { enumValue: 'NURSING' } }),
      credentialKinds: [],
      registryEnums: { nurses: ['NursesThing'], labs: ['LabsThing'] },
    };
    const warnings: string[] = [];
    const log = { warn: (message: string) => void warnings.push(message) };
    // A directory asks each registry once: a fresh one for each state of the registries.
    const directory = () => buildDirectory(plan, { transport, log, membership: new RegistryMembership(new HttpRegistryHelpers({ transport })) });
    const labels = async (schema: GraphQLSchema, enums: string[]) => {
      const result = await graphql({ schema, source: `{ labels(locale: EN, enums: ${JSON.stringify(enums)}) { enum values { value label } } }`, rootValue: new AddedErrors() });
      expect(result.errors).toBeUndefined();
      const served = (result.data as { labels: { enum: string; values: { value: string; label: string }[] }[] }).labels;
      return Object.fromEntries(served.map((entry) => [entry.enum, Object.fromEntries(entry.values.map(({ value, label }) => [value, label]))]));
    };

    const allUp = directory().schema;
    const own = { LabsThing: { ONE: 'One' }, NursesThing: { TWO: 'Two' }, PersonOrder: { NATIONAL_CODE: 'By national code', NAME: 'By name' } };
    expect(await labels(allUp, ['LabsThing', 'NursesThing', 'PersonOrder'])).toEqual(own);
    expect(await labels(allUp, ['LabsThing', 'NursesThing', 'PersonOrder'])).toEqual(own);
    expect(warnings).toEqual([
      expect.stringMatching(/^the nurses registry's _enumLabels label LabsThing, an enum it does not declare alone .*left out/),
      expect.stringMatching(/^the nurses registry's _enumLabels label PersonOrder, an enum it does not declare alone .*left out/),
    ]);
    answers.labs = undefined;
    expect(await labels(directory().schema, ['LabsThing', 'NursesThing'])).toEqual({ NursesThing: { TWO: 'Two' } });
  });
});
