import { Testing } from 'cdk8s';
import { HeadscaleChart, type KubeDeployment } from '../../src/index';
import { find, type K8sObject } from '../support/render';

describe('the emitted objects, typed by their Kubernetes models', () => {
  it('take edits of their fields, which reach the manifest and its schema check', () => {
    const chart = new HeadscaleChart(Testing.app(), 'typed', { namespace: 'vpn' });
    const deployment: KubeDeployment = chart.server!.deployment;
    const pod = deployment.fields.spec!.template.spec!;
    pod.priorityClassName = 'system-cluster-critical';
    pod.containers[0].resources = { limits: { memory: '256Mi' } };
    // @ts-expect-error the Deployment model's replicas is a number: the compiler refuses a string.
    deployment.fields.spec!.replicas = 'two';
    deployment.fields.spec!.replicas = 1;
    const rendered = find(Testing.synth(chart) as K8sObject[], 'Deployment', 'headscale').spec.template.spec;
    expect(rendered.priorityClassName).toBe('system-cluster-critical');
    expect(rendered.containers[0].resources).toEqual({ limits: { memory: '256Mi' } });
  });

  it('are refused at synth when an edit breaks the schema, naming the object and field', () => {
    const chart = new HeadscaleChart(Testing.app(), 'typed', { namespace: 'vpn' });
    (chart.server!.deployment.fields.spec!.template.spec!.containers[0] as { name: unknown }).name = 'Not_A_Name';
    expect(() => Testing.synth(chart)).toThrow(/Deployment\/headscale.*containers\[0\]\.name/);
  });
});
