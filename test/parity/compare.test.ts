import { compareRenders, loadRender } from './compare';

const helm = loadRender(`
kind: Deployment
metadata: {name: headscale, labels: {app.kubernetes.io/name: headscale, helm.sh/chart: headscale-0.1.6}}
spec:
  replicas: 1
  selector: {matchLabels: {app.kubernetes.io/name: headscale}}
  template:
    metadata: {labels: {app.kubernetes.io/name: headscale}, annotations: {checksum/config: abc}}
    spec: {containers: [{name: headscale, image: headscale/headscale:v0.28.0, command: [headscale, serve]}]}
---
kind: ConfigMap
metadata: {name: headscale}
data: {config.yaml: "a: 1\\nb: [x]\\n", run.sh: "echo helm"}
---
kind: Pod
metadata: {name: headscale-test-connection, annotations: {helm.sh/hook: test}}
`);

describe('the parity comparison', () => {
  it('finds no difference between a render and itself, and ignores the Helm test pod', () => {
    expect(helm).toHaveLength(2);
    expect(compareRenders(helm, helm)).toEqual([]);
  });

  it('reports a changed selector, image or file, and a missing object', () => {
    const ours = structuredClone(helm);
    ours[0].spec.selector.matchLabels['app.kubernetes.io/component'] = 'server';
    ours[0].spec.template.spec.containers[0].image = 'headscale/headscale:v0.27.0';
    ours[1].data['config.yaml'] = 'a: 2\nb: [x]\n';
    expect(compareRenders(helm, ours)).toEqual([
      'Deployment/headscale.selector.matchLabels.app.kubernetes.io/component: helm=undefined ours="server"',
      'Deployment/headscale.pod.containers.headscale.image: helm="headscale/headscale:v0.28.0" ours="headscale/headscale:v0.27.0"',
      'ConfigMap/headscale.data.config.yaml.a: helm=1 ours=2',
    ]);
    expect(compareRenders(helm, [helm[0]])).toEqual(['ConfigMap/headscale: missing']);
  });

  it('compares files parsed, not as text, and ignores tool labels, checksum values, commands and scripts', () => {
    const ours = structuredClone(helm);
    ours[0].metadata.labels['helm.sh/chart'] = 'other';
    ours[0].spec.template.metadata.annotations['checksum/config'] = 'def';
    ours[0].spec.template.spec.containers[0].command = ['other'];
    ours[1].data['config.yaml'] = 'b:\n  - x\na: 1\n';
    ours[1].data['run.sh'] = 'echo ours';
    expect(compareRenders(helm, ours)).toEqual([]);
  });
});
