#!/usr/bin/env node
// `npm run bench`: how long a render takes, measured side by side on this machine (see
// docs/performance.md), each ratio printed next to its bound. Needs a built lib/ (npm ci builds
// it). Options:
//   --runs N           runs of each command (default 15; the median counts)
//   --helm BIN         time helm too (hack/fetch-helm.sh gets one), or HELM_BIN in the environment
//   --chart DIR        the headscale chart 0.1.6, unpacked: time `helm template` of it with the
//                      same values (or HEADSCALE_CHART). Without it, helm's start (`helm version`)
//                      stands in, which is less than any `helm template`: a ratio within its bound
//                      against it is within it against `helm template` too.
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
  const { ms, checksMs, peakMB } = JSON.parse(result.stdout);
  return { run, synth: ms / 1000, checks: checksMs / 1000, peakMB };
};

const rows = [];
const row = (what, seconds, note = '') =>
  rows.push([what, seconds === undefined ? '-' : `${(seconds * 1000).toFixed(0)} ms`, note]);

/** A ratio next to its bound: `2.05 × node (bound ≤ 2.2: met)`. */
const against = (ratio, unit, bound) =>
  `${ratio.toFixed(2)}${unit} (bound ≤ ${bound}: ${ratio <= bound ? 'met' : 'NOT met'})`;

const commands = [
  [process.execPath, '-e', '0'],
  [process.execPath, command, 'template', '-f', valuesFile],
];
const helmRender = chart ? [helm, 'template', 'headscale', chart, '-f', valuesFile] : [helm, 'version', '--short'];
if (helm) commands.push(helmRender);
const [nodeFloor, cli, helmTime] = interleaved(commands.map(timeOf), runs).map(median);
const helmWhat = chart ? 'helm template, same values' : 'helm version (its start: less than a helm template)';
row('node -e 0 (start-up floor)', nodeFloor);
row('CLI: template, full-featured values', cli, against(cli / nodeFloor, ' × node', 2.2));
if (helmTime !== undefined) row(helmWhat, helmTime);
else row('helm', undefined, 'not measured: pass --helm BIN (and --chart DIR)');

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
// helm runs in these rounds too (the mean of 5 runs each round), so that the 100 releases and
// 100 helm runs are measured side by side.
const helmFive = () => Array.from({ length: 5 }, timeOf(helmRender)).reduce((sum, time) => sum + time) / 5;
const synthSamples = interleaved(
  [...synths.map(([count, appClass]) => synthOf(count, appClass)), ...(helm ? [helmFive] : [])],
  synthRounds,
);
const helmBesideSynths = helm ? median(synthSamples[synths.length]) : undefined;
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
const hundred = more.find(({ what }) => what === '100 charts in one HeadscaleApp');
if (helmBesideSynths !== undefined) {
  const helmWord = chart ? 'helm template' : 'helm version';
  row(
    `run: 100 charts in one HeadscaleApp, against 100 × ${helmWord}`,
    hundred.run,
    against(hundred.run / (100 * helmBesideSynths), ` × 100 ${helmWord}`, 0.15),
  );
}
// The checks' share of a release's synth: over the 100 releases' synth, once-per-process costs
// (the models' loading) spread over them; and in one release's synth, where they weigh whole.
const checksShare = (i) => median(synthSamples[i].map((sample) => sample.checks / sample.synth));
row(
  "checks at synth: share of 100 releases' synth",
  median(synthSamples[2].map((sample) => sample.checks)),
  against(100 * checksShare(2), ' %', 15),
);
row(
  "checks at synth: share of 1 release's synth",
  median(synthSamples[0].map((sample) => sample.checks)),
  `${(100 * checksShare(0)).toFixed(1)} %`,
);

const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
console.log(
  `${runs} rounds (synths ${synthRounds}), interleaved, median; ${new Date().toISOString()}, node ${process.version}`,
);
for (const r of rows)
  console.log(r.map((cell, i) => (i === 1 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  '));
console.log(
  'also: a run of 100 charts ≤ 3 × a run of 1 chart, peak memory ≤ 200 MB (run: node start, loading, synth; synth alone: from the first chart to the YAML)',
);
