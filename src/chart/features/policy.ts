import { clientAdvertisesRoutes, CLIENT_TAG, CLIENT_USER, policyDocument, policyNeeded } from '../../derive/policy';
import { CONFIG_PATH, splitPath, type MountedFile } from '../../derive/mounted-files';
import { SERVER_TLS_DIR } from '../../derive/headscale-config';
import { serverServesTls } from '../../derive/server-tls';
import { imageReference } from '../../derive/release';
import { LIVE_POLICY_PATH } from '../../values/defaults';
import { type Finding, problemAt, type ValuesProblem } from '../../core/errors';
import { type ConfigUnderCheck, configValue, startupWarnings } from '../../values/headscale-config';
import { checkPolicyDocument } from '../../values/policy';
import type { HeadscaleValues } from '../../values/schema';
import { policyReloadSidecar } from '../../components/policy-reload-sidecar';
import type { IServerSidecar } from '../../components/server-sidecar';
import { serverVersion } from './server';
import type { Rule } from '../rules';

// The ACL policy: the file the server mounts, its watcher, and the rules on both.

/** Whether the chart writes the policy file (the user's, with the client's approvals). */
const policyWrittenHere = (values: HeadscaleValues) =>
  values.policy.enabled ? values.policy.configMap.create : policyNeeded(values);

/** The policy file the chart writes, as the server's Headscale version loads it, by the values and config it was checked for. */
const checkedPolicies = new WeakMap<
  HeadscaleValues,
  { config: ConfigUnderCheck | undefined; checked: ReturnType<typeof checkPolicyDocument> }
>();

/** The checks of the policy file the chart writes, loaded once for the two rules below. */
function checkedPolicy(values: HeadscaleValues, config: ConfigUnderCheck | undefined) {
  const known = checkedPolicies.get(values);
  if (known && known.config === config) return known.checked;
  const outsidePrefixes = config
    ? startupWarnings(config).map((finding) => String(configValue(config.config, finding.at.join('.'))))
    : [];
  const checked = checkPolicyDocument(policyDocument(values), serverVersion(values).version, outsidePrefixes);
  checkedPolicies.set(values, { config, checked });
  return checked;
}

/** The policy file the chart writes passes the checks of the server's Headscale version. */
export const policyPassesHeadscaleChecks: Rule = (values, config) =>
  policyWrittenHere(values)
    ? checkedPolicy(values, config).problems.map((finding: Finding) => problemAt(['policy', 'content'], finding))
    : [];

/**
 * policy.hotReload: Headscale re-reads the policy file on SIGHUP in file mode only
 * (juanfont/headscale hscontrol/app.go, Serve), the sidecar signals it as its own user, and the
 * ConfigMap is mounted as a whole directory, which no other mount may share.
 */
export const hotReloadHasWhatItNeeds: Rule = (values, config) => {
  const { policy } = values;
  if (!policy.hotReload.enabled) return [];
  const at = 'policy.hotReload.enabled';
  if (!policy.enabled)
    return [
      {
        path: at,
        message:
          'needs policy.enabled: it reloads your policy file (policy.content, or your ConfigMap with policy.configMap.create false)',
      },
    ];
  const problems: ValuesProblem[] = [];
  const mode = configValue(config?.config ?? values.config ?? {}, 'policy.mode');
  if (mode !== undefined && mode !== 'file')
    problems.push({
      path: at,
      message: `needs config.policy.mode "file" (got ${JSON.stringify(mode)}): in database mode the policy is not read from the file`,
    });
  const runAsUser = values.securityContext?.runAsUser;
  if (typeof runAsUser !== 'number' || runAsUser === 0)
    problems.push({
      path: at,
      message: `needs securityContext.runAsUser, a user other than root (got ${JSON.stringify(runAsUser)}): the watcher runs as Headscale's user to signal it without a capability`,
    });
  const { directory } = splitPath(policy.path);
  const shared = otherServerMounts(values).find(
    (mount) =>
      mount.path === directory || mount.path.startsWith(`${directory}/`) || directory.startsWith(`${mount.path}/`),
  );
  if (shared)
    problems.push({
      path: 'policy.path',
      message: `is in ${directory}, which holds ${shared.what} too (${shared.path}): with policy.hotReload.enabled the policy's ConfigMap is mounted as that whole directory, so give the policy a directory of its own, such as ${LIVE_POLICY_PATH}`,
    });
  return problems;
};

/** The server container's mounts other than the policy's, with what each is. */
function otherServerMounts(values: HeadscaleValues): Array<{ path: string; what: string }> {
  return [
    { path: CONFIG_PATH, what: 'config.yaml' },
    ...(values.derpMap.enabled ? [{ path: values.derpMap.path, what: 'the DERP map (derpMap.path)' }] : []),
    ...(values.extraDnsRecords.enabled
      ? [{ path: values.extraDnsRecords.path, what: 'the extra DNS records (extraDnsRecords.path)' }]
      : []),
    ...(serverServesTls(values) ? [{ path: SERVER_TLS_DIR, what: "the TLS Secret's files" }] : []),
    ...(values.runtime.socketDir ? [{ path: values.runtime.socketDir, what: 'the socket directory' }] : []),
    ...values.extraVolumeMounts.map((mount, index) => ({
      path: String(mount.mountPath),
      what: `extraVolumeMounts[${index}]`,
    })),
  ];
}

/** The generated approvals can't reach a policy in an existing ConfigMap. */
export const routesNeedApprovalsInExistingPolicy: Rule = (values) =>
  values.policy.enabled && !values.policy.configMap.create && clientAdvertisesRoutes(values)
    ? [
        {
          path: 'policy.configMap.create',
          message: `is false, so the auto-approvals of client.advertiseRoutes can't be added to the policy: add tagOwners "${CLIENT_TAG}": ["${CLIENT_USER}@"] and autoApprovers for the routes${values.client.exitNode ? ' and the exit node' : ''} to that ConfigMap's policy, or approve them by hand`,
        },
      ]
    : [];

/** What the server's version reads differently in the policy (`*`, proto icmp). */
export const policyMeansWhatItSays: Rule = (values, config) =>
  policyWrittenHere(values)
    ? checkedPolicy(values, config).warnings.map((finding) => problemAt(['policy', 'content'], finding))
    : [];

/** In database mode Headscale reads the policy from its database (edited in Headplane or with `headscale policy set`), not the file. */
export const databasePolicyIgnoresTheFile: Rule = (values, config) =>
  config && configValue(config.config, 'policy.mode') === 'database' && policyNeeded(values)
    ? [
        {
          path: 'config.policy.mode',
          message: `is database, so Headscale ignores the policy file the chart mounts (${values.policy.enabled ? 'policy.content' : "the client's route approvals"}): put that policy in the database (headscale policy set, or Headplane's Access Control page), or use mode file`,
        },
      ]
    : [];

/** The policy watcher, as Headscale's user (a rule makes sure securityContext.runAsUser is set). */
export function policyReloadProps(values: HeadscaleValues, policy: MountedFile): IServerSidecar {
  const { hotReload } = values.policy;
  const { runAsUser, runAsGroup } = values.securityContext as { runAsUser: number; runAsGroup?: number };
  return policyReloadSidecar({
    policy,
    runAsUser,
    runAsGroup,
    image: imageReference(hotReload.image),
    imagePullPolicy: hotReload.image.pullPolicy,
    resources: hotReload.resources,
  });
}
