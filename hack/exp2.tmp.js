const cdk8s = require('cdk8s');
const { App, Chart, DependencyGraph, ApiObject } = cdk8s;
const lib = require('../lib');
const ks = require('../lib/values/k8s-schema');
const { ManifestError } = require('../lib/values/errors');
const flags = new Set(process.argv.slice(3));
lib.HeadscaleChart.prototype.toJson = function () {
  const m = new DependencyGraph(this.node).topology().filter((x) => x instanceof ApiObject && Chart.of(x) === this).map((o) => o.toJson());
  if (flags.has('check')) { const p = ks.manifestProblems(m); if (p.length) throw new ManifestError(p); }
  return m;
};
if (flags.has('json')) cdk8s.Yaml.stringify = (...docs) => docs.map((d) => JSON.stringify(d)).join('---\n');
const values = lib.readValuesFile(__dirname + '/bench/full.values.yaml');
const count = +process.argv[2];
const start = performance.now();
const app = new App();
for (let i = 0; i < count; i++) new lib.HeadscaleChart(app, `r${i}`, { releaseName: `r${i}`, namespace: `t${i}`, values });
const yaml = app.synthYaml();
console.log(count, [...flags].join(','), (performance.now() - start).toFixed(0));
