/*
 * Starts GraphiQL on the playground page. Loaded after React, ReactDOM and GraphiQL (UMD globals),
 * all served by the gateway, and the result view's scripts; reads its configuration from the page's
 * #playground-config JSON. Plain browser JavaScript on purpose: no build step, no inline script
 * (the page's CSP forbids one).
 */
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('playground-config').textContent);
  var graphiql = window.GraphiQL;

  /** The keys GraphiQL keeps its history and favourites under: `{ queries: [...] }`, `{ favorites: [...] }`, each entry with the Headers tab's text. */
  var OPERATION_LISTS = /^graphiql:(queries|favorites)$/;

  /** A stored history or favourites list without each entry's `headers` (a bearer token); any other text as it is. */
  function withoutHeaders(text) {
    var stored;
    try {
      stored = JSON.parse(text);
    } catch (notJson) {
      return text;
    }
    if (!stored || typeof stored !== 'object') return text;
    Object.keys(stored).forEach(function (list) {
      if (!Array.isArray(stored[list])) return;
      stored[list] = stored[list].map(function (entry) {
        if (!entry || typeof entry !== 'object') return entry;
        var kept = Object.assign({}, entry);
        delete kept.headers;
        return kept;
      });
    });
    return JSON.stringify(stored);
  }

  /**
   * localStorage for GraphiQL, keeping no headers. `shouldPersistHeaders: false` keeps them out of the
   * tabs only: GraphiQL 3 writes each run's headers into its history whatever it says, so a token with
   * personal:read typed in the Headers tab stayed in the browser after the page was closed. The
   * history in the page keeps them (a run from the History panel brings them back until a reload).
   */
  function storageWithoutHeaders(storage) {
    return {
      getItem: function (key) {
        var text = storage.getItem(key);
        return text !== null && OPERATION_LISTS.test(key) ? withoutHeaders(text) : text;
      },
      setItem: function (key, value) {
        storage.setItem(key, OPERATION_LISTS.test(key) ? withoutHeaders(value) : value);
      },
      removeItem: function (key) {
        storage.removeItem(key);
      },
      clear: function () {
        storage.clear();
      },
      get length() {
        return storage.length;
      },
    };
  }

  var storage = storageWithoutHeaders(graphiql.createLocalStorage({ namespace: config.storageNamespace }));
  // Lists an earlier playground stored with headers (under this set of examples or an earlier one) are written again without them.
  Object.keys(window.localStorage).forEach(function (key) {
    if (!/^registries-playground-[0-9a-f]+:graphiql:(queries|favorites)$/.test(key)) return;
    window.localStorage.setItem(key, withoutHeaders(window.localStorage.getItem(key) || ''));
  });
  var resultView = window.RegistriesPlayground.resultView;
  // JSON POSTs to the gateway (content-type application/json, so CSRF prevention lets them through),
  // one JSON answer each (the gateway sends no incremental delivery). The recorder remembers which
  // request gave which answer, for the result view's download of every page.
  var recorder = resultView.createRecorder(graphiql.createFetcher({ url: new URL(config.endpoint, window.location.href).toString(), enableIncrementalDelivery: false }), 20);
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(
      graphiql,
      {
        fetcher: recorder.fetcher,
        defaultTabs: config.examples,
        // Tabs and history are kept per set of examples: a new set opens with its own tabs.
        storage: storage,
        visiblePlugin: graphiql.React.DOC_EXPLORER_PLUGIN,
        defaultEditorToolsVisibility: true,
        isHeadersEditorEnabled: true,
        // A bearer token typed in the Headers tab is not written to localStorage (nor to the history: storage above).
        shouldPersistHeaders: false,
        defaultTheme: 'light',
      },
      // The footer is inside the response pane; playground.css puts it on top, as the view's tabs.
      React.createElement(graphiql.Footer, null, React.createElement(resultView.ResultView, { recorder: recorder })),
    ),
  );
})();
