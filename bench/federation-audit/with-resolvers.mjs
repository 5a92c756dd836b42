// Promise.withResolvers (Node 22+) for the federation audit's CLI, which calls it, on Node 20.
// Loaded with NODE_OPTIONS=--import by bench/federation-audit/run.ts.
if (typeof Promise.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers() {
      let resolve;
      let reject;
      const promise = new this((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
