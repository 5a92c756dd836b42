import { ConstDirectiveNode, DocumentNode, Kind, valueFromASTUntyped } from 'graphql';
import { textOf } from '../shared/text/text-of';

/** A directive's argument `name`, as a plain value (undefined when not given). */
export function directiveArgument(directive: ConstDirectiveNode | undefined, name: string): unknown {
  const node = directive?.arguments?.find((a) => a.name.value === name);
  return node ? valueFromASTUntyped(node.value) : undefined;
}

/**
 * Where Apollo's specs are published (`https://specs.apollo.dev/requiresScopes/v0.1`). Composition
 * and Apollo Gateway read `@inaccessible`, `@requiresScopes` and `@authenticated` only from links
 * there: a link to `https://example.com/inaccessible/v0.2` is another spec that bears the name.
 */
export const APOLLO_SPECS = 'https://specs.apollo.dev';

/**
 * The names a supergraph gives directive `@<directive>` of the specs it `@link`s whose URL's
 * feature is `feature` (`https://.../<feature>/v1.0`, or only `<specsAt>/<feature>/v1.0` when
 * `specsAt` says where the spec is published), by the link spec's rules: imported, as
 * itself or renamed (`{ name: "@x", as: "@y" }`); else under the link's namespace (its `as`, or
 * the feature), bare when the directive is named as the feature (`@authenticated`), else
 * `<namespace>__<directive>`.
 */
export function linkedDirectiveNames(document: DocumentNode, feature: string, directive: string, specsAt?: string): Set<string> {
  const names = new Set<string>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const link of definition.directives ?? []) {
      if (link.name.value !== 'link') continue;
      const url = textOf(directiveArgument(link, 'url') ?? '');
      if (specsAt === undefined ? !url.includes(`/${feature}/v`) : !url.startsWith(`${specsAt}/${feature}/v`)) continue;
      const as = directiveArgument(link, 'as');
      const namespace = typeof as === 'string' ? as : feature;
      names.add(directive === feature ? namespace : `${namespace}__${directive}`);
      for (const entry of (directiveArgument(link, 'import') as unknown[] | undefined) ?? []) {
        if (entry === `@${directive}`) names.add(directive);
        else if (typeof entry === 'object' && entry !== null && (entry as { name?: unknown }).name === `@${directive}`) {
          const renamed = (entry as { as?: unknown }).as;
          names.add((typeof renamed === 'string' ? renamed : directive).replace(/^@/, ''));
        }
      }
    }
  }
  return names;
}
