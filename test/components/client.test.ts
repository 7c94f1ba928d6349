import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HeadscaleValuesInput } from '../../src/values/schema';
import { envValues, find, type K8sObject, kinds, render } from '../support/render';
import { temporaryDirectory } from '../support/temporary';

const routes = { advertiseRoutes: ['10.96.0.0/12', '0.0.0.0/0'], exitNode: true };
const clientWorkload = (objects: K8sObject[]) =>
  objects.find((o) => ['Deployment', 'DaemonSet'].includes(o.kind) && o.metadata.name.endsWith('-client'))!;
const clientContainer = (objects: K8sObject[]) => clientWorkload(objects).spec.template.spec.containers[0];
const keyJob = (objects: K8sObject[]) => objects.find((o) => o.kind === 'Job')!;
const role = (objects: K8sObject[], name: string) => find(objects, 'Role', name).rules;

describe('the in-cluster client', () => {
  it('is not rendered with client.enabled false', () => {
    expect(kinds(render({ client: { enabled: false } })).filter((k) => /client|Job/.test(k))).toEqual([]);
  });

  it('runs the shipped script, configured through its environment', () => {
    const container = clientContainer(render({ client: { acceptDns: false, acceptRoutes: true, ...routes } }));
    expect(container.command).toEqual([
      '/bin/sh',
      '-c',
      readFileSync(join(__dirname, '../../src/scripts/tailscale-client.sh'), 'utf8'),
    ]);
    expect(envValues(container)).toEqual({
      AUTHKEY_FILE: '/etc/client-auth/authkey',
      TS_STATE: 'kube:headscale-client-state',
      TS_USERSPACE: 'true',
      TS_HOSTNAME: 'headscale-client',
      LOGIN_SERVER: 'http://headscale.headscale.svc.cluster.local:8080',
      ACCEPT_DNS: 'false',
      ACCEPT_ROUTES: 'true',
      // tailscale advertises 0.0.0.0/0 only with ::/0, through --advertise-exit-node.
      ADVERTISE_ROUTES: '10.96.0.0/12',
      ADVERTISE_EXIT_NODE: 'true',
    });
    expect(envValues(clientContainer(render()))).toMatchObject({
      ACCEPT_DNS: 'unset',
      ACCEPT_ROUTES: 'unset',
      ADVERTISE_ROUTES: '',
      ADVERTISE_EXIT_NODE: 'false',
    });
  });

  it('logs in on service.port, not a literal 8080 (fault 3), over https on 443 when the server serves TLS', () => {
    expect(envValues(clientContainer(render({ service: { port: 9443 } }))).LOGIN_SERVER).toBe(
      'http://headscale.headscale.svc.cluster.local:9443',
    );
    expect(envValues(clientContainer(render({ tls: { secretName: 'headscale-tls' } }))).LOGIN_SERVER).toBe(
      'https://headscale.headscale.svc.cluster.local:443',
    );
  });

  it('logs in over TLS on port 443 wherever the values give it (tailscale issue 15008), over plain HTTP only when nothing does', () => {
    const login = (values: HeadscaleValuesInput) => envValues(clientContainer(render(values))).LOGIN_SERVER;
    const hosts = [{ host: 'vpn.example.com', paths: [{ path: '/', pathType: 'Prefix' as const }] }];
    const ingressTls = [{ secretName: 'vpn-tls', hosts: ['vpn.example.com'] }];
    // With an ingress, the in-cluster TLS listener on the Service's port 443, with or without the ingress's TLS.
    expect(login({ ingress: { enabled: true, hosts, tls: ingressTls } })).toBe(
      'https://headscale.headscale.svc.cluster.local',
    );
    expect(login({ ingress: { enabled: true, hosts } })).toBe('https://headscale.headscale.svc.cluster.local');
    // Without the listener, the ingress's https URL.
    expect(
      login({ ingress: { enabled: true, hosts, tls: ingressTls }, client: { internalTls: { enabled: false } } }),
    ).toBe('https://vpn.example.com');
    expect(login({ config: { server_url: 'https://hs.example.com:8443' } })).toBe('https://hs.example.com:8443');
    expect(login({ service: { port: 9080 } })).toBe('http://headscale.headscale.svc.cluster.local:9080');
    // Behind an ingress tls.secretName is the ingress's certificate: the client takes the TLS listener.
    expect(login({ ingress: { enabled: true, hosts }, tls: { secretName: 'headscale-tls' } })).toBe(
      'https://headscale.headscale.svc.cluster.local',
    );
  });

  it('runs in userspace mode by default as a Deployment: restricted, with writable volumes for its socket and /tmp', () => {
    const pod = clientWorkload(render({ client: routes })).spec.template.spec;
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
    });
    // Userspace networking forwards routes by itself: no sysctls, no TUN device.
    expect(pod).not.toHaveProperty('initContainers');
    expect(pod.volumes.map((v: any) => v.name)).toEqual(['client-auth', 'run', 'tmp']);
    expect(pod.containers[0].volumeMounts).toEqual([
      { name: 'client-auth', mountPath: '/etc/client-auth', readOnly: true },
      { name: 'run', mountPath: '/var/run/tailscale' },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
  });

  it('passes client.resources to every container, the init container too', () => {
    const resources = { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } };
    const pod = clientWorkload(render({ client: { ...routes, userspace: false, resources } })).spec.template.spec;
    expect([...pod.initContainers, ...pod.containers].map((c: any) => c.resources)).toEqual([resources, resources]);
    expect(clientContainer(render())).not.toHaveProperty('resources');
  });

  it('registers a hostname unique to the release (fault 4)', () => {
    const hostname = (releaseName: string) => envValues(clientContainer(render({}, { releaseName }))).TS_HOSTNAME;
    expect(new Set([hostname('headscale'), hostname('staging'), hostname('prod')]).size).toBe(3);
    expect(hostname('staging')).toBe('staging-headscale-client');
  });

  it('auto-approves the exit node it advertises (fault 5)', () => {
    const policy = JSON.parse(find(render({ client: routes }), 'ConfigMap', 'headscale-policy').data['policy.json']);
    expect(policy.autoApprovers.exitNode).toEqual(['tag:in-cluster-client']);
  });

  it('in kernel mode, keeps the main container unprivileged; a privileged init container sets the forwarding sysctls (fault 9)', () => {
    const pod = clientWorkload(render({ client: { ...routes, userspace: false } })).spec.template.spec;
    expect(pod.volumes[0]).toEqual({ name: 'dev-net-tun', hostPath: { path: '/dev/net/tun', type: 'CharDevice' } });
    expect(envValues(pod.containers[0]).TS_USERSPACE).toBe('false');
    expect(pod.containers[0].securityContext).toEqual({ capabilities: { add: ['NET_ADMIN'] } });
    expect(pod.initContainers).toEqual([
      expect.objectContaining({
        name: 'enable-forwarding',
        command: ['sysctl', '-w', 'net.ipv4.ip_forward=1', 'net.ipv6.conf.all.forwarding=1'],
        securityContext: { privileged: true },
      }),
    ]);
    expect(clientWorkload(render()).spec.template.spec).not.toHaveProperty('initContainers');
  });

  it('never runs two clients on one state Secret', () => {
    expect(clientWorkload(render()).spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
  });

  it('lets the client read and write only its own state Secret, created empty so that it creates none (fault 7)', () => {
    expect(role(render(), 'headscale-client')).toEqual([
      {
        apiGroups: [''],
        resources: ['secrets'],
        verbs: ['get', 'update', 'patch'],
        resourceNames: ['headscale-client-state'],
      },
    ]);
    expect(find(render(), 'Secret', 'headscale-client-state')).toMatchObject({ type: 'Opaque' });
    expect(find(render(), 'Secret', 'headscale-client-state')).not.toHaveProperty('data');
    expect(find(render(), 'RoleBinding', 'headscale-client').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'headscale-client', namespace: 'headscale' },
    ]);
  });

  it("trusts the server's CA when the server serves TLS", () => {
    const pod = clientWorkload(render({ tls: { secretName: 'headscale-tls' } })).spec.template.spec;
    expect(pod.volumes).toContainEqual({
      name: 'headscale-ca',
      secret: { secretName: 'headscale-tls', items: [{ key: 'ca.crt', path: 'ca.crt' }], optional: true },
    });
    expect(pod.containers[0].volumeMounts).toContainEqual({
      name: 'headscale-ca',
      mountPath: '/etc/headscale-ca',
      readOnly: true,
    });
    expect(envValues(pod.containers[0]).SSL_CERT_DIR).toBe('/etc/ssl/certs:/etc/headscale-ca');
  });

  describe('as a DaemonSet', () => {
    const objects = render({ client: { daemonset: true, acceptDns: false, ...routes } });
    const pod = clientWorkload(objects).spec.template.spec;

    it("runs on every node's host network with cluster DNS", () => {
      expect(clientWorkload(objects).kind).toBe('DaemonSet');
      expect(pod).toMatchObject({
        hostNetwork: true,
        dnsPolicy: 'ClusterFirstWithHostNet',
        tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }],
      });
    });

    it("names its hostname per node, from NODE_NAME defined before it, and keeps each node's state on the node, in kernel mode", () => {
      const container = pod.containers[0];
      expect(container.env[0]).toEqual({ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } });
      expect(envValues(container)).toMatchObject({
        TS_STATE: '/var/lib/tailscale/tailscaled.state',
        TS_USERSPACE: 'false',
        TS_HOSTNAME: 'headscale-client-$(NODE_NAME)',
      });
      expect(pod.volumes).toContainEqual({
        name: 'state',
        hostPath: { path: '/var/lib/cdk8s-headscale/headscale/headscale-client', type: 'DirectoryOrCreate' },
      });
      expect(container.volumeMounts).toContainEqual({ name: 'state', mountPath: '/var/lib/tailscale' });
    });

    it('sets no sysctls (nodes forward already) and runs with NET_ADMIN and NET_RAW only', () => {
      expect(pod).not.toHaveProperty('initContainers');
      expect(pod.containers[0].securityContext).toEqual({ capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } });
    });

    it('has no API token, Role or state Secret: nothing lets it create or read Secrets', () => {
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(find(objects, 'ServiceAccount', 'headscale-client').automountServiceAccountToken).toBe(false);
      expect(kinds(objects).filter((k) => /^(Role|RoleBinding|Secret)\/headscale-client($|-state)/.test(k))).toEqual(
        [],
      );
    });
  });

  it('budgets its disruptions like the server', () => {
    expect(
      find(
        render({ client: { podDisruptionBudget: { maxUnavailable: 0 } } }),
        'PodDisruptionBudget',
        'headscale-client',
      ).spec,
    ).toEqual({
      maxUnavailable: 0,
      selector: {
        matchLabels: {
          'app.kubernetes.io/name': 'headscale',
          'app.kubernetes.io/instance': 'headscale',
          'app.kubernetes.io/component': 'client',
        },
      },
    });
  });
});

describe('the preauth key job', () => {
  it("runs the shipped script from its ConfigMap with the release's parameters", () => {
    const objects = render({ client: { preauthKeyExpiration: '720h', ...routes } });
    expect(find(objects, 'ConfigMap', 'headscale-client-job-script').data['ensure-client-key.sh']).toBe(
      readFileSync(join(__dirname, '../../src/scripts/ensure-client-key.sh'), 'utf8'),
    );
    const container = keyJob(objects).spec.template.spec.containers[0];
    expect(container.command).toEqual(['/bin/sh', '/scripts/ensure-client-key.sh']);
    expect(container.env[0]).toEqual({
      name: 'NAMESPACE',
      valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } },
    });
    expect(envValues(container)).toEqual({
      HOME: '/tmp',
      SERVER_SELECTOR:
        'app.kubernetes.io/name=headscale,app.kubernetes.io/instance=headscale,app.kubernetes.io/component=server',
      SERVER_CONTAINER: 'headscale',
      USERS: '[{"name":"headscale-system"}]',
      PREAUTH_KEYS: JSON.stringify([
        {
          secret: 'headscale-client-authkey',
          user: 'headscale-system',
          tags: ['tag:in-cluster-client'],
          reusable: true,
          ephemeral: false,
          expiration: '720h',
          renewBeforeSeconds: 72 * 3600,
        },
      ]),
    });
    const untagged = JSON.parse(envValues(keyJob(render()).spec.template.spec.containers[0]).PREAUTH_KEYS) as object[];
    expect(untagged[0]).toMatchObject({ tags: [] });
  });

  it('installs nothing at run time (fault 6)', () => {
    const everything = JSON.stringify(render({ client: routes }));
    expect(everything).not.toMatch(/apk (add|update)|apt-get|pip install|curl [^"]*\| *sh/);
  });

  it('runs as a non-root user with a read-only root filesystem', () => {
    const spec = keyJob(render()).spec.template.spec;
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534 });
    expect(spec.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
  });

  it("passes client.job.resources to the Job's and the CronJob's container", () => {
    const resources = { requests: { cpu: '10m' }, limits: { memory: '64Mi' } };
    const objects = render({ client: { job: { resources, cronjob: { enabled: true } } } });
    expect(keyJob(objects).spec.template.spec.containers[0].resources).toEqual(resources);
    expect(
      find(objects, 'CronJob', 'headscale-ensure-client-key').spec.jobTemplate.spec.template.spec.containers[0]
        .resources,
    ).toEqual(resources);
  });

  it('may read and patch only the key Secret, which the manifests create empty, and list and exec into pods (fault 7)', () => {
    const rules = role(render(), 'headscale-client-job');
    expect(find(render(), 'Secret', 'headscale-client-authkey')).toMatchObject({ type: 'Opaque' });
    expect(rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'patch'], resourceNames: ['headscale-client-authkey'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] },
    ]);
  });

  it('is a plain Job named by a hash of its spec, so that a changed Job is a new Job (fault 8)', () => {
    const job = (values: HeadscaleValuesInput) => keyJob(render(values));
    expect(job({}).metadata.annotations).toBeUndefined();
    expect(job({}).metadata.name).toMatch(/^headscale-create-client-secret-[0-9a-f]{8}$/);
    expect(job({}).metadata.name).toBe(job({}).metadata.name);
    expect(job({ client: { preauthKeyExpiration: '720h' } }).metadata.name).not.toBe(job({}).metadata.name);
    expect(job({ client: { job: { image: { tag: '1.31.0' } } } }).metadata.name).not.toBe(job({}).metadata.name);
    expect(job({}).spec).toMatchObject({
      backoffLimit: 10,
      activeDeadlineSeconds: 600,
      ttlSecondsAfterFinished: 86400,
    });
  });

  it('becomes an Argo CD hook on request', () => {
    expect(keyJob(render({ client: { job: { argocdHook: true } } })).metadata.annotations).toEqual({
      'argocd.argoproj.io/hook': 'PostSync',
      'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
    });
  });

  it('runs on a schedule with client.job.cronjob.enabled, one at a time', () => {
    const cronJob = find(
      render({ client: { job: { cronjob: { enabled: true, schedule: '0 4 * * 0' } } } }),
      'CronJob',
      'headscale-ensure-client-key',
    );
    expect(cronJob.spec).toMatchObject({
      schedule: '0 4 * * 0',
      concurrencyPolicy: 'Forbid',
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 3,
    });
    expect(cronJob.spec.jobTemplate.spec.template.spec.containers[0].name).toBe('ensure-client-key');
    expect(kinds(render()).filter((k) => k.startsWith('CronJob/'))).toEqual([]);
  });
});

describe('the scripts in the rendered manifests', () => {
  it('pass shellcheck', () => {
    const dir = temporaryDirectory('rendered-scripts');
    const objects = render({ client: routes });
    const scripts = {
      'client.sh': clientContainer(objects).command[2],
      'key.sh': find(objects, 'ConfigMap', 'headscale-client-job-script').data['ensure-client-key.sh'],
    };
    for (const [name, text] of Object.entries(scripts)) writeFileSync(join(dir, name), text);
    const result = spawnSync('shellcheck', ['--shell=sh', ...Object.keys(scripts).map((name) => join(dir, name))], {
      encoding: 'utf8',
    });
    if (result.error)
      throw new Error(`shellcheck is not installed (apt-get install shellcheck): ${result.error.message}`);
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });
});
