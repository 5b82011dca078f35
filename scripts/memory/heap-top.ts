// Where a heap snapshot's memory is: self size summed by node type and constructor name,
// largest first. Reads the .heapsnapshot V8 writes (scripts/bench-memory.ts with HEAP_SNAPSHOT=1).
//
//   npx tsx scripts/memory/heap-top.ts <file.heapsnapshot> [rows]
import fs from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

const file = process.argv[2];
if (!file) throw new Error('usage: heap-top.ts <file.heapsnapshot> [rows]');
const rows = Number(process.argv[3] ?? 25);
const snap = JSON.parse(fs.readFileSync(file, 'utf8')) as Snapshot;
const fields = snap.snapshot.meta.node_fields;
const types = snap.snapshot.meta.node_types[0];
const width = fields.length;
const at = {
  type: fields.indexOf('type'),
  name: fields.indexOf('name'),
  size: fields.indexOf('self_size'),
};
const groups = new Map<string, { size: number; count: number }>();
let total = 0;
for (let i = 0; i < snap.nodes.length; i += width) {
  const type = types[snap.nodes[i + at.type]!]!;
  const size = snap.nodes[i + at.size]!;
  const name = snap.strings[snap.nodes[i + at.name]!] ?? '';
  // Strings and code are grouped by type; objects by constructor.
  const key = type === 'object' || type === 'native' ? `${type} ${name.slice(0, 60)}` : type;
  const g = groups.get(key) ?? { size: 0, count: 0 };
  g.size += size;
  g.count += 1;
  groups.set(key, g);
  total += size;
}
console.log(
  `total self size ${(total / 2 ** 20).toFixed(1)} MiB in ${snap.nodes.length / width} nodes`,
);
for (const [key, g] of [...groups].sort((a, b) => b[1].size - a[1].size).slice(0, rows))
  console.log(
    `${(g.size / 2 ** 20).toFixed(2).padStart(8)} MiB ${String(g.count).padStart(9)}  ${key}`,
  );
