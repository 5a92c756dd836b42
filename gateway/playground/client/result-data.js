/*
 * The result view's data work, without the page: the lists a GraphQL result holds, one list as
 * table rows (nested fields flattened as `a.b`), sorting, the aggregate shapes a chart draws
 * (groups `{ key | label, count }`, registry overlaps `{ registries, count }`, and objects of named
 * counts such as aliased `totalCount`s), and CSV (RFC 4180, UTF-8 with a byte order mark).
 * Plain JavaScript: the playground page loads it as window.RegistriesPlayground.resultData, the
 * unit tests require() it (result-data.d.ts gives its types).
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else (root.RegistriesPlayground = root.RegistriesPlayground || {}).resultData = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  /** Appends each of `keys` not yet in `into`, keeping the order they were first met in. */
  function addKeys(into, keys) {
    for (var i = 0; i < keys.length; i += 1) if (into.indexOf(keys[i]) < 0) into.push(keys[i]);
    return into;
  }

  /**
   * Every list in `data`, in the order a reader meets them (a list before the lists inside its
   * items): `{ path, underList, items }`. `path` names the fields from the top (response keys, so
   * aliases); a list inside another list's items (`nodes.roles`) holds the items of every such
   * list, one after the other, and is `underList`. Lists of objects are listed wherever they are,
   * lists of plain values only when no list is above them (below one they are a cell's value).
   */
  function findLists(data) {
    var found = [];
    var seen = Object.create(null);

    function visitValues(values, path, underList) {
      var arrays = values.filter(Array.isArray);
      if (arrays.length > 0) {
        var items = [].concat.apply([], arrays);
        var objects = items.filter(isObject);
        var key = path.join('.');
        if (!seen[key] && (objects.length > 0 || !underList)) {
          seen[key] = true;
          found.push({ path: path.slice(), underList: underList, items: objects.length > 0 ? objects : items });
        }
        if (objects.length > 0) visitObjects(objects, path, true);
        return;
      }
      var nested = values.filter(isObject);
      if (nested.length > 0) visitObjects(nested, path, underList);
    }

    function visitObjects(objects, path, underList) {
      var keys = [];
      objects.forEach(function (object) {
        addKeys(keys, Object.keys(object));
      });
      keys.forEach(function (key) {
        var values = objects.map(function (object) {
          return object[key];
        });
        visitValues(
          values.filter(function (value) {
            return value !== null && value !== undefined;
          }),
          path.concat(key),
          underList,
        );
      });
    }

    if (isObject(data)) visitObjects([data], [], false);
    return found;
  }

  /** The value at `path` (response keys) below `data`, or undefined; no list may be on the way. */
  function valueAt(data, path) {
    var value = data;
    for (var i = 0; i < path.length; i += 1) {
      if (!isObject(value)) return undefined;
      value = value[path[i]];
    }
    return value;
  }

  /**
   * When `list` is a connection's `nodes` (its parent object has `pageInfo { hasNextPage endCursor }`)
   * and no list is above it: `{ path, hasNextPage, endCursor }` with `path` the connection's own.
   * `{ path, pageInfoMissing: true }` for a `nodes` list whose parent lacks those two fields; else null.
   */
  function connectionOf(data, list) {
    if (list.underList || list.path.length < 2 || list.path[list.path.length - 1] !== 'nodes') return null;
    var path = list.path.slice(0, -1);
    var connection = valueAt(data, path);
    if (!isObject(connection)) return null;
    var pageInfo = connection.pageInfo;
    if (!isObject(pageInfo) || typeof pageInfo.hasNextPage !== 'boolean' || !('endCursor' in pageInfo)) return { path: path, pageInfoMissing: true };
    return { path: path, hasNextPage: pageInfo.hasNextPage, endCursor: pageInfo.endCursor };
  }

  /**
   * A list as a table: each item flattened (`{ a: { b: 1 } }` gives the column `a.b`), the columns
   * in the order the selection gives them (the order of the response's keys, merged over every
   * item, so a field that is null in the first items still takes its place). Lists inside an item
   * stay one cell (see `cellText`); a list of plain values gives one column, `value`.
   */
  function tableOf(items) {
    var tree = { keys: [], children: Object.create(null) };

    function grow(node, value) {
      if (!isObject(value)) return;
      addKeys(node.keys, Object.keys(value));
      Object.keys(value).forEach(function (key) {
        if (!isObject(value[key])) return;
        var child = node.children[key] || (node.children[key] = { keys: [], children: Object.create(null) });
        grow(child, value[key]);
      });
    }

    function leaves(node, prefix, into) {
      node.keys.forEach(function (key) {
        var path = prefix ? prefix + '.' + key : key;
        var child = node.children[key];
        if (child && child.keys.length > 0) leaves(child, path, into);
        else into.push(path);
      });
      return into;
    }

    function flatten(value, prefix, row) {
      if (isObject(value)) {
        Object.keys(value).forEach(function (key) {
          flatten(value[key], prefix ? prefix + '.' + key : key, row);
        });
      } else row[prefix] = value === undefined ? null : value;
      return row;
    }

    var plain =
      items.length > 0 &&
      items.every(function (item) {
        return !isObject(item);
      });
    if (plain) {
      return {
        columns: ['value'],
        rows: items.map(function (item) {
          return { value: item };
        }),
      };
    }
    items.forEach(function (item) {
      grow(tree, item);
    });
    return {
      columns: leaves(tree, '', []),
      rows: items.map(function (item) {
        return flatten(item, '', {});
      }),
    };
  }

  /** The plain values below `value`, in order: what an object inside a list shows in its cell. */
  function leafValues(value, into) {
    if (Array.isArray(value))
      value.forEach(function (item) {
        leafValues(item, into);
      });
    else if (isObject(value))
      Object.keys(value).forEach(function (key) {
        leafValues(value[key], into);
      });
    else if (value !== null && value !== undefined) into.push(value);
    return into;
  }

  /** One item of a list in a cell: a plain value as text, an object as its values joined by ` · `. */
  function itemText(item) {
    return isObject(item) || Array.isArray(item) ? leafValues(item, []).map(String).join(' · ') : String(item);
  }

  /**
   * A cell's value as text, for the table and the CSV: empty for null, numbers as JSON writes them,
   * a list of plain values joined by `, `, a list of objects by `; ` (each object's values by ` · `).
   */
  function cellText(value) {
    if (value === null || value === undefined) return '';
    if (Array.isArray(value)) {
      var objects = value.some(function (item) {
        return isObject(item) || Array.isArray(item);
      });
      return value
        .filter(function (item) {
          return item !== null && item !== undefined;
        })
        .map(itemText)
        .join(objects ? '; ' : ', ');
    }
    if (isObject(value)) return itemText(value);
    return String(value);
  }

  /** The items of a list cell as texts (the table isolates each one), or null for any other value. */
  function listItems(value) {
    if (!Array.isArray(value)) return null;
    return value
      .filter(function (item) {
        return item !== null && item !== undefined;
      })
      .map(itemText);
  }

  var PERSIAN_ZERO = 0x06f0;
  var ARABIC_INDIC_ZERO = 0x0660;

  /** Persian (۰-۹) and Arabic-Indic (٠-٩) digits as ASCII digits. */
  function asciiDigits(text) {
    return text.replace(/[\u06F0-\u06F9\u0660-\u0669]/g, function (digit) {
      var code = digit.charCodeAt(0);
      return String(code >= PERSIAN_ZERO ? code - PERSIAN_ZERO : code - ARABIC_INDIC_ZERO);
    });
  }

  /**
   * A number written as text, in ASCII, Persian or Arabic-Indic digits, with thousands separators
   * (`,` or `٬`) and a decimal point (`.` or `٫`) allowed; null for any other text (a date, a code
   * with letters). `۱٬۲۳۴` is 1234.
   */
  function parseLocaleNumber(text) {
    var plain = asciiDigits(String(text).trim())
      .replace(/\u2212/g, '-')
      .replace(/[,\u066C](?=\d{3}(?!\d))/g, '')
      .replace(/\u066B/g, '.');
    return /^[-+]?\d+(\.\d+)?$/.test(plain) ? Number(plain) : null;
  }

  /** What a cell sorts by: null when empty; a number for numbers, booleans and numeric text; else its text. */
  function sortKey(value) {
    if (value === null || value === undefined || value === '') return null;
    if (typeof value === 'number') return { number: value };
    if (typeof value === 'boolean') return { number: value ? 1 : 0 };
    var text = cellText(value);
    if (text === '') return null;
    var number = parseLocaleNumber(text);
    return number === null ? { text: text } : { number: number };
  }

  /** Persian collation (آ ا ب پ ... ک گ ... ی), Latin after it, digits by value inside text. */
  var COLLATOR = typeof Intl !== 'undefined' ? new Intl.Collator(['fa', 'ar', 'en'], { numeric: true, sensitivity: 'base' }) : null;

  function compareKeys(a, b) {
    if ('number' in a && 'number' in b) return a.number - b.number;
    if ('number' in a) return -1;
    if ('number' in b) return 1;
    return COLLATOR ? COLLATOR.compare(a.text, b.text) : a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
  }

  /**
   * The rows ordered by one column, `ascending` or `descending`: numbers (also written in Persian
   * digits) by value and before text, text in Persian collation, empty cells last either way;
   * rows that compare equal keep their order. Returns a new array.
   */
  function sortRows(rows, column, direction) {
    var sign = direction === 'descending' ? -1 : 1;
    var keyed = rows.map(function (row, index) {
      return { row: row, index: index, key: sortKey(row[column]) };
    });
    keyed.sort(function (a, b) {
      if (a.key === null || b.key === null) return a.key === b.key ? a.index - b.index : a.key === null ? 1 : -1;
      return sign * compareKeys(a.key, b.key) || a.index - b.index;
    });
    return keyed.map(function (entry) {
      return entry.row;
    });
  }

  var RTL_LETTER = /[\u0590-\u05FF\u0600-\u065F\u066A-\u06EF\u06FA-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
  var LTR_LETTER = /[A-Za-z\u00C0-\u02AF\u0370-\u052F]/;

  /** The direction of a text's first strong letter (`rtl` for Persian, Arabic, Hebrew), `ltr` without one. */
  function textDirection(text) {
    var value = String(text);
    for (var i = 0; i < value.length; i += 1) {
      var letter = value.charAt(i);
      if (RTL_LETTER.test(letter)) return 'rtl';
      if (LTR_LETTER.test(letter)) return 'ltr';
    }
    return 'ltr';
  }

  /** A count as an aggregate gives it: a number, or null where it is withheld (a group too small to show). */
  function isCount(value) {
    return value === null || (typeof value === 'number' && isFinite(value));
  }

  /** A group's label: its `label`, else its `key` (an object key's values joined), else its first other plain field. */
  function groupLabel(item) {
    if (item.label !== undefined && item.label !== null && !isObject(item.label)) return String(item.label);
    if ('key' in item) return item.key === null ? '(none)' : itemText(item.key);
    var keys = Object.keys(item);
    for (var i = 0; i < keys.length; i += 1) {
      var value = item[keys[i]];
      if (keys[i] !== 'count' && value !== null && (typeof value === 'string' || typeof value === 'number')) return String(value);
    }
    return null;
  }

  /** The chart a list of objects makes, if it has an aggregate's shape; else null. */
  function aggregateOfList(items) {
    if (items.length === 0 || !items.every(isObject)) return null;
    var counted = items.every(function (item) {
      return 'count' in item && isCount(item.count);
    });
    var someCount = items.some(function (item) {
      return typeof item.count === 'number';
    });
    if (!counted || !someCount) return null;
    var overlap = items.every(function (item) {
      return Array.isArray(item.registries);
    });
    if (overlap) {
      return {
        kind: 'overlap',
        combinations: items.map(function (item) {
          return { registries: item.registries.map(String), count: item.count };
        }),
      };
    }
    var labels = items.map(groupLabel);
    if (labels.indexOf(null) >= 0) return null;
    return {
      kind: 'groups',
      groups: items.map(function (item, index) {
        return { label: labels[index], count: item.count };
      }),
    };
  }

  /** An object's named count, when it is an object with `count` or `totalCount`. */
  function namedCount(value) {
    if (!isObject(value)) return undefined;
    if ('count' in value && isCount(value.count)) return value.count;
    if ('totalCount' in value && isCount(value.totalCount)) return value.totalCount;
    return undefined;
  }

  /**
   * Everything in `data` a chart can draw, in the order met: `{ path, kind, groups | combinations }`.
   * - `groups`: a list of `{ key | label, count }` (count null where withheld), one bar each; or an
   *   object of two or more named counts (`{ labs: { totalCount: 62 }, auditors: { totalCount: 61 } }`,
   *   as aliases shape them), one bar per name.
   * - `overlap`: a list of `{ registries: [...], count }`, one bar per combination of registries.
   */
  function chartsOf(data) {
    var charts = [];
    findLists(data).forEach(function (list) {
      var shape = aggregateOfList(list.items);
      if (shape) charts.push(Object.assign({ path: list.path }, shape));
    });

    function visit(value, path) {
      if (!isObject(value)) return;
      var keys = Object.keys(value);
      var counts = keys.map(function (key) {
        return namedCount(value[key]);
      });
      if (keys.length >= 2 && counts.indexOf(undefined) < 0) {
        charts.push({
          path: path,
          kind: 'groups',
          groups: keys.map(function (key, index) {
            return { label: key, count: counts[index] };
          }),
        });
        return;
      }
      keys.forEach(function (key) {
        visit(value[key], path.concat(key));
      });
    }
    visit(data, []);
    return charts;
  }

  /**
   * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes doubled;
   * also when it holds a semicolon or a tab, which spreadsheets in many locales split fields on: unquoted,
   * `x;=HYPERLINK(…)` would open as a cell beginning with `=`.
   */
  function csvField(text) {
    return /[",;\t\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  /**
   * A text a spreadsheet would take for a formula (it begins with = + - @, a tab or a carriage return)
   * kept as text by a leading apostrophe (OWASP's advice on CSV injection): a registry's name such as
   * =HYPERLINK("https://…?"&A1) would otherwise send the cell beside it away when the file is opened.
   * A leading line feed, and the full-width ＝ ＋ － ＠ that spreadsheets in East Asian locales read as
   * their ASCII forms, are treated the same.
   */
  function inertText(text) {
    return /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/.test(text) ? "'" + text : text;
  }

  /** A number or a boolean: written as JSON gives it, never read as a formula (`-5` stays a number). */
  function isPlainFigure(value) {
    return typeof value === 'number' || typeof value === 'boolean';
  }

  /**
   * The table as CSV: a header line of column names, one line per row, CRLF line ends (RFC 4180),
   * preceded by a byte order mark so spreadsheet programs read it as UTF-8 (Persian stays Persian).
   * Numbers and booleans are written as JSON gives them, unformatted; every other cell (a text, or a
   * list or object joined into one, whose first item may be another registry's name) that would be
   * a formula stays a text.
   */
  function toCsv(columns, rows) {
    var lines = [
      columns
        .map(function (column) {
          return csvField(inertText(column));
        })
        .join(','),
    ];
    rows.forEach(function (row) {
      lines.push(
        columns
          .map(function (column) {
            var text = cellText(row[column]);
            return csvField(isPlainFigure(row[column]) ? text : inertText(text));
          })
          .join(','),
      );
    });
    return '\uFEFF' + lines.join('\r\n') + '\r\n';
  }

  return {
    findLists: findLists,
    valueAt: valueAt,
    connectionOf: connectionOf,
    tableOf: tableOf,
    cellText: cellText,
    listItems: listItems,
    parseLocaleNumber: parseLocaleNumber,
    sortRows: sortRows,
    textDirection: textDirection,
    chartsOf: chartsOf,
    toCsv: toCsv,
  };
});
