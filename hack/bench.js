#!/usr/bin/env node
// `npm run bench`: how long a render takes, measured side by side on this machine (see
// docs/performance.md). Needs a built lib/ (npm ci builds it). Options:
//   --runs N           runs of each command (default 15; the median counts)
//   --helm BIN --chart DIR   also time `helm template` of the chart with the same values
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

/** The median wall time of `argv` in seconds, over `runs` runs after one unmeasured warm-up run. */
function time(argv) {
  const once = () => {
    const start = process.hrtime.bigint();
    const result = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
    if (result.status !== 0) throw new Error(`${argv.join(' ')} failed: ${result.stderr}`);
    return Number(process.hrtime.bigint() - start) / 1e9;
  };
  once();
  return median(Array.from({ length: runs }, once));
}

/**
 * Synth of `count` charts in one app (a HeadscaleApp, or cdk8s's `App`), in a fresh process each
 * run: the median time (s) and peak memory (MB).
 */
function synth(count, appClass = 'HeadscaleApp') {
  const samples = Array.from({ length: Math.max(3, Math.round(runs / 3)) }, () => {
    const result = spawnSync(process.execPath, [join(__dirname, 'bench', 'synth-charts.js'), String(count), valuesFile, appClass], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`synth of ${count} charts failed: ${result.stderr}`);
    return JSON.parse(result.stdout);
  });
  return { seconds: median(samples.map((s) => s.ms)) / 1000, peakMB: Math.max(...samples.map((s) => s.peakMB)) };
}

const rows = [];
const row = (what, seconds, note = '') => rows.push([what, seconds === undefined ? '-' : `${(seconds * 1000).toFixed(0)} ms`, note]);

const nodeFloor = time([process.execPath, '-e', '0']);
const cli = time([process.execPath, command, 'template', '-f', valuesFile]);
row('node -e 0 (start-up floor)', nodeFloor);
row('CLI: template, full-featured values', cli, `${(cli / nodeFloor).toFixed(2)} × node (target ≤ 2)`);
if (helm && chart) {
  const helmTime = time([helm, 'template', 'headscale', chart, '-f', valuesFile]);
  row('helm template, same values', helmTime, `CLI is ${(cli / helmTime).toFixed(2)} × helm (target ≤ 1.5)`);
} else {
  row('helm template', undefined, 'not measured: pass --helm BIN --chart DIR');
}
const synths = [1, 10, 100].map((count) => ({ count, ...synth(count) }));
for (const { count, seconds, peakMB } of synths) {
  const ratio = count === 1 ? '' : `, ${(seconds / synths[0].seconds).toFixed(2)} × 1 chart`;
  row(`synth of ${count} chart${count === 1 ? '' : 's'} in one HeadscaleApp`, seconds, `peak ${peakMB.toFixed(0)} MB${ratio}`);
}
const inApp = synth(100, 'App');
row('synth of 100 charts in one cdk8s App', inApp.seconds, `peak ${inApp.peakMB.toFixed(0)} MB, ${(inApp.seconds / synths[0].seconds).toFixed(2)} × 1 chart`);

const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
console.log(`${runs} runs each, median; ${new Date().toISOString()}, node ${process.version}`);
for (const r of rows) console.log(r.map((cell, i) => (i === 1 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  '));
console.log('targets: 100 charts ≤ 3 × 1 chart, peak memory ≤ 200 MB');
