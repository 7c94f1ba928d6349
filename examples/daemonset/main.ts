import { App } from 'cdk8s';
import { HeadscaleChart, type HeadscaleValuesInput } from 'cdk8s-headscale';

/**
 * The in-cluster client as a DaemonSet on the host network, so every node gets a tailnet
 * address (to pull images from a registry on the tailnet, say). acceptDns stays off: tailscale
 * would otherwise rewrite each node's /etc/resolv.conf, which breaks cluster DNS on nodes
 * without systemd-resolved.
 */
export const VALUES: HeadscaleValuesInput = {
  client: { daemonset: true, acceptDns: false },
};

export function buildApp(outdir?: string): App {
  const app = new App({ outdir });
  new HeadscaleChart(app, 'headscale', { releaseName: 'headscale', namespace: 'headscale', values: VALUES });
  return app;
}

if (require.main === module) buildApp().synth();
