export { HeadscaleChart } from './chart';
export type { HeadscaleChartProps } from './chart';
export { synthHeadscale } from './synth';

export { ConfigFile } from './constructs/config-file';
export type { ConfigFileProps } from './constructs/config-file';
export { DisruptionBudget } from './constructs/disruption-budget';
export type { DisruptionBudgetProps } from './constructs/disruption-budget';
export { ServiceIngress } from './constructs/ingress';
export type { IngressPath, ServiceIngressProps } from './constructs/ingress';
export { KEEP_ANNOTATIONS, KeptVolumeClaim } from './constructs/persistence';
export type { KeptVolumeClaimProps } from './constructs/persistence';
export { DATA_PATH, HeadscaleServer } from './constructs/server';
export type { HeadscaleServerProps } from './constructs/server';

export { headscaleConfig } from './render/headscale-config';
export { fileChecksum, serverFiles } from './render/mounted-files';
export type { MountedFile } from './render/mounted-files';
export { CLIENT_TAG, CLIENT_USER, policyDocument } from './render/policy';
export { APP_VERSION, CHART_NAME, commonLabels, deriveRelease, objectName, selectorLabels } from './render/release';
export type { Component, Labels, Release } from './render/release';

export { formatProblem, ValuesError } from './values/errors';
export type { ValuesProblem } from './values/errors';
export { helmMerge } from './values/helm-merge';
export { layerAll, parseSetExpression, parseValuesYaml, readValuesFile } from './values/load';
export { parseValues } from './values/parse';
export { HEADSCALE_CONFIG_DEFAULTS, valuesSchema } from './values/schema';
export type { HeadscaleValues, HeadscaleValuesInput } from './values/schema';
