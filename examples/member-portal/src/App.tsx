import { useMemo, useState } from 'react';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { ApolloProvider, useMutation, useQuery } from '@apollo/client/react';
import { graphClient } from './client';
import { CastBallotDocument, LabelsDocument, MeDocument, type MeQuery } from './gql/graphql';

const TOKEN_KEY = 'member-portal-token';

/** Signs in with a development token (`npm run -s token -- --subject <national code>`), kept for this tab only. */
export function App() {
  const [token, setToken] = useState(() => sessionStorage.getItem(TOKEN_KEY) ?? '');
  const client = useMemo(() => (token ? graphClient(token) : undefined), [token]);
  if (!client) {
    return (
      <SignIn
        onSignIn={(value) => {
          sessionStorage.setItem(TOKEN_KEY, value);
          setToken(value);
        }}
      />
    );
  }
  return (
    <ApolloProvider client={client}>
      <button
        onClick={() => {
          sessionStorage.removeItem(TOKEN_KEY);
          setToken('');
        }}
      >
        خروج
      </button>
      <Portal />
    </ApolloProvider>
  );
}

function SignIn({ onSignIn }: { onSignIn: (token: string) => void }) {
  const [value, setValue] = useState('');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (value.trim()) onSignIn(value.trim());
      }}
    >
      <label>
        توکن ورود (<bdi>development token</bdi>)
        <textarea name="token" value={value} onChange={(event) => setValue(event.target.value)} dir="ltr" rows={4} cols={60} />
      </label>
      <button type="submit">ورود</button>
    </form>
  );
}

type CodedError = { message: string; extensions?: Record<string, unknown> };

/** The errors' `extensions.code`s and messages, for the person to act on (a refused request's too: 401, 403). */
function describeError(error: unknown): string {
  // A code is whatever the server sent (a string, by convention), shown as String() shows it.
  const codeOf = (e: CodedError): unknown => e.extensions?.code ?? 'ERROR';
  const describe = (errors: readonly CodedError[]) => errors.map((e) => `${String(codeOf(e))}: ${e.message}`).join('; ');
  if (CombinedGraphQLErrors.is(error)) return describe(error.errors);
  if (ServerError.is(error)) {
    try {
      const body = JSON.parse(error.bodyText) as { errors?: CodedError[] };
      if (body.errors?.length) return describe(body.errors);
    } catch {
      // not JSON: the status says what there is to say
    }
  }
  return error instanceof Error ? error.message : String(error);
}

/** Labels of the enums shown, by enum then value, in Persian (the graph's `labels`). */
function useLabels(): (enumName: string, value: string) => string {
  const { data } = useQuery(LabelsDocument, { variables: { locale: 'FA' } });
  return (enumName, value) => data?.labels.find((labels) => labels.enum === enumName)?.values.find((entry) => entry.value === value)?.label ?? value;
}

function Portal() {
  const { data, error, loading } = useQuery(MeDocument);
  const label = useLabels();
  if (loading && !data) return <p>…</p>;
  if (error)
    return (
      <p role="alert" dir="auto">
        {describeError(error)}
      </p>
    );
  const me = data?.me;
  if (!me)
    return (
      <p role="alert" dir="ltr">
        UNAUTHENTICATED
      </p>
    );
  return (
    <main>
      <h1 data-testid="me-name">{me.fullName ?? me.nationalCode}</h1>
      <p>
        کد ملی: <bdi data-testid="me-code">{me.nationalCode}</bdi>
      </p>
      <h2>عضویت‌ها</h2>
      <ul>
        {me.memberships.map((membership) => (
          <li key={membership.registry}>
            {label('Registry', membership.registry)}
            <ul>
              {membership.roles.map((role) => (
                <li key={`${role.organisation.id}:${role.body}:${role.position}`}>
                  {label('Position', role.position)}، {role.body}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <h2>گواهی‌ها</h2>
      <ul>
        {me.credentials.map((credential) => (
          <li key={credential.id}>
            <bdi>{credential.title}</bdi>: {label('CredentialStatus', credential.status)}
            {credential.daysRemaining !== null && <> ({credential.daysRemaining} روز مانده)</>}
          </li>
        ))}
      </ul>
      <h2>انتخابات</h2>
      {me.guildElections.length === 0 && <p>انتخاباتی که اکنون بتوانید در آن رأی دهید نیست.</p>}
      {me.guildElections.map((entry) => (
        <Election key={entry.election.id} entry={entry} />
      ))}
    </main>
  );
}

type OwnElection = NonNullable<MeQuery['me']>['guildElections'][number];

/** One open election: its candidates to choose from (up to its seats), or that you have voted. */
function Election({ entry }: { entry: OwnElection }) {
  const { election, hasVoted } = entry;
  const [chosen, setChosen] = useState<string[]>([]);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();
  const [cast, { loading }] = useMutation(CastBallotDocument, { refetchQueries: [MeDocument] });
  const submit = async () => {
    try {
      await cast({ variables: { electionId: election.id, choices: chosen } });
      setOutcome({ ok: true, text: 'رأی شما ثبت شد.' });
    } catch (error) {
      setOutcome({ ok: false, text: describeError(error) });
    }
  };
  return (
    <section data-testid="election" data-election-id={election.id}>
      <h3>{election.title}</h3>
      {hasVoted && !outcome && <p data-testid="has-voted">رأی شما ثبت شده است.</p>}
      {!hasVoted && outcome?.ok !== true && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <p>تا {election.seats} نفر را برگزینید:</p>
          {election.candidates.map((candidate) => (
            <label key={candidate.ballotChoice}>
              <input
                type="checkbox"
                name="choice"
                value={candidate.ballotChoice}
                checked={chosen.includes(candidate.ballotChoice)}
                disabled={!chosen.includes(candidate.ballotChoice) && chosen.length >= election.seats}
                onChange={(event) => setChosen((now) => (event.target.checked ? [...now, candidate.ballotChoice] : now.filter((code) => code !== candidate.ballotChoice)))}
              />
              {candidate.fullName}
            </label>
          ))}
          <button type="submit" disabled={loading || chosen.length === 0}>
            ثبت رأی
          </button>
        </form>
      )}
      {outcome && (
        <p data-testid={outcome.ok ? 'vote-accepted' : 'vote-refused'} role={outcome.ok ? 'status' : 'alert'} dir="auto">
          {outcome.text}
        </p>
      )}
    </section>
  );
}
