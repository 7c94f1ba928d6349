// One measurement for hack/bench.js, in a process of its own: synthesizes N HeadscaleCharts (one
// release each, every one in its own namespace) in one app, a HeadscaleApp or (with `App` as the
// third argument) cdk8s's App, and prints the time the synth took (from the first chart to the
// YAML, loading excluded) and the process's peak memory, as JSON.
const { performance } = require('node:perf_hooks');
const { App } = require('cdk8s');
const { HeadscaleApp, HeadscaleChart, readValuesFile } = require('../../lib');

const count = Number(process.argv[2]);
const values = readValuesFile(process.argv[3]);
const AppClass = process.argv[4] === 'App' ? App : HeadscaleApp;
const start = performance.now();
const app = new AppClass();
for (let i = 0; i < count; i++)
  new HeadscaleChart(app, `release-${i}`, { releaseName: `release-${i}`, namespace: `tenant-${i}`, values });
const yaml = app.synthYaml();
const ms = performance.now() - start;
console.log(JSON.stringify({ ms, peakMB: process.resourceUsage().maxRSS / 1024, bytes: yaml.length }));
