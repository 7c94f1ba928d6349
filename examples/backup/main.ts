import { App } from 'cdk8s';
import { HeadscaleChart, type HeadscaleValuesInput, runningVersionValues } from 'cdk8s-headscale';

/**
 * Headscale whose database is never lost: Litestream streams every change to a bucket of
 * S3-compatible storage (MinIO here) and brings the database back before Headscale starts on an
 * empty claim; a copy is taken on the claim before every version change, and the render this one
 * replaces (dist/headscale.k8s.yaml, kept in git) tells the version that runs now, so that a
 * skipped or reverted minor version is refused before it is applied.
 */
export const VALUES: HeadscaleValuesInput = {
  ingress: {
    enabled: true,
    hosts: [{ host: 'headscale.example.com', paths: [{ path: '/', pathType: 'Prefix' }] }],
    tls: [{ secretName: 'headscale-tls', hosts: ['headscale.example.com'] }],
  },
  persistence: { size: '2Gi' },
  backup: {
    enabled: true,
    url: 's3://tailnet-backups/headscale',
    // AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, created beside the release.
    secretName: 's3-creds',
    s3: { endpoint: 'https://minio.example.com:9000', region: 'us-east-1' },
  },
  upgrade: { backup: { keep: 5 } },
  metrics: { enabled: true, serviceMonitor: { enabled: true } },
};

/** The app; `previousRender`, the render it replaces, tells the Headscale version that runs now. */
export function buildApp(outdir?: string, previousRender?: string): App {
  const app = new App({ outdir });
  const running = previousRender ? runningVersionValues(previousRender) : {};
  new HeadscaleChart(app, 'headscale', {
    releaseName: 'headscale',
    namespace: 'headscale',
    values: { ...VALUES, upgrade: { ...VALUES.upgrade, ...running.upgrade } },
  });
  return app;
}

if (require.main === module) buildApp(undefined, 'dist/headscale.k8s.yaml').synth();
