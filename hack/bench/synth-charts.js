// One measurement for hack/bench.js, in a process of its own: synthesizes N HeadscaleCharts (one
// release each, every one in its own namespace) in one app, a HeadscaleApp or (with `App` as the
// third argument) cdk8s's App, and prints the time the synth took (from the first chart to the
// YAML, loading excluded), the part of it spent in the Kubernetes schema and validation checks
// (HeadscaleChart's manifestProblems), and the process's peak memory, as JSON.
const { performance } = require('node:perf_hooks');
const { App } = require('cdk8s');
const { HeadscaleApp, HeadscaleChart, readValuesFile } = require('../../lib');
const k8sSchema = require('../../lib/kubernetes/manifest-schema');

// lib/chart/chart.js reads the export at each call, so this wrapper sees every chart's checks.
const checks = k8sSchema.manifestProblems;
let checksMs = 0;
k8sSchema.manifestProblems = (...args) => {
  const start = performance.now();
  try {
    return checks(...args);
  } finally {
    checksMs += performance.now() - start;
  }
};

const count = Number(process.argv[2]);
const values = readValuesFile(process.argv[3]);
const AppClass = process.argv[4] === 'App' ? App : HeadscaleApp;
const start = performance.now();
const app = new AppClass();
for (let i = 0; i < count; i++)
  new HeadscaleChart(app, `release-${i}`, { releaseName: `release-${i}`, namespace: `tenant-${i}`, values });
const yaml = app.synthYaml();
const ms = performance.now() - start;
console.log(JSON.stringify({ ms, checksMs, peakMB: process.resourceUsage().maxRSS / 1024, bytes: yaml.length }));
