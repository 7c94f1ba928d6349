#!/usr/bin/env node
// `npm run bench`: how long a render takes, measured side by side on this machine (see
// docs/performance.md). Needs a built lib/ (npm ci builds it). Options:
//   --runs N           runs of each command (default 15; the median counts)
//   --helm BIN --chart DIR   also time `helm template` of the chart with the same values (hack/fetch-helm.sh gets a helm)
//                      (or HELM_BIN and HEADSCALE_CHART in the environment)
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const valuesFile = join(__dirname, 'bench', 'full.values.yaml');
const command = join(root, require('../package.json').bin['cdk8s-headscale']);

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
}
const runs = Number(option('runs', '15'));
const helm = option('helm', process.env.HELM_BIN);
const chart = option('chart', process.env.HEADSCALE_CHART);

if (!existsSync(command)) {
  console.error(`bench: ${command} is missing: run npm run build first`);
  process.exit(2);
}

const median = (numbers) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];

/**
 * Runs each measurement once unmeasured, then `rounds` rounds of all of them in turn, so that a
 * change in the machine's speed (on a shared machine) weighs on every one alike rather than
 * on whichever ran during it. Returns each measurement's samples.
 */
function interleaved(measurements, rounds) {
  for (const measure of measurements) measure();
  const samples = measurements.map(() => []);
  for (let round = 0; round < rounds; round++) measurements.forEach((measure, i) => samples[i].push(measure()));
  return samples;
}

/** The wall time of one run of `argv`, in seconds. */
const timeOf = (argv) => () => {
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.status !== 0) throw new Error(`${argv.join(' ')} failed: ${result.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e9;
};

/**
 * One synth of `count` charts in one app (a HeadscaleApp, or cdk8s's `App`) in a fresh process:
 * the whole run's wall time (node's start, loading the library, the synth: what a `cdk8s synth`
 * of such an app costs), the synth's own time (from the first chart to the YAML), both in
 * seconds, and the process's peak memory (MB).
 */
const synthOf = (count, appClass) => () => {
  const start = process.hrtime.bigint();
  const result = spawnSync(
    process.execPath,
    [join(__dirname, 'bench', 'synth-charts.js'), String(count), valuesFile, appClass],
    { encoding: 'utf8' },
  );
  const run = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`synth of ${count} charts failed: ${result.stderr}`);
  const { ms, peakMB } = JSON.parse(result.stdout);
  return { run, synth: ms / 1000, peakMB };
};

const rows = [];
const row = (what, seconds, note = '') =>
  rows.push([what, seconds === undefined ? '-' : `${(seconds * 1000).toFixed(0)} ms`, note]);

const commands = [
  [process.execPath, '-e', '0'],
  [process.execPath, command, 'template', '-f', valuesFile],
];
if (helm && chart) commands.push([helm, 'template', 'headscale', chart, '-f', valuesFile]);
const [nodeFloor, cli, helmTime] = interleaved(commands.map(timeOf), runs).map(median);
row('node -e 0 (start-up floor)', nodeFloor);
row('CLI: template, full-featured values', cli, `${(cli / nodeFloor).toFixed(2)} × node (target ≤ 2)`);
if (helmTime !== undefined)
  row('helm template, same values', helmTime, `CLI is ${(cli / helmTime).toFixed(2)} × helm (target ≤ 1.5)`);
else row('helm template', undefined, 'not measured: pass --helm BIN --chart DIR');

// Parsing stays linear in the size of a values file: 60,000 keys cost about 6 × 10,000 keys.
const { parseValuesYaml } = require('../lib/values/load');
const keysFile = (count) => Array.from({ length: count }, (_, i) => `key${i}: ${i}`).join('\n');
const parseTime = (text) => () => {
  const start = process.hrtime.bigint();
  parseValuesYaml(text, 'bench.yaml');
  return Number(process.hrtime.bigint() - start) / 1e9;
};
const [keys10k, keys60k] = interleaved(
  [parseTime(keysFile(10_000)), parseTime(keysFile(60_000))],
  Math.max(3, Math.round(runs / 3)),
).map(median);
row('parse a values file of 10,000 keys', keys10k);
row('parse a values file of 60,000 keys', keys60k, `${(keys60k / keys10k).toFixed(2)} × 10,000 keys (linear: ≈ 6)`);

const synths = [
  [1, 'HeadscaleApp'],
  [10, 'HeadscaleApp'],
  [100, 'HeadscaleApp'],
  [100, 'App'],
];
const synthRounds = Math.max(3, Math.round(runs / 3));
const synthSamples = interleaved(
  synths.map(([count, appClass]) => synthOf(count, appClass)),
  synthRounds,
);
const [one, ...more] = synths.map(([count, appClass], i) => ({
  what: `${count} chart${count === 1 ? '' : 's'} in one ${appClass === 'App' ? 'cdk8s App' : appClass}`,
  run: median(synthSamples[i].map((sample) => sample.run)),
  synth: median(synthSamples[i].map((sample) => sample.synth)),
  peakMB: Math.max(...synthSamples[i].map((sample) => sample.peakMB)),
}));
const timesOne = (seconds, oneSeconds) => `${(seconds / oneSeconds).toFixed(2)} × 1 chart`;
row(`run: ${one.what}`, one.run, `peak ${one.peakMB.toFixed(0)} MB`);
for (const { what, run, peakMB } of more)
  row(`run: ${what}`, run, `peak ${peakMB.toFixed(0)} MB, ${timesOne(run, one.run)}`);
row(`synth alone: ${one.what}`, one.synth);
for (const { what, synth } of more) row(`synth alone: ${what}`, synth, timesOne(synth, one.synth));

const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
console.log(
  `${runs} rounds (synths ${synthRounds}), interleaved, median; ${new Date().toISOString()}, node ${process.version}`,
);
for (const r of rows)
  console.log(r.map((cell, i) => (i === 1 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  '));
console.log(
  'targets: a run of 100 charts ≤ 3 × a run of 1 chart, peak memory ≤ 200 MB (run: node start, loading, synth; synth alone: from the first chart to the YAML)',
);
