// Preloaded into a benchmarked server process (`--expose-gc --import`): SIGUSR2 runs a full garbage
// collection and prints a marker with the live JavaScript heap (bytes), so the bench reads memory that
// live objects hold, not garbage. (Not `external`: PGlite's WebAssembly memory is counted there and only grows.)
process.on('SIGUSR2', () => {
  if (typeof globalThis.gc !== 'function') {
    process.stdout.write('bench-gc unavailable\n');
    return;
  }
  globalThis.gc();
  process.stdout.write(`bench-gc done ${process.memoryUsage().heapUsed}\n`);
});
