/*
 * Every page of a connection, for the CSV download: whether the operation can be run again page
 * after page (a query whose connection field takes `after` from a variable), and the run itself,
 * following `pageInfo.endCursor` until `hasNextPage` is false. The cursors are the server's and
 * opaque: they are passed back as they came. Plain JavaScript: the playground page loads it as
 * window.RegistriesPlayground.connectionPages, the unit tests require() it (connection-pages.d.ts).
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else (root.RegistriesPlayground = root.RegistriesPlayground || {}).connectionPages = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  /** A download stops after this many pages, whatever the server says: a runaway guard, far above any registry. */
  var MAX_PAGES = 10000;

  function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  /** The field whose response key (alias, else name) is `key` in a selection set, fragments included. */
  function fieldIn(selectionSet, key, fragments) {
    var selections = (selectionSet && selectionSet.selections) || [];
    for (var i = 0; i < selections.length; i += 1) {
      var selection = selections[i];
      var found;
      if (selection.kind === 'Field') found = (selection.alias || selection.name).value === key ? selection : undefined;
      else if (selection.kind === 'InlineFragment') found = fieldIn(selection.selectionSet, key, fragments);
      else if (selection.kind === 'FragmentSpread' && fragments[selection.name.value]) found = fieldIn(fragments[selection.name.value].selectionSet, key, fragments);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Whether the connection at `connectionPath` (response keys from the top) of the operation can be
   * downloaded page by page: `{ pageable: true, field, afterVariable, firstVariable }`, or
   * `{ pageable: false, field, reason }` with a sentence saying what to change. `graphql` is
   * graphql-js (GraphiQL carries it in the page).
   */
  function pagingPlan(graphql, query, operationName, connectionPath) {
    var document;
    try {
      document = graphql.parse(query);
    } catch (error) {
      return { pageable: false, reason: 'The operation does not parse: ' + error.message };
    }
    var fragments = Object.create(null);
    var operations = [];
    document.definitions.forEach(function (definition) {
      if (definition.kind === 'FragmentDefinition') fragments[definition.name.value] = definition;
      if (definition.kind === 'OperationDefinition') operations.push(definition);
    });
    var operation = operationName
      ? operations.filter(function (o) {
          return o.name && o.name.value === operationName;
        })[0]
      : operations.length === 1
        ? operations[0]
        : undefined;
    if (!operation) return { pageable: false, reason: 'The document has several operations and none is named.' };
    if (operation.operation !== 'query') return { pageable: false, reason: 'Only a query is run again for its next pages (a ' + operation.operation + ' could change data).' };
    var field;
    var selectionSet = operation.selectionSet;
    for (var i = 0; i < connectionPath.length; i += 1) {
      field = fieldIn(selectionSet, connectionPath[i], fragments);
      if (!field) return { pageable: false, reason: 'The operation has no field ' + connectionPath.slice(0, i + 1).join('.') + '.' };
      selectionSet = field.selectionSet;
    }
    var name = field.name.value;
    var argument = function (argumentName) {
      return (field.arguments || []).filter(function (a) {
        return a.name.value === argumentName;
      })[0];
    };
    var after = argument('after');
    var first = argument('first');
    if (!after || after.value.kind !== 'Variable') {
      return {
        pageable: false,
        field: name,
        reason:
          name +
          ' does not take `after` from a variable, so only this page can be downloaded. To download every page, ' +
          'declare `$after: String` (and `$first: Int`) in the operation and pass `after: $after` (and `first: $first`) to ' +
          name +
          '.',
      };
    }
    return {
      pageable: true,
      field: name,
      afterVariable: after.value.name.value,
      firstVariable: first && first.value.kind === 'Variable' ? first.value.name.value : undefined,
    };
  }

  /** The connection object at `path` of a page's data, or an Error saying what is wrong with the page. */
  function connectionIn(result, path, page) {
    if (!isObject(result)) return new Error('Page ' + page + ' is not a GraphQL answer.');
    if (Array.isArray(result.errors) && result.errors.length > 0) {
      var messages = result.errors
        .map(function (error) {
          return error && error.message;
        })
        .join('; ');
      return new Error('Page ' + page + ' came back with errors, so the download stopped: ' + messages);
    }
    var value = result.data;
    for (var i = 0; i < path.length; i += 1) value = isObject(value) ? value[path[i]] : undefined;
    if (!isObject(value) || !Array.isArray(value.nodes)) return new Error('Page ' + page + ' has no ' + path.join('.') + '.nodes.');
    return value;
  }

  /**
   * Runs the operation from the first page to the last and gathers every item of the connection's
   * `nodes`. `options`: `run(variables)` sends the operation (same text, name and headers as the
   * shown result) and resolves to its result; `variables` the ones it was run with; `plan` from
   * `pagingPlan`; `connectionPath`; `firstPage`, the shown result when it is the first page (it is
   * not fetched again); `onPage({ pages, rows })` after each page; `cancelled()` asked before each.
   * Resolves to `{ items, pages }`; rejects with an Error naming the page that failed, or when a
   * page says there is a next one without a new cursor.
   */
  function fetchAllPages(options) {
    var plan = options.plan;
    var variables = Object.assign({}, options.variables || {});
    variables[plan.afterVariable] = null;
    var items = [];
    var pages = 0;
    var cursors = Object.create(null);

    function next(result) {
      pages += 1;
      var connection = connectionIn(result, options.connectionPath, pages);
      if (connection instanceof Error) throw connection;
      items.push.apply(items, connection.nodes);
      if (options.onPage) options.onPage({ pages: pages, rows: items.length });
      var pageInfo = connection.pageInfo;
      if (!isObject(pageInfo)) throw new Error('Page ' + pages + ' has no pageInfo: select pageInfo { hasNextPage endCursor } in the connection.');
      if (!pageInfo.hasNextPage) return { items: items, pages: pages };
      var cursor = pageInfo.endCursor;
      if (typeof cursor !== 'string' || cursor === '' || cursors[cursor]) throw new Error('Page ' + pages + ' says more follow but gives no new endCursor; the download stopped.');
      if (pages >= MAX_PAGES) throw new Error('The download stopped after ' + MAX_PAGES + ' pages.');
      cursors[cursor] = true;
      variables = Object.assign({}, variables);
      variables[plan.afterVariable] = cursor;
      return fetchPage();
    }

    function fetchPage() {
      if (options.cancelled && options.cancelled()) return Promise.reject(new Error('The download was cancelled.'));
      return Promise.resolve(options.run(variables)).then(next);
    }

    if (options.firstPage) {
      return Promise.resolve(options.firstPage).then(next);
    }
    return fetchPage();
  }

  /** Whether the variables a result was run with start at the first page (no `after`, or a null one). */
  function startsAtFirstPage(variables, plan) {
    return !variables || variables[plan.afterVariable] === undefined || variables[plan.afterVariable] === null;
  }

  return { pagingPlan: pagingPlan, fetchAllPages: fetchAllPages, startsAtFirstPage: startsAtFirstPage, MAX_PAGES: MAX_PAGES };
});
