/**
 * Per-request loaders without touching a subgraph's context factory: made once for each request's
 * context (the `loaders` object is new for every request) and dropped with it.
 */
export function perRequest<R, L>(factory: (repository: R) => L): (context: { loaders: object; repository: R }) => L {
  const made = new WeakMap<object, L>();
  return ({ loaders, repository }) => {
    let own = made.get(loaders);
    if (!own) {
      own = factory(repository);
      made.set(loaders, own);
    }
    return own;
  };
}
