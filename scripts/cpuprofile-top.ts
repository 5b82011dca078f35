// Prints the functions with the most self time in a V8 .cpuprofile (node --cpu-prof):
//   npx tsx scripts/cpuprofile-top.ts <file.cpuprofile> [count]
import fs from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
const [file, count = '30'] = process.argv.slice(2);
const profile = JSON.parse(fs.readFileSync(file!, 'utf8')) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
};
const selfTime = new Map<number, number>();
profile.samples.forEach((id, i) =>
  selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
);
const byFunction = new Map<string, number>();
for (const node of profile.nodes) {
  const where = node.callFrame.url
    .replace(/^.*node_modules\//, '')
    .replace(/^file:\/\/.*\/(src|scripts)\//, '$1/');
  const key = `${node.callFrame.functionName || '(anonymous)'}  ${where}:${node.callFrame.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + (selfTime.get(node.id) ?? 0));
}
const total = [...byFunction.values()].reduce((a, b) => a + b, 0);
for (const [key, us] of [...byFunction.entries()]
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(count))) {
  console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
}
