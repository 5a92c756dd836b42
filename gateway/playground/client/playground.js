/*
 * Starts GraphiQL on the playground page. Loaded after React, ReactDOM and GraphiQL (UMD globals),
 * all served by the gateway; reads its configuration from the page's #playground-config JSON.
 * Plain browser JavaScript on purpose: no build step, no inline script (the page's CSP forbids one).
 */
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('playground-config').textContent);
  var graphiql = window.GraphiQL;
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(graphiql, {
      // JSON POSTs to the gateway (content-type application/json, so CSRF prevention lets them through).
      fetcher: graphiql.createFetcher({ url: new URL(config.endpoint, window.location.href).toString() }),
      defaultTabs: config.examples,
      // Tabs and history are kept per set of examples: a new set opens with its own tabs.
      storage: graphiql.createLocalStorage({ namespace: config.storageNamespace }),
      visiblePlugin: graphiql.React.DOC_EXPLORER_PLUGIN,
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      // A bearer token typed in the Headers tab is not written to localStorage.
      shouldPersistHeaders: false,
      defaultTheme: 'light',
    }),
  );
})();
