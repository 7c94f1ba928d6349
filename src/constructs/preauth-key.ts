import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { sha256 } from '../render/checksum';
import { authKeySecretName, keyJobEnvironment } from '../render/client';
import { commonLabels, imageReference, objectName, Release } from '../render/release';
import { scriptChecksum, scriptText } from '../render/scripts';
import type { HeadscaleValues } from '../values/schema';
import { JobSpec, KubeConfigMap, KubeCronJob, KubeJob, PodTemplateSpec } from './kube';
import { secretRules, ServiceAccountWithRole } from './rbac';

export interface PreauthKeyProps {
  readonly release: Release;
  /** Parsed values (see `parseValues`). */
  readonly values: HeadscaleValues;
}

const SCRIPT = 'ensure-client-key.sh';
const SCRIPT_DIR = '/scripts';

/** Annotations that make the key job an Argo CD hook, recreated after every sync. */
export const ARGOCD_HOOK_ANNOTATIONS: Readonly<Record<string, string>> = {
  'argocd.argoproj.io/hook': 'PostSync',
  'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
};

/**
 * Provisions the client's preauth key: the script's ConfigMap, a Job that runs it once, and with
 * `client.job.cronjob.enabled` a CronJob that runs it on a schedule; their ServiceAccount and Role.
 * The script (src/scripts/ensure-client-key.sh) execs `headscale` in the server pod and writes
 * the key Secret only when the current key is missing or no longer usable.
 *
 * The chart makes the Job a Helm hook, which plain `kubectl apply` and most GitOps tools run once
 * at most, and which can't be re-applied once changed (a Job's pod template is immutable). Here
 * the Job is named by a hash of its spec: a changed Job is a new Job, and an unchanged one is
 * left alone. Finished Jobs expire after `client.job.ttlSecondsAfterFinished`.
 */
export class PreauthKey extends Construct {
  public readonly scriptConfigMap: ApiObject;
  public readonly identity: ServiceAccountWithRole;
  public readonly job: ApiObject;
  /** When `client.job.cronjob.enabled`. */
  public readonly cronJob?: ApiObject;

  constructor(scope: Construct, id: string, props: PreauthKeyProps) {
    super(scope, id);
    const { release, values } = props;
    const { job } = values.client;
    const labels = commonLabels(release);
    const name = objectName(release, '-client-job');

    this.scriptConfigMap = new KubeConfigMap(this, 'Script', {
      metadata: { name: objectName(release, '-client-job-script'), labels },
      data: { [SCRIPT]: scriptText(SCRIPT) },
    });

    // Pods can't be named in a rule (their names are random), so exec and list reach every pod
    // of the namespace; Secrets are limited to the key Secret, but for create, which no rule can limit.
    this.identity = new ServiceAccountWithRole(this, 'Identity', {
      name,
      namespace: release.namespace,
      labels,
      rules: [
        ...secretRules([authKeySecretName(release)]),
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
        { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] },
      ],
    });

    const podTemplate = (containerName: string): PodTemplateSpec => ({
      metadata: { labels, annotations: { [`checksum/${SCRIPT}`]: scriptChecksum(SCRIPT) } },
      spec: {
        serviceAccountName: name,
        restartPolicy: 'OnFailure',
        securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [{
          name: containerName,
          image: imageReference(job.image),
          imagePullPolicy: job.image.pullPolicy,
          command: ['/bin/sh', `${SCRIPT_DIR}/${SCRIPT}`],
          env: [
            { name: 'NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
            // kubectl keeps its discovery cache under $HOME; the root filesystem is read-only.
            { name: 'HOME', value: '/tmp' },
            ...keyJobEnvironment(values, release),
          ],
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
          volumeMounts: [{ name: 'job-script', mountPath: SCRIPT_DIR, readOnly: true }, { name: 'tmp', mountPath: '/tmp' }],
        }],
        volumes: [
          { name: 'job-script', configMap: { name: this.scriptConfigMap.name, defaultMode: 0o555 } },
          { name: 'tmp', emptyDir: {} },
        ],
      },
    });

    const jobSpec: JobSpec = {
      backoffLimit: 10,
      activeDeadlineSeconds: 600,
      ttlSecondsAfterFinished: job.ttlSecondsAfterFinished,
      template: podTemplate('create-secret'),
    };
    const specHash = sha256(JSON.stringify(jobSpec)).slice(0, 8);
    this.job = new KubeJob(this, 'Job', {
      metadata: {
        name: objectName(release, `-create-client-secret-${specHash}`),
        labels,
        annotations: job.argocdHook ? { ...ARGOCD_HOOK_ANNOTATIONS } : undefined,
      },
      spec: jobSpec,
    });

    if (job.cronjob.enabled) {
      this.cronJob = new KubeCronJob(this, 'CronJob', {
        metadata: { name: objectName(release, '-ensure-client-key'), labels },
        spec: {
          schedule: job.cronjob.schedule,
          concurrencyPolicy: 'Forbid',
          successfulJobsHistoryLimit: 1,
          failedJobsHistoryLimit: 3,
          jobTemplate: { spec: { backoffLimit: 3, activeDeadlineSeconds: 600, template: podTemplate('ensure-client-key') } },
        },
      });
    }
  }
}
