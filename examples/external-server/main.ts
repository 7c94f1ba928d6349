import { App, Chart } from 'cdk8s';
import { HeadscaleServer, TailscaleClient } from 'cdk8s-headscale';
import type { Construct } from 'constructs';

export interface EdgeRouterProps {
  /** The Headscale this cluster joins, running elsewhere. */
  readonly loginServer: string;
  /** The Secret holding a preauth key from that Headscale (`headscale preauthkeys create`), key `authkey`. */
  readonly authKeySecret: string;
  /** The cluster's Pod and Service ranges, advertised to the tailnet. */
  readonly routes: readonly string[];
}

/**
 * One cluster's subnet router joining a Headscale that runs in another cluster (or on a VM): the
 * tailscale client alone, with no Headscale server, ingress or key job in this app. The preauth
 * key is created on that Headscale and kept in a Secret here (by a secrets operator, say); the
 * routes are approved there, by its policy's autoApprovers or by hand.
 */
export class EdgeRouter extends Chart {
  public readonly client: TailscaleClient;

  constructor(scope: Construct, id: string, props: EdgeRouterProps) {
    super(scope, id, { namespace: 'tailscale', disableResourceNameHashes: true });
    this.client = new TailscaleClient(this, 'Client', {
      name: 'edge-router',
      server: HeadscaleServer.fromAttributes({ url: props.loginServer }),
      authKeySecret: { name: props.authKeySecret },
      advertiseRoutes: props.routes,
      acceptDns: false,
    });
  }
}

export function buildApp(outdir?: string): App {
  const app = new App({ outdir });
  new EdgeRouter(app, 'edge-router', {
    loginServer: 'https://headscale.example.com',
    authKeySecret: 'edge-router-authkey',
    routes: ['10.244.0.0/16', '10.96.0.0/12'],
  });
  return app;
}

if (require.main === module) buildApp().synth();
