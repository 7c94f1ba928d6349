const { App, Yaml } = require('cdk8s');
const { HeadscaleChart, readValuesFile } = require('../lib');
const values = readValuesFile(__dirname + '/bench/full.values.yaml');
const n = +process.argv[2];
const app = new App();
let t0 = performance.now(); const charts = [];
const ct = [];
for (let i = 0; i < n; i++) { const s = performance.now(); charts.push(new HeadscaleChart(app, `r${i}`, { releaseName: `r${i}`, namespace: `t${i}`, values })); ct.push(performance.now() - s); }
let t1 = performance.now();
const jt = []; const docs = [];
for (const c of charts) { const s = performance.now(); docs.push(...c.toJson()); jt.push(performance.now() - s); }
let t2 = performance.now();
const y = Yaml.stringify(...docs);
let t3 = performance.now();
const f = (a) => `first ${a[0].toFixed(1)} second ${a[1]?.toFixed(1)} last ${a[a.length - 1].toFixed(1)}`;
console.log(`construct ${(t1 - t0).toFixed(0)} (${f(ct)}) toJson ${(t2 - t1).toFixed(0)} (${f(jt)}) yaml ${(t3 - t2).toFixed(0)}`);
