// Loaded into a measured server with `--import` (scripts/bench-memory.ts): every 200 ms it
// appends the process's memory — RSS, V8's heap by space, external and ArrayBuffer memory — as
// one JSON line to MEMORY_PROBE_FILE. On SIGUSR2 it writes a heap snapshot beside that file.
// A measurement tool only: nothing in src/ loads it.
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';

const file = process.env.MEMORY_PROBE_FILE;
if (file) {
  const MiB = 1024 * 1024;
  const sample = () => {
    const m = process.memoryUsage();
    const spaces = Object.fromEntries(
      v8.getHeapSpaceStatistics().map((s) => [s.space_name, +(s.space_size / MiB).toFixed(1)]),
    );
    fs.appendFileSync(
      file,
      `${JSON.stringify({
        t: Date.now(),
        rss: +(m.rss / MiB).toFixed(1),
        heapTotal: +(m.heapTotal / MiB).toFixed(1),
        heapUsed: +(m.heapUsed / MiB).toFixed(1),
        external: +(m.external / MiB).toFixed(1),
        arrayBuffers: +(m.arrayBuffers / MiB).toFixed(1),
        spaces,
      })}\n`,
    );
  };
  setInterval(sample, 200).unref();
  let n = 0;
  process.on('SIGUSR2', () => {
    n += 1;
    v8.writeHeapSnapshot(path.join(path.dirname(file), `heap-${n}.heapsnapshot`));
  });
}
// Experiments: V8 flags applied at run time (V8_FLAGS="--heap-growing-percent=20").
if (process.env.V8_FLAGS) v8.setFlagsFromString(process.env.V8_FLAGS);
