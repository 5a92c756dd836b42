/*
 * The result view beside GraphiQL's JSON (issue #16, item 3): tabs at the top of the response pane
 * switch between the JSON, a table of any list in the result (sortable; Persian and Arabic cells
 * right to left; numbers in the locale chosen; a CSV download, of every page of a connection when
 * the operation pages by an `$after` variable) and a chart of an aggregate-shaped result.
 * Browser only: window.RegistriesPlayground.resultView, after React, GraphiQL, result-data.js,
 * connection-pages.js and result-chart.js. It reads the response GraphiQL shows (so switching
 * GraphiQL's tabs switches the view) and the request that produced it, which `createRecorder`'s
 * fetcher remembers.
 */
(function () {
  'use strict';
  var h = React.createElement;
  var useState = React.useState;
  var useEffect = React.useEffect;
  var useMemo = React.useMemo;
  var useRef = React.useRef;
  var playground = window.RegistriesPlayground;
  var resultData = playground.resultData;
  var connectionPages = playground.connectionPages;
  var resultChart = playground.resultChart;

  function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  /**
   * A fetcher that remembers, for the last few answers, the request that produced each, keyed by
   * the text GraphiQL shows the answer as (`JSON.stringify(result, null, 2)`, GraphiQL's own
   * formatting): the download runs that request again for the next pages, with the same headers.
   */
  function createRecorder(fetcher, limit) {
    var requests = new Map();
    return {
      fetcher: function (params, options) {
        return Promise.resolve(fetcher(params, options)).then(function (result) {
          if (params.operationName !== 'IntrospectionQuery' && isObject(result)) {
            requests.set(JSON.stringify(result, null, 2), {
              query: params.query,
              operationName: params.operationName || undefined,
              variables: params.variables || {},
              headers: (options && options.headers) || {},
            });
            if (requests.size > limit) requests.delete(requests.keys().next().value);
          }
          return result;
        });
      },
      requestFor: function (text) {
        return requests.get(text);
      },
      /** Runs a remembered request again with other variables. */
      run: function (request, variables) {
        return Promise.resolve(fetcher({ query: request.query, operationName: request.operationName, variables: variables }, { headers: request.headers }));
      },
    };
  }

  function parseResult(text) {
    if (!text || text.trim().charAt(0) !== '{') return null;
    try {
      var value = JSON.parse(text);
      return isObject(value) ? value : null;
    } catch (error) {
      return null;
    }
  }

  var pathText = function (path) {
    return path.length > 0 ? path.join('.') : 'the top level';
  };

  var NUMBER_LOCALES = { en: 'en-US', fa: 'fa-IR' };

  function numberFormatter(locale) {
    var format = new Intl.NumberFormat(NUMBER_LOCALES[locale] || 'en-US', { maximumFractionDigits: 20 });
    return function (number) {
      return format.format(number);
    };
  }

  /** Saves `text` as a file the browser downloads. */
  function saveFile(name, text, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.style.display = 'none';
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 60000);
  }

  function csvName(request, path) {
    return ((request && request.operationName) || 'result') + '-' + path.join('.').replace(/[^\w.-]+/g, '_') + '.csv';
  }

  /** A table cell: text isolated in its own direction, list items each isolated, numbers in the chosen locale. */
  function cell(value, column, format) {
    if (value === null || value === undefined) return h('td', { key: column, className: 'rv-empty' });
    if (typeof value === 'number') return h('td', { key: column, className: 'rv-number' }, format(value));
    var items = resultData.listItems(value);
    if (items) {
      return h(
        'td',
        { key: column, dir: 'auto', className: 'rv-list' },
        items.map(function (item, index) {
          return h('bdi', { key: index, dir: 'auto' }, item);
        }),
      );
    }
    return h('td', { key: column, dir: 'auto' }, resultData.cellText(value));
  }

  function TableView(props) {
    var lists = props.lists;
    var pickedState = useState(null);
    var picked = pickedState[0];
    var sortState = useState(null);
    var sort = sortState[0];
    var setSort = sortState[1];
    var list =
      lists.filter(function (l) {
        return l.path.join('.') === picked;
      })[0] || lists[0];
    var listKey = list ? list.path.join('.') : '';
    var table = useMemo(
      function () {
        return list ? resultData.tableOf(list.items) : { columns: [], rows: [] };
      },
      [list],
    );
    var rows = useMemo(
      function () {
        return sort && sort.list === listKey && table.columns.indexOf(sort.column) >= 0 ? resultData.sortRows(table.rows, sort.column, sort.direction) : table.rows;
      },
      [table, sort, listKey],
    );
    if (!list) return h('p', { className: 'rv-message' }, 'This result holds no list. Run an operation that selects one, such as a page of members.');
    var sortBy = function (column) {
      var ascending = !(sort && sort.list === listKey && sort.column === column && sort.direction === 'ascending');
      setSort({ list: listKey, column: column, direction: ascending ? 'ascending' : 'descending' });
    };
    return h(
      'div',
      { className: 'rv-table-view' },
      h(
        'div',
        { className: 'rv-toolbar' },
        h(
          'label',
          null,
          'List ',
          h(
            'select',
            {
              className: 'rv-list-picker',
              value: listKey,
              onChange: function (event) {
                pickedState[1](event.target.value);
              },
            },
            lists.map(function (l) {
              var key = l.path.join('.');
              return h('option', { key: key, value: key }, key + ' (' + l.items.length + ')');
            }),
          ),
        ),
        h('span', { className: 'rv-count' }, table.rows.length + (table.rows.length === 1 ? ' row' : ' rows')),
        h(DownloadBar, { result: props.result, list: list, table: table, request: props.request, recorder: props.recorder }),
      ),
      h(
        'div',
        { className: 'rv-scroll' },
        h(
          'table',
          { className: 'rv-table' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              table.columns.map(function (column) {
                var active = sort && sort.list === listKey && sort.column === column;
                return h(
                  'th',
                  { key: column, scope: 'col', 'aria-sort': active ? sort.direction : 'none' },
                  h(
                    'button',
                    {
                      type: 'button',
                      title: 'Sort by ' + column,
                      onClick: function () {
                        sortBy(column);
                      },
                    },
                    column,
                    h('span', { className: 'rv-sort-mark', 'aria-hidden': 'true' }, active ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''),
                  ),
                );
              }),
            ),
          ),
          h(
            'tbody',
            null,
            rows.map(function (row, index) {
              return h(
                'tr',
                { key: index },
                table.columns.map(function (column) {
                  return cell(row[column], column, props.format);
                }),
              );
            }),
          ),
        ),
      ),
    );
  }

  /**
   * The CSV buttons: this page always; every page when the list is a connection's `nodes` and the
   * operation that produced it takes `after` from a variable (else a sentence saying what to change).
   */
  function DownloadBar(props) {
    var list = props.list;
    var request = props.request;
    var stateHolder = useState({ status: 'idle' });
    var state = stateHolder[0];
    var setState = stateHolder[1];
    var cancelled = useRef(false);
    var listKey = list.path.join('.');
    useEffect(
      function () {
        setState({ status: 'idle' });
      },
      [props.result, listKey],
    );

    var connection = resultData.connectionOf(props.result.data, list);
    var plan = null;
    var note = null;
    if (connection && connection.pageInfoMissing) note = 'Select pageInfo { hasNextPage endCursor } in ' + pathText(connection.path) + ' to download every page.';
    else if (connection && !request) note = 'Run the operation (▶) to download every page of ' + pathText(connection.path) + '.';
    else if (connection) {
      plan = connectionPages.pagingPlan(window.GraphiQL.GraphQL, request.query, request.operationName, connection.path);
      if (!plan.pageable) {
        note = plan.reason;
        plan = null;
      }
    }

    var thisPage = function () {
      saveFile(csvName(request, list.path), resultData.toCsv(props.table.columns, props.table.rows), 'text/csv;charset=utf-8');
      setState({ status: 'done', message: 'Saved ' + props.table.rows.length + ' rows (this page).' });
    };

    var everyPage = function () {
      cancelled.current = false;
      setState({ status: 'running', pages: 0, rows: 0 });
      connectionPages
        .fetchAllPages({
          run: function (variables) {
            return props.recorder.run(request, variables);
          },
          variables: request.variables,
          plan: plan,
          connectionPath: connection.path,
          firstPage: connectionPages.startsAtFirstPage(request.variables, plan) ? props.result : undefined,
          onPage: function (progress) {
            setState({ status: 'running', pages: progress.pages, rows: progress.rows });
          },
          cancelled: function () {
            return cancelled.current;
          },
        })
        .then(function (all) {
          var table = resultData.tableOf(all.items);
          saveFile(csvName(request, list.path), resultData.toCsv(table.columns, table.rows), 'text/csv;charset=utf-8');
          setState({ status: 'done', message: 'Saved ' + all.items.length + ' rows from ' + all.pages + (all.pages === 1 ? ' page.' : ' pages.') });
        })
        .catch(function (error) {
          setState({ status: 'failed', message: error.message });
        });
    };

    var running = state.status === 'running';
    return h(
      'div',
      { className: 'rv-download' },
      plan
        ? h(
            'button',
            { type: 'button', className: 'rv-button rv-download-all', disabled: running, onClick: everyPage, title: 'Runs the operation again from the first page to the last' },
            'CSV: every page',
          )
        : null,
      h('button', { type: 'button', className: 'rv-button rv-download-page', disabled: running, onClick: thisPage }, plan ? 'CSV: this page' : 'CSV'),
      running
        ? h(
            'button',
            {
              type: 'button',
              className: 'rv-button',
              onClick: function () {
                cancelled.current = true;
              },
            },
            'Cancel',
          )
        : null,
      h(
        'span',
        { className: 'rv-download-status' + (state.status === 'failed' ? ' rv-failed' : ''), role: 'status' },
        running ? 'Fetching: ' + state.pages + ' pages, ' + state.rows + ' rows…' : state.message || note || '',
      ),
    );
  }

  function ChartView(props) {
    var charts = props.charts;
    var pickedState = useState(null);
    var chart =
      charts.filter(function (c) {
        return c.path.join('.') === pickedState[0];
      })[0] || charts[0];
    if (!chart) {
      return h(
        'p',
        { className: 'rv-message' },
        'Nothing to chart in this result. A chart draws a list of { key or label, count } (bars), a list of { registries, count } ' +
          '(an overlap of registries), or two or more named counts, as aliases make them: { a: firstList { totalCount } b: secondList { totalCount } }.',
      );
    }
    var chartKey = chart.path.join('.');
    return h(
      'div',
      { className: 'rv-chart-view' },
      h(
        'div',
        { className: 'rv-toolbar' },
        h(
          'label',
          null,
          'Chart ',
          h(
            'select',
            {
              className: 'rv-chart-picker',
              value: chartKey,
              onChange: function (event) {
                pickedState[1](event.target.value);
              },
            },
            charts.map(function (c) {
              var key = c.path.join('.');
              return h('option', { key: key, value: key }, pathText(c.path) + (c.kind === 'overlap' ? ' (overlap)' : ' (groups)'));
            }),
          ),
        ),
      ),
      h(
        'div',
        { className: 'rv-scroll rv-chart-area' },
        chart.kind === 'overlap'
          ? h(resultChart.OverlapBars, { combinations: chart.combinations, format: props.format })
          : h(resultChart.GroupBars, { groups: chart.groups, format: props.format }),
      ),
    );
  }

  var MODES = [
    { id: 'json', label: 'JSON' },
    { id: 'table', label: 'Table' },
    { id: 'chart', label: 'Chart' },
  ];

  /** The tabs and the view; rendered in GraphiQL's footer, which playground.css moves to the top of the response pane. */
  function ResultView(props) {
    var editors = window.GraphiQL.React.useEditorContext();
    var responseEditor = editors && editors.responseEditor;
    var textState = useState('');
    var text = textState[0];
    var modeState = useState('json');
    var mode = modeState[0];
    var localeState = useState('en');
    var locale = localeState[0];
    useEffect(
      function () {
        if (!responseEditor) return undefined;
        var update = function () {
          textState[1](responseEditor.getValue());
        };
        update();
        responseEditor.on('change', update);
        return function () {
          responseEditor.off('change', update);
        };
      },
      [responseEditor],
    );
    var result = useMemo(
      function () {
        return parseResult(text);
      },
      [text],
    );
    var data = result && isObject(result.data) ? result.data : null;
    var lists = useMemo(
      function () {
        return data ? resultData.findLists(data) : [];
      },
      [data],
    );
    var charts = useMemo(
      function () {
        return data ? resultData.chartsOf(data) : [];
      },
      [data],
    );
    var format = useMemo(
      function () {
        return numberFormatter(locale);
      },
      [locale],
    );
    var body = null;
    if (mode !== 'json') {
      if (!data)
        body = h(
          'p',
          { className: 'rv-message' },
          result && result.errors ? 'The answer has errors and no data: see them in the JSON tab.' : 'Run an operation (▶) to see its result here.',
        );
      else if (mode === 'table') body = h(TableView, { result: result, lists: lists, request: props.recorder.requestFor(text), recorder: props.recorder, format: format });
      else body = h(ChartView, { charts: charts, format: format });
    }
    return h(
      'div',
      { className: 'rv', 'data-mode': mode },
      h(
        'div',
        { className: 'rv-tabs', role: 'tablist', 'aria-label': 'Result view' },
        MODES.map(function (m) {
          return h(
            'button',
            {
              key: m.id,
              type: 'button',
              role: 'tab',
              className: 'rv-tab',
              'data-view': m.id,
              'aria-selected': mode === m.id ? 'true' : 'false',
              onClick: function () {
                modeState[1](m.id);
              },
            },
            m.label,
            m.id === 'chart' && charts.length > 0 ? h('span', { className: 'rv-badge' }, String(charts.length)) : null,
          );
        }),
        h(
          'label',
          { className: 'rv-locale' },
          'Numbers ',
          h(
            'select',
            {
              value: locale,
              onChange: function (event) {
                localeState[1](event.target.value);
              },
            },
            h('option', { value: 'en' }, '1,234.5'),
            h('option', { value: 'fa' }, '۱٬۲۳۴٫۵'),
          ),
        ),
      ),
      body
        ? h(
            'div',
            { className: 'rv-body' },
            data && Array.isArray(result.errors) && result.errors.length > 0
              ? h(
                  'p',
                  { className: 'rv-warning', role: 'note' },
                  'The answer also has ' + result.errors.length + (result.errors.length === 1 ? ' error' : ' errors') + ' (see the JSON tab): some of the data may be missing.',
                )
              : null,
            body,
          )
        : null,
    );
  }

  playground.resultView = { createRecorder: createRecorder, ResultView: ResultView };
})();
