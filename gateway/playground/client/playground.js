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
        storage: graphiql.createLocalStorage({ namespace: config.storageNamespace }),
        visiblePlugin: graphiql.React.DOC_EXPLORER_PLUGIN,
        defaultEditorToolsVisibility: true,
        isHeadersEditorEnabled: true,
        // A bearer token typed in the Headers tab is not written to localStorage.
        shouldPersistHeaders: false,
        defaultTheme: 'light',
      },
      // The footer is inside the response pane; playground.css puts it on top, as the view's tabs.
      React.createElement(graphiql.Footer, null, React.createElement(resultView.ResultView, { recorder: recorder })),
    ),
  );
})();
