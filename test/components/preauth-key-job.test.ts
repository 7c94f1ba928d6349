import { standaloneLabels } from '../../src/components/common';
import { HeadscaleServer } from '../../src/components/headscale-server';
import { ARGOCD_HOOK_ANNOTATIONS, PreauthKeyJob, type PreauthKeyJobProps } from '../../src/components/preauth-key-job';
import { CLIENT_USER } from '../../src/derive/policy';
import { instanceLabels } from '../../src/derive/release';
import {
  IMAGE_PULL_POLICY,
  INTERNAL_TLS_IMAGE,
  JOB_TTL_SECONDS,
  KEY_JOB_IMAGE,
  PREAUTH_KEY_EXPIRATION,
} from '../../src/values/defaults';
import { problemAt, propsProblems, synthComponents, userChart } from '../support/components';
import { envValues, find, type K8sObject, kinds } from '../support/render';

const server = HeadscaleServer.fromAttributes({ url: 'http://hs:8080', selector: { app: 'hs' } });
const required: PreauthKeyJobProps = { server };
const jobOf = (objects: K8sObject[]) => objects.find((o) => o.kind === 'Job')!;

describe('PreauthKeyJob', () => {
  it('with the required props only: the script, a Job and its Role on pods, no Secret and no user', () => {
    let job: PreauthKeyJob | undefined;
    const objects = synthComponents((chart) => {
      job = new PreauthKeyJob(chart, 'keys', required);
    });
    const name = 'headscale-preauth-key';
    const jobObject = jobOf(objects);
    expect(jobObject.metadata.name).toMatch(new RegExp(`^${name}-[0-9a-f]{8}$`));
    expect(kinds(objects)).toEqual([
      'ConfigMap/headscale-preauth-key-script',
      `Job/${jobObject.metadata.name}`,
      'Role/headscale-preauth-key',
      'RoleBinding/headscale-preauth-key',
      'ServiceAccount/headscale-preauth-key',
    ]);
    const labels = standaloneLabels('headscale', name);
    const selector = instanceLabels('headscale', name, 'preauth-key');
    expect(job!.selector).toEqual(selector);
    expect(job!.cronJob).toBeUndefined();
    expect(find(objects, 'Role', name).rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] },
    ]);
    expect(jobObject.metadata).not.toHaveProperty('annotations');
    expect(jobObject.spec.ttlSecondsAfterFinished).toBe(JOB_TTL_SECONDS);
    const pod = jobObject.spec.template;
    expect(pod.metadata.labels).toEqual({ ...labels, ...selector });
    expect(pod.spec).not.toHaveProperty('initContainers');
    const [container] = pod.spec.containers;
    expect(container).toMatchObject({
      image: `${KEY_JOB_IMAGE.repository}:${KEY_JOB_IMAGE.tag}`,
      imagePullPolicy: IMAGE_PULL_POLICY,
    });
    expect(container).not.toHaveProperty('resources');
    expect(envValues(container)).toEqual({
      HOME: '/tmp',
      SERVER_SELECTOR: 'app=hs',
      SERVER_CONTAINER: server.containerName,
      USERS: '[]',
      PREAUTH_KEYS: '[]',
    });
  });

  it('with authKeySecret: its Secret, the default user and lifetime', () => {
    const objects = synthComponents(
      (chart) => new PreauthKeyJob(chart, 'keys', { ...required, authKeySecret: { name: 'router-key' } }),
    );
    expect(find(objects, 'Secret', 'router-key').type).toBe('Opaque');
    const env = envValues(jobOf(objects).spec.template.spec.containers[0]);
    expect(JSON.parse(env.USERS)).toEqual([{ name: CLIENT_USER }]);
    expect(JSON.parse(env.PREAUTH_KEYS)).toEqual([
      expect.objectContaining({
        secret: 'router-key',
        user: CLIENT_USER,
        tags: [],
        reusable: true,
        ephemeral: false,
        expiration: PREAUTH_KEY_EXPIRATION,
      }),
    ]);
  });

  it('with internalTls: an init container of the default image makes the certificate', () => {
    const objects = synthComponents(
      (chart) =>
        new PreauthKeyJob(chart, 'keys', {
          ...required,
          internalTls: { secretName: 'internal-tls', dnsNames: ['hs'] },
        }),
    );
    expect(find(objects, 'Secret', 'internal-tls').type).toBe('Opaque');
    expect(jobOf(objects).spec.template.spec.initContainers).toEqual([
      expect.objectContaining({
        name: 'internal-tls-cert',
        image: `${INTERNAL_TLS_IMAGE.repository}:${INTERNAL_TLS_IMAGE.tag}`,
        imagePullPolicy: IMAGE_PULL_POLICY,
      }),
    ]);
  });

  it('with every prop: each reaches the object and field its constructor puts it in', () => {
    const resources = { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } };
    const labels = { team: 'vpn' };
    let job: PreauthKeyJob | undefined;
    const objects = synthComponents((chart) => {
      job = new PreauthKeyJob(chart, 'keys', {
        server: HeadscaleServer.fromAttributes({
          url: 'http://hs:8080',
          selector: { app: 'hs', tier: 'control' },
          containerName: 'control',
        }),
        authKeySecret: { name: 'router-key', key: 'key' },
        keys: [
          {
            secretName: 'ci-key',
            key: 'token',
            user: 'ci',
            tags: ['tag:ci'],
            reusable: false,
            ephemeral: true,
            expiration: '24h',
          },
        ],
        users: [{ name: 'alice', displayName: 'Alice', email: 'alice@example.com' }],
        name: 'keeper',
        objectNames: { scriptConfigMap: 'keeper-sh', jobPrefix: 'keeper-run', cronJob: 'keeper-nightly' },
        labels,
        selector: { role: 'keeper' },
        headplaneSecret: { name: 'headplane', apiKeyExpiration: '720h', deployment: 'headplane-ui' },
        user: 'routers',
        tags: ['tag:router'],
        expiration: '48h',
        image: 'registry.example.com/k8s:custom',
        imagePullPolicy: 'Always',
        resources,
        ttlSecondsAfterFinished: 600,
        argocdHook: true,
        schedule: '0 4 * * *',
        internalTls: {
          secretName: 'internal-tls',
          dnsNames: ['hs.vpn.svc', 'hs.vpn.svc.cluster.local'],
          image: 'registry.example.com/openssl:custom',
          imagePullPolicy: 'Never',
        },
      });
    });
    const jobObject = jobOf(objects);
    expect(jobObject.metadata.name).toMatch(/^keeper-run-[0-9a-f]{8}$/);
    expect(kinds(objects)).toEqual([
      'ConfigMap/keeper-sh',
      'CronJob/keeper-nightly',
      `Job/${jobObject.metadata.name}`,
      'Role/keeper',
      'RoleBinding/keeper',
      'Secret/ci-key',
      'Secret/internal-tls',
      'Secret/router-key',
      'ServiceAccount/keeper',
    ]);
    for (const object of objects) expect(object.metadata.labels).toEqual(labels);
    expect(job!.selector).toEqual({ role: 'keeper' });
    expect(find(objects, 'Role', 'keeper').rules[0]).toMatchObject({
      resources: ['secrets'],
      resourceNames: ['router-key', 'ci-key', 'headplane', 'internal-tls'],
    });
    expect(find(objects, 'Role', 'keeper').rules).toContainEqual({
      apiGroups: ['apps'],
      resources: ['deployments'],
      verbs: ['get', 'patch'],
      resourceNames: ['headplane-ui'],
    });
    expect(jobObject.metadata.annotations).toEqual(ARGOCD_HOOK_ANNOTATIONS);
    expect(jobObject.spec.ttlSecondsAfterFinished).toBe(600);
    const pod = jobObject.spec.template;
    expect(pod.metadata.labels).toEqual({ ...labels, role: 'keeper' });
    expect(pod.spec.serviceAccountName).toBe('keeper');
    expect(pod.spec.volumes[0]).toMatchObject({ configMap: { name: 'keeper-sh' } });
    expect(pod.spec.initContainers).toEqual([
      expect.objectContaining({ image: 'registry.example.com/openssl:custom', imagePullPolicy: 'Never' }),
    ]);
    expect(envValues(pod.spec.initContainers[0]).DNS_NAMES).toBe('hs.vpn.svc,hs.vpn.svc.cluster.local');
    expect(pod.spec.volumes).toContainEqual({
      name: 'internal-tls-current',
      secret: { secretName: 'internal-tls', optional: true },
    });
    const [container] = pod.spec.containers;
    expect(container).toMatchObject({
      image: 'registry.example.com/k8s:custom',
      imagePullPolicy: 'Always',
      resources,
    });
    const env = envValues(container);
    expect(env).toMatchObject({
      SERVER_SELECTOR: 'app=hs,tier=control',
      SERVER_CONTAINER: 'control',
      HEADPLANE_SECRET: 'headplane',
      API_KEY_EXPIRATION: '720h',
      // Twice a day (the daily schedule's gap) plus an hour.
      API_KEY_RENEW_BEFORE_SECONDS: String(2 * 86_400 + 3_600),
      HEADPLANE_DEPLOYMENT: 'headplane-ui',
      INTERNAL_TLS_SECRET: 'internal-tls',
    });
    expect(JSON.parse(env.USERS)).toEqual([
      { name: 'routers' },
      { name: 'alice', displayName: 'Alice', email: 'alice@example.com' },
    ]);
    expect(JSON.parse(env.PREAUTH_KEYS)).toEqual([
      expect.objectContaining({
        secret: 'router-key',
        secretKey: 'key',
        user: 'routers',
        tags: ['tag:router'],
        reusable: true,
        ephemeral: false,
        expiration: '48h',
      }),
      expect.objectContaining({
        secret: 'ci-key',
        secretKey: 'token',
        user: 'ci',
        tags: ['tag:ci'],
        reusable: false,
        ephemeral: true,
        expiration: '24h',
      }),
    ]);
    const cronJob = find(objects, 'CronJob', 'keeper-nightly');
    expect(cronJob.spec.schedule).toBe('0 4 * * *');
    expect(cronJob.spec.jobTemplate.spec.template.spec.containers[0]).toMatchObject({
      image: 'registry.example.com/k8s:custom',
      resources,
    });
  });

  it.each<[string, Partial<PreauthKeyJobProps>, string, Partial<PreauthKeyJobProps>]>([
    [
      "a key Secret's name",
      { authKeySecret: { name: 'Bad_Name' } },
      'authKeySecret.name',
      { authKeySecret: { name: 'good-name' } },
    ],
    [
      "a key Secret's data key",
      { authKeySecret: { name: 'k', key: 'a/b' } },
      'authKeySecret.key',
      { authKeySecret: { name: 'k', key: 'a.b' } },
    ],
    [
      'a display name on two lines',
      { users: [{ name: 'alice', displayName: 'Alice\nA.' }] },
      'users[0].displayName',
      { users: [{ name: 'alice', displayName: 'Alice A.' }] },
    ],
    [
      'an email with a tab',
      { users: [{ name: 'alice', email: 'alice@example.com\t' }] },
      'users[0].email',
      { users: [{ name: 'alice', email: 'alice@example.com' }] },
    ],
    [
      'a repeated user',
      { users: [{ name: 'alice' }, { name: 'alice' }] },
      'users[1].name',
      { users: [{ name: 'alice' }, { name: 'bob' }] },
    ],
    [
      "a further key's Secret name",
      { keys: [{ secretName: 'Ci', user: 'ci' }] },
      'keys[0].secretName',
      { keys: [{ secretName: 'ci', user: 'ci' }] },
    ],
    [
      "a further key's data key",
      { keys: [{ secretName: 'ci', key: 'a b', user: 'ci' }] },
      'keys[0].key',
      { keys: [{ secretName: 'ci', key: 'a_b', user: 'ci' }] },
    ],
    [
      "a further key's user name",
      { keys: [{ secretName: 'ci', user: '1ci' }] },
      'keys[0].user',
      { keys: [{ secretName: 'ci', user: 'ci1' }] },
    ],
    [
      'a further key with neither user nor tags',
      { keys: [{ secretName: 'ci' }] },
      'keys[0].user',
      { keys: [{ secretName: 'ci', tags: ['tag:ci'] }] },
    ],
    [
      "a further key's tag",
      { keys: [{ secretName: 'ci', tags: ['ci'] }] },
      'keys[0].tags[0]',
      { keys: [{ secretName: 'ci', tags: ['tag:ci'] }] },
    ],
    [
      "a further key's lifetime",
      { keys: [{ secretName: 'ci', user: 'ci', expiration: '1 day' }] },
      'keys[0].expiration',
      { keys: [{ secretName: 'ci', user: 'ci', expiration: '24h' }] },
    ],
    [
      'a repeated key Secret',
      {
        keys: [
          { secretName: 'ci', user: 'ci' },
          { secretName: 'ci', user: 'ops' },
        ],
      },
      'keys[1].secretName',
      {
        keys: [
          { secretName: 'ci', user: 'ci' },
          { secretName: 'ops', user: 'ops' },
        ],
      },
    ],
    [
      "the auth key's Secret as a further key's",
      { authKeySecret: { name: 'router-key' }, keys: [{ secretName: 'router-key', user: 'ci' }] },
      'keys[0].secretName',
      { authKeySecret: { name: 'router-key' }, keys: [{ secretName: 'ci-key', user: 'ci' }] },
    ],
    [
      "Headplane's Secret as a further key's",
      {
        headplaneSecret: { name: 'headplane', apiKeyExpiration: '720h' },
        keys: [{ secretName: 'headplane', user: 'ci' }],
      },
      'keys[0].secretName',
      {
        headplaneSecret: { name: 'headplane', apiKeyExpiration: '720h' },
        keys: [{ secretName: 'ci-key', user: 'ci' }],
      },
    ],
    [
      "the internal TLS Secret as a further key's",
      {
        internalTls: { secretName: 'internal-tls', dnsNames: ['hs'] },
        keys: [{ secretName: 'internal-tls', user: 'ci' }],
      },
      'keys[0].secretName',
      {
        internalTls: { secretName: 'internal-tls', dnsNames: ['hs'] },
        keys: [{ secretName: 'ci-key', user: 'ci' }],
      },
    ],
    ['a tag without its prefix', { tags: ['router'] }, 'tags[0]', { tags: ['tag:router'] }],
    ['a tag with a comma', { tags: ['tag:a,tag:b'] }, 'tags[0]', { tags: ['tag:a', 'tag:b'] }],
    [
      "Headplane's Secret name",
      { headplaneSecret: { name: 'Headplane', apiKeyExpiration: '720h' } },
      'headplaneSecret.name',
      { headplaneSecret: { name: 'headplane', apiKeyExpiration: '720h' } },
    ],
    [
      "Headplane's API key lifetime",
      { headplaneSecret: { name: 'headplane', apiKeyExpiration: 'a month' } },
      'headplaneSecret.apiKeyExpiration',
      { headplaneSecret: { name: 'headplane', apiKeyExpiration: '720h' } },
    ],
    [
      "Headplane's Deployment name",
      { headplaneSecret: { name: 'headplane', apiKeyExpiration: '720h', deployment: 'Headplane' } },
      'headplaneSecret.deployment',
      { headplaneSecret: { name: 'headplane', apiKeyExpiration: '720h', deployment: 'headplane' } },
    ],
    [
      "an API key lifetime no longer than twice the schedule's longest gap plus an hour",
      { schedule: '0 3 1 * *', headplaneSecret: { name: 'headplane', apiKeyExpiration: '1489h' } },
      'headplaneSecret.apiKeyExpiration',
      { schedule: '0 3 1 * *', headplaneSecret: { name: 'headplane', apiKeyExpiration: '1490h' } },
    ],
    [
      'an API key on a schedule that never runs',
      { schedule: '0 0 30 2 *', headplaneSecret: { name: 'headplane', apiKeyExpiration: '2160h' } },
      'headplaneSecret.apiKeyExpiration',
      { schedule: '0 0 28 2 *', headplaneSecret: { name: 'headplane', apiKeyExpiration: '26400h' } },
    ],
    [
      "the internal TLS Secret's name",
      { internalTls: { secretName: 'internal_tls', dnsNames: ['hs'] } },
      'internalTls.secretName',
      { internalTls: { secretName: 'internal-tls', dnsNames: ['hs'] } },
    ],
    ['the name of the ServiceAccount, Role and RoleBinding', { name: 'Key_Job' }, 'name', { name: 'key-job' }],
    ["a name whose script ConfigMap's name is too long", { name: 'k'.repeat(250) }, 'name', { name: 'k'.repeat(246) }],
    [
      "the script ConfigMap's own name",
      { objectNames: { scriptConfigMap: 'Key.Script' } },
      'objectNames.scriptConfigMap',
      { objectNames: { scriptConfigMap: 'key.script' } },
    ],
    [
      "the CronJob's own name, over the 52 characters that leave room for its Jobs' suffix",
      { schedule: '0 3 * * *', objectNames: { cronJob: 'r'.repeat(53) } },
      'objectNames.cronJob',
      { schedule: '0 3 * * *', objectNames: { cronJob: 'r'.repeat(52) } },
    ],
    ['a schedule the CronJob controller refuses', { schedule: '61 * * * *' }, 'schedule', { schedule: '59 * * * *' }],
  ])('refuses %s at the prop, and takes its valid neighbour', (_, refused, path, valid) => {
    expect(propsProblems(() => new PreauthKeyJob(userChart(), 'keys', { ...required, ...refused }))).toEqual(
      problemAt(path),
    );
    expect(() => new PreauthKeyJob(userChart(), 'keys', { ...required, ...valid })).not.toThrow();
  });

  it("cuts the CronJob's name derived from a long name to the 52 characters a CronJob's name may have", () => {
    const objects = synthComponents((chart) => {
      new PreauthKeyJob(chart, 'keys', { ...required, name: 'n'.repeat(60), schedule: '0 3 * * *' });
    });
    const cronJob = objects.find((o) => o.kind === 'CronJob')!;
    expect(cronJob.metadata.name).toBe(`${'n'.repeat(46)}-renew`);
  });

  it('takes the valid neighbours of the checks props-checks refuses', () => {
    const older = HeadscaleServer.fromAttributes({
      url: 'http://hs',
      selector: { app: 'hs' },
      headscaleVersion: '0.27',
    });
    for (const valid of [
      { server: older, expiration: '720h', users: [{ name: 'first' }], keys: [{ secretName: 'k', user: 'first' }] },
      { keys: [{ secretName: 'k', tags: ['tag:web'] }] },
    ] satisfies Array<Partial<PreauthKeyJobProps>>)
      expect(() => new PreauthKeyJob(userChart(), 'keys', { ...required, ...valid })).not.toThrow();
  });

  it('refuses one Secret named by two of the props that keep one, at the later prop, and takes distinct names', () => {
    const problems = (props: Partial<PreauthKeyJobProps>) =>
      propsProblems(() => new PreauthKeyJob(userChart(), 'keys', { ...required, ...props }));
    const headplaneSecret = { name: 'hs-admin', apiKeyExpiration: '2160h' };
    expect(problems({ headplaneSecret, authKeySecret: { name: 'hs-admin', key: 'authkey' } })).toEqual([
      'authKeySecret.name: is the Secret of headplaneSecret: choose another name',
    ]);
    expect(
      problems({ internalTls: { secretName: 'hs-admin', dnsNames: ['hs'] }, authKeySecret: { name: 'hs-admin' } }),
    ).toEqual(['authKeySecret.name: is the Secret of internalTls: choose another name']);
    expect(
      problems({ authKeySecret: { name: 'client-key' }, keys: [{ secretName: 'client-key', user: 'alice' }] }),
    ).toEqual(['keys[0].secretName: is the Secret of authKeySecret: choose another name']);
    const distinct = {
      headplaneSecret,
      internalTls: { secretName: 'hs-tls', dnsNames: ['hs'] },
      authKeySecret: { name: 'client-key' },
    };
    expect(() => new PreauthKeyJob(userChart(), 'keys', { ...required, ...distinct })).not.toThrow();
  });
});
