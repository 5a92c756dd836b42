/*
 * The result view's charts, drawn as SVG by React (no chart library): bars for groups, and for
 * registry overlaps an UpSet-style chart (one bar per combination of registries, the combination
 * shown as filled dots in a matrix below it). Labels take the direction of their own text, so
 * Persian and Arabic labels read right to left, right-aligned like the others.
 * Browser only: window.RegistriesPlayground.resultChart, after React and result-data.js.
 */
(function () {
  'use strict';
  var h = React.createElement;
  var resultData = window.RegistriesPlayground.resultData;

  var LABEL_CHARACTERS = 42;

  function shorten(text) {
    return text.length > LABEL_CHARACTERS ? text.slice(0, LABEL_CHARACTERS - 1) + '…' : text;
  }

  /** A label whose visual right edge is at x, whichever its direction (the end of right-to-left text is its left). */
  function rightAlignedText(x, y, text, props) {
    var direction = resultData.textDirection(text);
    return h(
      'text',
      Object.assign({ x: x, y: y, direction: direction, textAnchor: direction === 'rtl' ? 'start' : 'end', dominantBaseline: 'middle' }, props),
      h('title', null, text),
      shorten(text),
    );
  }

  function largest(counts) {
    return counts.reduce(function (max, count) {
      return typeof count === 'number' && count > max ? count : max;
    }, 0);
  }

  /** The width of the element `ref` holds, followed as it changes (the response pane is resizable). */
  function useWidth(ref, initial) {
    var state = React.useState(initial);
    React.useEffect(
      function () {
        var element = ref.current;
        if (!element || typeof ResizeObserver === 'undefined') return undefined;
        var observer = new ResizeObserver(function () {
          state[1](element.clientWidth);
        });
        observer.observe(element);
        state[1](element.clientWidth);
        return function () {
          observer.disconnect();
        };
      },
      [ref],
    );
    return state[0];
  }

  /**
   * Horizontal bars, one per group, in the result's order, as wide as the pane allows; a withheld
   * count (null) says so instead of a bar.
   */
  function GroupBars(props) {
    var frame = React.useRef(null);
    var available = useWidth(frame, 0);
    var groups = props.groups;
    var format = props.format;
    var longest = groups.reduce(function (max, g) {
      return Math.max(max, Math.min(g.label.length, LABEL_CHARACTERS));
    }, 0);
    var labelWidth = Math.min(280, Math.max(60, 7 * longest + 16));
    var countWidth = groups.some(function (g) {
      return g.count === null;
    })
      ? 190
      : 80;
    var barWidth = Math.max(120, Math.min(560, available - labelWidth - countWidth));
    var row = 28;
    var top = 8;
    var max = largest(
      groups.map(function (g) {
        return g.count;
      }),
    );
    var height = top * 2 + groups.length * row;
    var width = labelWidth + barWidth + countWidth;
    return h(
      'div',
      { ref: frame, className: 'rv-chart-frame' },
      h(
        'svg',
        {
          className: 'rv-chart rv-chart-groups',
          role: 'img',
          'aria-label': 'Bar chart of ' + groups.length + ' groups',
          width: width,
          height: height,
          viewBox: '0 0 ' + width + ' ' + height,
        },
        groups.map(function (group, index) {
          var y = top + index * row;
          var middle = y + row / 2;
          var withheld = group.count === null;
          var length = withheld || max === 0 ? 0 : Math.max(1, (group.count / max) * barWidth);
          return h(
            'g',
            { key: index, className: 'rv-chart-bar', 'data-label': group.label, 'data-count': withheld ? '' : String(group.count) },
            rightAlignedText(labelWidth - 10, middle, group.label, { className: 'rv-chart-label' }),
            withheld ? null : h('rect', { x: labelWidth, y: y + 4, width: length, height: row - 8, rx: 2, className: 'rv-chart-rect' }),
            h(
              'text',
              { x: labelWidth + length + 6, y: middle, dominantBaseline: 'middle', className: withheld ? 'rv-chart-withheld' : 'rv-chart-count', direction: 'ltr' },
              withheld ? 'withheld (group too small)' : format(group.count),
            ),
          );
        }),
      ),
    );
  }

  /**
   * An UpSet-style chart: combinations of registries as columns, sorted by count; bars above,
   * and below them one row per registry with a filled dot where the combination includes it.
   */
  function OverlapBars(props) {
    var format = props.format;
    var combinations = props.combinations.slice().sort(function (a, b) {
      if (a.count === null || b.count === null) return a.count === b.count ? 0 : a.count === null ? 1 : -1;
      return b.count - a.count;
    });
    var totals = Object.create(null);
    var registries = [];
    combinations.forEach(function (combination) {
      combination.registries.forEach(function (registry) {
        if (!(registry in totals)) {
          totals[registry] = 0;
          registries.push(registry);
        }
        totals[registry] += combination.count || 0;
      });
    });
    registries.sort(function (a, b) {
      return totals[b] - totals[a];
    });
    var labelWidth = 150;
    var column = 46;
    var barHeight = 170;
    var top = 22;
    var matrixTop = top + barHeight + 12;
    var row = 26;
    var width = labelWidth + combinations.length * column + 20;
    var height = matrixTop + registries.length * row + 8;
    var max = largest(
      combinations.map(function (c) {
        return c.count;
      }),
    );
    var centre = function (index) {
      return labelWidth + index * column + column / 2;
    };
    return h(
      'svg',
      {
        className: 'rv-chart rv-chart-overlap',
        role: 'img',
        'aria-label': 'Overlap of ' + registries.length + ' registries in ' + combinations.length + ' combinations',
        width: width,
        height: height,
        viewBox: '0 0 ' + width + ' ' + height,
      },
      registries.map(function (registry, index) {
        var y = matrixTop + index * row;
        return h(
          'g',
          { key: 'row-' + registry, className: 'rv-overlap-registry', 'data-registry': registry },
          index % 2 === 0 ? h('rect', { x: labelWidth, y: y, width: combinations.length * column, height: row, className: 'rv-overlap-stripe' }) : null,
          rightAlignedText(labelWidth - 10, y + row / 2, registry, { className: 'rv-chart-label' }),
        );
      }),
      combinations.map(function (combination, index) {
        var x = centre(index);
        var withheld = combination.count === null;
        var barLength = withheld || max === 0 ? 0 : Math.max(1, (combination.count / max) * barHeight);
        var rows = combination.registries
          .map(function (registry) {
            return registries.indexOf(registry);
          })
          .sort(function (a, b) {
            return a - b;
          });
        var dotY = function (rowIndex) {
          return matrixTop + rowIndex * row + row / 2;
        };
        return h(
          'g',
          {
            key: 'combination-' + index,
            className: 'rv-chart-bar rv-overlap-combination',
            'data-label': combination.registries.join(' & '),
            'data-count': withheld ? '' : String(combination.count),
          },
          h('title', null, combination.registries.join(' & ') + ': ' + (withheld ? 'withheld' : format(combination.count))),
          withheld ? null : h('rect', { x: x - column / 2 + 8, y: top + barHeight - barLength, width: column - 16, height: barLength, rx: 2, className: 'rv-chart-rect' }),
          h(
            'text',
            { x: x, y: top + barHeight - barLength - 6, textAnchor: 'middle', className: withheld ? 'rv-chart-withheld' : 'rv-chart-count' },
            withheld ? '—' : format(combination.count),
          ),
          rows.length > 1 ? h('line', { x1: x, x2: x, y1: dotY(rows[0]), y2: dotY(rows[rows.length - 1]), className: 'rv-overlap-line' }) : null,
          registries.map(function (registry, rowIndex) {
            var member = combination.registries.indexOf(registry) >= 0;
            return h('circle', { key: registry, cx: x, cy: dotY(rowIndex), r: 6, className: member ? 'rv-overlap-dot rv-overlap-in' : 'rv-overlap-dot' });
          }),
        );
      }),
    );
  }

  window.RegistriesPlayground.resultChart = { GroupBars: GroupBars, OverlapBars: OverlapBars };
})();
