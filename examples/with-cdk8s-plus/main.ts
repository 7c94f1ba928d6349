import { App, Duration, Size } from 'cdk8s';
import { HeadscaleChart, type HeadscaleChartProps } from 'cdk8s-headscale';
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';

/** An image with a POSIX shell and wget, pinned as the library pins its own. */
const PROBE_IMAGE = 'busybox:1.37.0';

/**
 * HeadscaleChart composed with cdk8s-plus constructs through its typed references: a canary
 * Deployment whose pod is ready only while Headscale answers at `server.url`, and a NetworkPolicy
 * that selects the server's pods by `server.selector` and admits the canary and the in-cluster
 * client on Headscale's port, read from the server Deployment's typed fields.
 */
export class HeadscaleWithCanary extends HeadscaleChart {
  public readonly canary: kplus.Deployment;
  public readonly serverPolicy: kplus.NetworkPolicy;

  constructor(scope: Construct, id: string, props: HeadscaleChartProps = {}) {
    super(scope, id, props);
    const server = this.server;
    if (!server) throw new Error('HeadscaleWithCanary watches a server: keep server.enabled');
    const headscalePort = server.deployment.fields.spec!.template.spec!.containers[0].ports![0].containerPort;

    this.canary = new kplus.Deployment(this, 'Canary', {
      metadata: { name: `${this.release.fullname}-canary` },
      replicas: 1,
      containers: [
        {
          name: 'canary',
          image: PROBE_IMAGE,
          command: ['sleep', '2147483647'],
          readiness: kplus.Probe.fromCommand(['wget', '-q', '-O', '/dev/null', `${server.url}/health`], {
            periodSeconds: Duration.seconds(30),
          }),
          securityContext: { user: 65534, group: 65534 },
          resources: {
            cpu: { request: kplus.Cpu.millis(5), limit: kplus.Cpu.millis(50) },
            memory: { request: Size.mebibytes(8), limit: Size.mebibytes(16) },
          },
        },
      ],
    });

    const serverPods = kplus.Pods.select(this, 'ServerPods', { labels: server.selector });
    this.serverPolicy = new kplus.NetworkPolicy(this, 'ServerPolicy', {
      metadata: { name: `${this.release.fullname}-server` },
      selector: serverPods,
    });
    const port = [kplus.NetworkPolicyPort.tcp(headscalePort)];
    this.serverPolicy.addIngressRule(this.canary, port);
    if (this.client) {
      this.serverPolicy.addIngressRule(kplus.Pods.select(this, 'ClientPods', { labels: this.client.selector }), port);
    }
  }
}

export const EXAMPLE_PROPS: HeadscaleChartProps = {
  releaseName: 'headscale',
  namespace: 'headscale',
  values: { config: { server_url: 'https://headscale.example.com' } },
};

export function buildApp(outdir?: string): App {
  const app = new App({ outdir });
  new HeadscaleWithCanary(app, 'headscale', EXAMPLE_PROPS);
  return app;
}

if (require.main === module) buildApp().synth();
