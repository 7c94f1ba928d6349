// The custom resources' types, written by hack/update-crd-schemas.js from the CRDs of crd-schemas.json.

// monitoring.coreos.com/v1/ServiceMonitor: prometheus-operator/prometheus-operator example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml (v0.93.0)
/** The `ServiceMonitor` custom resource definition (CRD) defines how `Prometheus` and `PrometheusAgent` can scrape metrics from a group of services. Among other things, it allows to specify: * The services to scrape via label selectors. * The container ports to scrape. * Authentication credentials to use. * Target and metric relabeling. */
export interface ServiceMonitor {
  /** spec defines the specification of desired Service selection for target discovery by Prometheus. */
  spec: {
    /** attachMetadata defines additional metadata which is added to the discovered targets. */
    attachMetadata?: {
      /** node when set to true, Prometheus attaches node metadata to the discovered targets. */
      node?: boolean;
    };
    /** bodySizeLimit when defined, bodySizeLimit specifies a job level limit on the size of uncompressed response body that will be accepted by Prometheus. */
    bodySizeLimit?: string;
    /** convertClassicHistogramsToNHCB defines whether to convert all scraped classic histograms into a native histogram with custom buckets. It requires Prometheus >= v3.0.0. */
    convertClassicHistogramsToNHCB?: boolean;
    /** endpoints defines the list of endpoints part of this ServiceMonitor. Defines how to scrape metrics from Kubernetes [Endpoints](https://kubernetes.io/docs/concepts/services-networking/service/#endpoints) objects. In most cases, an Endpoints object is backed by a Kubernetes [Service](https://kubernetes.io/docs/concepts/services-networking/service/) object with the same name and labels. */
    endpoints: Array<{
      /** authorization configures the Authorization header credentials used by the client. */
      authorization?: {
        /** credentials defines a key of a Secret in the namespace that contains the credentials for authentication. */
        credentials?: {
          /** The key of the secret to select from. Must be a valid secret key. */
          key: string;
          /** Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names */
          name?: string;
          /** Specify whether the Secret or its key must be defined */
          optional?: boolean;
        };
        /** type defines the authentication type. The value is case-insensitive. */
        type?: string;
      };
      /** basicAuth defines the Basic Authentication credentials used by the client. */
      basicAuth?: {
        /** password defines a key of a Secret containing the password for authentication. */
        password?: {
          /** The key of the secret to select from. Must be a valid secret key. */
          key: string;
          /** Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names */
          name?: string;
          /** Specify whether the Secret or its key must be defined */
          optional?: boolean;
        };
        /** username defines a key of a Secret containing the username for authentication. */
        username?: {
          /** The key of the secret to select from. Must be a valid secret key. */
          key: string;
          /** Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names */
          name?: string;
          /** Specify whether the Secret or its key must be defined */
          optional?: boolean;
        };
      };
      /** bearerTokenFile defines the file to read bearer token for scraping the target. */
      bearerTokenFile?: string;
      /** bearerTokenSecret defines a key of a Secret containing the bearer token used by the client for authentication. The secret needs to be in the same namespace as the custom resource and readable by the Prometheus Operator. */
      bearerTokenSecret?: {
        /** The key of the secret to select from. Must be a valid secret key. */
        key: string;
        /** Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names */
        name?: string;
        /** Specify whether the Secret or its key must be defined */
        optional?: boolean;
      };
      /** enableHttp2 can be used to disable HTTP2. */
      enableHttp2?: boolean;
      /** filterRunning when true, the pods which are not running (e.g. either in Failed or Succeeded state) are dropped during the target discovery. */
      filterRunning?: boolean;
      /** followRedirects defines whether the client should follow HTTP 3xx redirects. */
      followRedirects?: boolean;
      /** honorLabels defines when true the metric's labels when they collide with the target's labels. */
      honorLabels?: boolean;
      /** honorTimestamps defines whether Prometheus preserves the timestamps when exposed by the target. */
      honorTimestamps?: boolean;
      /** interval at which Prometheus scrapes the metrics from the target. */
      interval?: string;
      /** metricRelabelings defines the relabeling rules to apply to the samples before ingestion. */
      metricRelabelings?: Array<{
        /** action to perform based on the regex matching. */
        action?:
          | 'replace'
          | 'Replace'
          | 'keep'
          | 'Keep'
          | 'drop'
          | 'Drop'
          | 'hashmod'
          | 'HashMod'
          | 'labelmap'
          | 'LabelMap'
          | 'labeldrop'
          | 'LabelDrop'
          | 'labelkeep'
          | 'LabelKeep'
          | 'lowercase'
          | 'Lowercase'
          | 'uppercase'
          | 'Uppercase'
          | 'keepequal'
          | 'KeepEqual'
          | 'dropequal'
          | 'DropEqual';
        /** modulus to take of the hash of the source label values. */
        modulus?: number;
        /** regex defines the regular expression against which the extracted value is matched. */
        regex?: string;
        /** replacement value against which a Replace action is performed if the regular expression matches. */
        replacement?: string;
        /** separator defines the string between concatenated SourceLabels. */
        separator?: string;
        /** sourceLabels defines the source labels select values from existing labels. Their content is concatenated using the configured Separator and matched against the configured regular expression. */
        sourceLabels?: Array<string>;
        /** targetLabel defines the label to which the resulting string is written in a replacement. */
        targetLabel?: string;
      }>;
      /** noProxy defines a comma-separated string that can contain IPs, CIDR notation, domain names that should be excluded from proxying. IP and domain names can contain port numbers. */
      noProxy?: string;
      /** oauth2 defines the OAuth2 settings used by the client. */
      oauth2?: {
        /** clientId defines a key of a Secret or ConfigMap containing the OAuth2 client's ID. */
        clientId: {
          /** configMap defines the ConfigMap containing data to use for the targets. */
          configMap?: {
            /** The key to select. */
            key: string;
            /** Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names */
            name?: string;
            /** Specify whether the ConfigMap or its key must be defined */
            optional?: boolean;
          };
          /** secret defines the Secret containing data to use for the targets. */
          secret?: {
            /** The key of the secret to select from. Must be a valid secret key. */
            key: string;
            /** Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names */
            name?: string;
            /** Specify whether the Secret or its key must be defined */
            optional?: boolean;
          };
        };
        /** clientSecret defines a key of a Secret containing the OAuth2 client's secret. */
        clientSecret: {
          /** The key of the secret to select from. Must be a valid secret key. */
          key: string;
          /** Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names */
          name?: string;
          /** Specify whether the Secret or its key must be defined */
          optional?: boolean;
        };
        /** endpointParams configures the HTTP parameters to append to the token URL. */
        endpointParams?: { [key: string]: string };
        /** noProxy defines a comma-separated string that can contain IPs, CIDR notation, domain names that should be excluded from proxying. IP and domain names can contain port numbers. */
        noProxy?: string;
        /** proxyConnectHeader optionally specifies headers to send to proxies during CONNECT requests. */
        proxyConnectHeader?: {
          [key: string]: Array<{
            /** The key of the secret to select from. Must be a valid secret key. */
            key: string;
            /** Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names */
            name?: string;
            /** Specify whether the Secret or its key must be defined */
            optional?: boolean;
          }>;
        };
        /** proxyFromEnvironment defines whether to use the proxy configuration defined by environment variables (HTTP_PROXY, HTTPS_PROXY, and NO_PROXY). */
        proxyFromEnvironment?: boolean;
        /** proxyUrl defines the HTTP proxy server to use. */
        proxyUrl?: string;
        /** scopes defines the OAuth2 scopes used for the token request. */
        scopes?: Array<string>;
        /** tlsConfig defines the TLS configuration to use when connecting to the OAuth2 server. It requires Prometheus >= v2.43.0. */
        tlsConfig?: {
          /** ca defines the Certificate authority used when verifying server certificates. */
          ca?: {
            /** configMap defines the ConfigMap containing data to use for the targets. */
            configMap?: {
              /** The key to select. */
              key: string;
              /** Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names */
              name?: string;
              /** Specify whether the ConfigMap or its key must be defined */
              optional?: boolean;
            };
            /** secret defines the Secret containing data to use for the targets. */
            secret?: {
              /** The key of the secret to select from. Must be a valid secret key. */
              key: string;
              /** Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names */
              name?: string;
              /** Specify whether the Secret or its key must be defined */
              optional?: boolean;
            };
          };
          /** cert defines the Client certificate to present when doing client-authentication. */
          cert?: {
            /** configMap defines the ConfigMap containing data to use for the targets. */
            configMap?: {
              /** The key to select. */
              key: string;
              /** Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names */
              name?: string;
              /** Specify whether the ConfigMap or its key must be defined */
              optional?: boolean;
            };
            /** secret defines the Secret containing data to use for the targets. */
            secret?: {
              /** The key of the secret to select from. Must be a valid secret key. */
              key: string;
              /** Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names */
              name?: string;
              /** Specify whether the Secret or its key must be defined */
              optional?: boolean;
            };
          };
          /** insecureSkipVerify defines how to disable target certificate validation. */
          insecureSkipVerify?: boolean;
          /** keySecret defines the Secret containing the client key file for the targets. */
          keySecret?: {
            /** The key of the secret to select from. Must be a valid secret key. */
            key: string;
            /** Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names */
            name?: string;
            /** Specify whether the Secret or its key must be defined */
            optional?: boolean;
          };
          /** maxVersion defines the maximum acceptable TLS version. */
          maxVersion?: 'TLS10' | 'TLS11' | 'TLS12' | 'TLS13';
          /** minVersion defines the minimum acceptable TLS version. */
          minVersion?: 'TLS10' | 'TLS11' | 'TLS12' | 'TLS13';
          /** serverName is used to verify the hostname for the targets. */
          serverName?: string;
        };
        /** tokenUrl defines the URL to fetch the token from. */
        tokenUrl: string;
      };
      /** params define optional HTTP URL parameters. */
      params?: { [key: string]: Array<string> };
      /** path defines the HTTP path from which to scrape for metrics. */
      path?: string;
      /** port defines the name of the Service port which this endpoint refers to (e.g. `.spec.ports[].name`). */
      port?: string;
      /** proxyConnectHeader optionally specifies headers to send to proxies during CONNECT requests. */
      proxyConnectHeader?: {
        [key: string]: Array<{
          /** The key of the secret to select from. Must be a valid secret key. */
          key: string;
          /** Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names */
          name?: string;
          /** Specify whether the Secret or its key must be defined */
          optional?: boolean;
        }>;
      };
      /** proxyFromEnvironment defines whether to use the proxy configuration defined by environment variables (HTTP_PROXY, HTTPS_PROXY, and NO_PROXY). */
      proxyFromEnvironment?: boolean;
      /** proxyUrl defines the HTTP proxy server to use. */
      proxyUrl?: string;
      /** relabelings defines the relabeling rules to apply the target's metadata labels. */
      relabelings?: Array<{
        /** action to perform based on the regex matching. */
        action?:
          | 'replace'
          | 'Replace'
          | 'keep'
          | 'Keep'
          | 'drop'
          | 'Drop'
          | 'hashmod'
          | 'HashMod'
          | 'labelmap'
          | 'LabelMap'
          | 'labeldrop'
          | 'LabelDrop'
          | 'labelkeep'
          | 'LabelKeep'
          | 'lowercase'
          | 'Lowercase'
          | 'uppercase'
          | 'Uppercase'
          | 'keepequal'
          | 'KeepEqual'
          | 'dropequal'
          | 'DropEqual';
        /** modulus to take of the hash of the source label values. */
        modulus?: number;
        /** regex defines the regular expression against which the extracted value is matched. */
        regex?: string;
        /** replacement value against which a Replace action is performed if the regular expression matches. */
        replacement?: string;
        /** separator defines the string between concatenated SourceLabels. */
        separator?: string;
        /** sourceLabels defines the source labels select values from existing labels. Their content is concatenated using the configured Separator and matched against the configured regular expression. */
        sourceLabels?: Array<string>;
        /** targetLabel defines the label to which the resulting string is written in a replacement. */
        targetLabel?: string;
      }>;
      /** scheme defines the HTTP scheme to use when scraping the metrics. */
      scheme?: 'http' | 'https' | 'HTTP' | 'HTTPS';
      /** scrapeTimeout defines the timeout after which Prometheus considers the scrape to be failed. */
      scrapeTimeout?: string;
      /** targetPort defines the name or number of a container port on Pods selected by the Service. If a name, it matches against `.spec.containers[].ports[].name` of the Pods. If a number, it matches against `.spec.containers[].ports[].containerPort` of the Pods. */
      targetPort?: number | string;
      /** tlsConfig defines TLS configuration used by the client. */
      tlsConfig?: {
        /** ca defines the Certificate authority used when verifying server certificates. */
        ca?: {
          /** configMap defines the ConfigMap containing data to use for the targets. */
          configMap?: {
            /** The key to select. */
            key: string;
            /** Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names */
            name?: string;
            /** Specify whether the ConfigMap or its key must be defined */
            optional?: boolean;
          };
          /** secret defines the Secret containing data to use for the targets. */
          secret?: {
            /** The key of the secret to select from. Must be a valid secret key. */
            key: string;
            /** Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names */
            name?: string;
            /** Specify whether the Secret or its key must be defined */
            optional?: boolean;
          };
        };
        /** caFile defines the path to the CA cert in the Prometheus container to use for the targets. */
        caFile?: string;
        /** cert defines the Client certificate to present when doing client-authentication. */
        cert?: {
          /** configMap defines the ConfigMap containing data to use for the targets. */
          configMap?: {
            /** The key to select. */
            key: string;
            /** Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names */
            name?: string;
            /** Specify whether the ConfigMap or its key must be defined */
            optional?: boolean;
          };
          /** secret defines the Secret containing data to use for the targets. */
          secret?: {
            /** The key of the secret to select from. Must be a valid secret key. */
            key: string;
            /** Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names */
            name?: string;
            /** Specify whether the Secret or its key must be defined */
            optional?: boolean;
          };
        };
        /** certFile defines the path to the client cert file in the Prometheus container for the targets. */
        certFile?: string;
        /** insecureSkipVerify defines how to disable target certificate validation. */
        insecureSkipVerify?: boolean;
        /** keyFile defines the path to the client key file in the Prometheus container for the targets. */
        keyFile?: string;
        /** keySecret defines the Secret containing the client key file for the targets. */
        keySecret?: {
          /** The key of the secret to select from. Must be a valid secret key. */
          key: string;
          /** Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names */
          name?: string;
          /** Specify whether the Secret or its key must be defined */
          optional?: boolean;
        };
        /** maxVersion defines the maximum acceptable TLS version. */
        maxVersion?: 'TLS10' | 'TLS11' | 'TLS12' | 'TLS13';
        /** minVersion defines the minimum acceptable TLS version. */
        minVersion?: 'TLS10' | 'TLS11' | 'TLS12' | 'TLS13';
        /** serverName is used to verify the hostname for the targets. */
        serverName?: string;
      };
      /** trackTimestampsStaleness defines whether Prometheus tracks staleness of the metrics that have an explicit timestamp present in scraped data. Has no effect if `honorTimestamps` is false. */
      trackTimestampsStaleness?: boolean;
    }>;
    /** fallbackScrapeProtocol defines the protocol to use if a scrape returns blank, unparseable, or otherwise invalid Content-Type. */
    fallbackScrapeProtocol?:
      | 'PrometheusProto'
      | 'OpenMetricsText0.0.1'
      | 'OpenMetricsText1.0.0'
      | 'PrometheusText0.0.4'
      | 'PrometheusText1.0.0';
    /** jobLabel selects the label from the associated Kubernetes `Service` object which will be used as the `job` label for all metrics. */
    jobLabel?: string;
    /** keepDroppedTargets defines the per-scrape limit on the number of targets dropped by relabeling that will be kept in memory. 0 means no limit. */
    keepDroppedTargets?: number;
    /** labelLimit defines the per-scrape limit on number of labels that will be accepted for a sample. */
    labelLimit?: number;
    /** labelNameLengthLimit defines the per-scrape limit on length of labels name that will be accepted for a sample. */
    labelNameLengthLimit?: number;
    /** labelValueLengthLimit defines the per-scrape limit on length of labels value that will be accepted for a sample. */
    labelValueLengthLimit?: number;
    /** namespaceSelector defines in which namespace(s) Prometheus should discover the services. By default, the services are discovered in the same namespace as the `ServiceMonitor` object but it is possible to select pods across different/all namespaces. */
    namespaceSelector?: {
      /** any defines the boolean describing whether all namespaces are selected in contrast to a list restricting them. */
      any?: boolean;
      /** matchNames defines the list of namespace names to select from. */
      matchNames?: Array<string>;
    };
    /** nativeHistogramBucketLimit defines ff there are more than this many buckets in a native histogram, buckets will be merged to stay within the limit. It requires Prometheus >= v2.45.0. */
    nativeHistogramBucketLimit?: number;
    /** nativeHistogramMinBucketFactor defines if the growth factor of one bucket to the next is smaller than this, buckets will be merged to increase the factor sufficiently. It requires Prometheus >= v2.50.0. */
    nativeHistogramMinBucketFactor?: number | string;
    /** podTargetLabels defines the labels which are transferred from the associated Kubernetes `Pod` object onto the ingested metrics. */
    podTargetLabels?: Array<string>;
    /** sampleLimit defines a per-scrape limit on the number of scraped samples that will be accepted. */
    sampleLimit?: number;
    /** scrapeClass defines the scrape class to apply. */
    scrapeClass?: string;
    /** scrapeClassicHistograms defines whether to scrape a classic histogram that is also exposed as a native histogram. It requires Prometheus >= v2.45.0. */
    scrapeClassicHistograms?: boolean;
    /** scrapeNativeHistograms defines whether to enable scraping of native histograms. It requires Prometheus >= v3.8.0. */
    scrapeNativeHistograms?: boolean;
    /** scrapeProtocols defines the protocols to negotiate during a scrape. It tells clients the protocols supported by Prometheus in order of preference (from most to least preferred). */
    scrapeProtocols?: Array<
      | 'PrometheusProto'
      | 'OpenMetricsText0.0.1'
      | 'OpenMetricsText1.0.0'
      | 'PrometheusText0.0.4'
      | 'PrometheusText1.0.0'
    >;
    /** selector defines the label selector to select the Kubernetes `Endpoints` objects to scrape metrics from. */
    selector: {
      /** matchExpressions is a list of label selector requirements. The requirements are ANDed. */
      matchExpressions?: Array<{
        /** key is the label key that the selector applies to. */
        key: string;
        /** operator represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists and DoesNotExist. */
        operator: string;
        /** values is an array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty. This array is replaced during a strategic merge patch. */
        values?: Array<string>;
      }>;
      /** matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is "key", the operator is "In", and the values array contains only "value". The requirements are ANDed. */
      matchLabels?: { [key: string]: string };
    };
    /** selectorMechanism defines the mechanism used to select the endpoints to scrape. By default, the selection process relies on relabel configurations to filter the discovered targets. Alternatively, you can opt in for role selectors, which may offer better efficiency in large clusters. Which strategy is best for your use case needs to be carefully evaluated. */
    selectorMechanism?: 'RelabelConfig' | 'RoleSelector';
    /** serviceDiscoveryRole defines the service discovery role used to discover targets. */
    serviceDiscoveryRole?: 'Endpoints' | 'EndpointSlice';
    /** targetLabels defines the labels which are transferred from the associated Kubernetes `Service` object onto the ingested metrics. */
    targetLabels?: Array<string>;
    /** targetLimit defines a limit on the number of scraped targets that will be accepted. */
    targetLimit?: number;
  };
}

// gateway.networking.k8s.io/v1/HTTPRoute: kubernetes-sigs/gateway-api config/crd/standard/gateway.networking.k8s.io_httproutes.yaml (v1.6.1)
/** HTTPRoute provides a way to route HTTP requests. This includes the capability to match requests by hostname, path, header, or query param. Filters can be used to specify additional processing steps. Backends specify where matching requests should be routed. */
export interface HTTPRoute {
  /** Spec defines the desired state of HTTPRoute. */
  spec: {
    /** Hostnames defines a set of hostnames that should match against the HTTP Host header to select a HTTPRoute used to process the request. Implementations MUST ignore any port value specified in the HTTP Host header while performing a match and (absent of any applicable header modification configuration) MUST forward this header unmodified to the backend. */
    hostnames?: Array<string>;
    /** ParentRefs references the resources (usually Gateways) that a Route wants to be attached to. Note that the referenced parent resource needs to allow this for the attachment to be complete. For Gateways, that means the Gateway needs to allow attachment from Routes of this kind and namespace. For Services, that means the Service must either be in the same namespace for a "producer" route, or the mesh implementation must support and allow "consumer" routes for the referenced Service. ReferenceGrant is not applicable for governing ParentRefs to Services - it is not possible to create a "producer" route for a Service in a different namespace from the Route. */
    parentRefs?: Array<{
      /** Group is the group of the referent. When unspecified, "gateway.networking.k8s.io" is inferred. To set the core API group (such as for a "Service" kind referent), Group must be explicitly set to "" (empty string). */
      group?: string;
      /** Kind is kind of the referent. */
      kind?: string;
      /** Name is the name of the referent. */
      name: string;
      /** Namespace is the namespace of the referent. When unspecified, this refers to the local namespace of the Route. */
      namespace?: string;
      /** Port is the network port this Route targets. It can be interpreted differently based on the type of parent resource. */
      port?: number;
      /** SectionName is the name of a section within the target resource. In the following resources, SectionName is interpreted as the following: */
      sectionName?: string;
    }>;
    /** Rules are a list of HTTP matchers, filters and actions. */
    rules?: Array<{
      /** BackendRefs defines the backend(s) where matching requests should be sent. */
      backendRefs?: Array<{
        /** Filters defined at this level should be executed if and only if the request is being forwarded to the backend defined here. */
        filters?: Array<{
          /** CORS defines a schema for a filter that responds to the cross-origin request based on HTTP response header. */
          cors?: {
            /** AllowCredentials indicates whether the actual cross-origin request allows to include credentials. */
            allowCredentials?: boolean;
            /** AllowHeaders indicates which HTTP request headers are supported for accessing the requested resource. */
            allowHeaders?: Array<string>;
            /** AllowMethods indicates which HTTP methods are supported for accessing the requested resource. */
            allowMethods?: Array<
              'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'CONNECT' | 'OPTIONS' | 'TRACE' | 'PATCH' | '*'
            >;
            /** AllowOrigins indicates whether the response can be shared with requested resource from the given `Origin`. */
            allowOrigins?: Array<string>;
            /** ExposeHeaders indicates which HTTP response headers can be exposed to client-side scripts in response to a cross-origin request. */
            exposeHeaders?: Array<string>;
            /** MaxAge indicates the duration (in seconds) for the client to cache the results of a "preflight" request. */
            maxAge?: number;
          };
          /** ExtensionRef is an optional, implementation-specific extension to the "filter" behavior. For example, resource "myroutefilter" in group "networking.example.net"). ExtensionRef MUST NOT be used for core and extended filters. */
          extensionRef?: {
            /** Group is the group of the referent. For example, "gateway.networking.k8s.io". When unspecified or empty string, core API group is inferred. */
            group: string;
            /** Kind is kind of the referent. For example "HTTPRoute" or "Service". */
            kind: string;
            /** Name is the name of the referent. */
            name: string;
          };
          /** RequestHeaderModifier defines a schema for a filter that modifies request headers. */
          requestHeaderModifier?: {
            /** Add adds the given header(s) (name, value) to the request before the action. It appends to any existing values associated with the header name. */
            add?: Array<{
              /** Name is the name of the HTTP Header to be matched. Name matching MUST be case-insensitive. (See https://tools.ietf.org/html/rfc7230#section-3.2). */
              name: string;
              /** Value is the value of HTTP Header to be matched. */
              value: string;
            }>;
            /** Remove the given header(s) from the HTTP request before the action. The value of Remove is a list of HTTP header names. Note that the header names are case-insensitive (see https://datatracker.ietf.org/doc/html/rfc2616#section-4.2). */
            remove?: Array<string>;
            /** Set overwrites the request with the given header (name, value) before the action. */
            set?: Array<{
              /** Name is the name of the HTTP Header to be matched. Name matching MUST be case-insensitive. (See https://tools.ietf.org/html/rfc7230#section-3.2). */
              name: string;
              /** Value is the value of HTTP Header to be matched. */
              value: string;
            }>;
          };
          /** RequestMirror defines a schema for a filter that mirrors requests. Requests are sent to the specified destination, but responses from that destination are ignored. */
          requestMirror?: {
            /** BackendRef references a resource where mirrored requests are sent. */
            backendRef: {
              /** Group is the group of the referent. For example, "gateway.networking.k8s.io". When unspecified or empty string, core API group is inferred. */
              group?: string;
              /** Kind is the Kubernetes resource kind of the referent. For example "Service". */
              kind?: string;
              /** Name is the name of the referent. */
              name: string;
              /** Namespace is the namespace of the backend. When unspecified, the local namespace is inferred. */
              namespace?: string;
              /** Port specifies the destination port number to use for this resource. Port is required when the referent is a Kubernetes Service. In this case, the port number is the service port number, not the target port. For other resources, destination port might be derived from the referent resource or this field. */
              port?: number;
            };
            /** Fraction represents the fraction of requests that should be mirrored to BackendRef. */
            fraction?: {
              denominator?: number;
              numerator: number;
            };
            /** Percent represents the percentage of requests that should be mirrored to BackendRef. Its minimum value is 0 (indicating 0% of requests) and its maximum value is 100 (indicating 100% of requests). */
            percent?: number;
          };
          /** RequestRedirect defines a schema for a filter that responds to the request with an HTTP redirection. */
          requestRedirect?: {
            /** Hostname is the hostname to be used in the value of the `Location` header in the response. When empty, the hostname in the `Host` header of the request is used. */
            hostname?: string;
            /** Path defines parameters used to modify the path of the incoming request. The modified path is then used to construct the `Location` header. When empty, the request path is used as-is. */
            path?: {
              /** ReplaceFullPath specifies the value with which to replace the full path of a request during a rewrite or redirect. */
              replaceFullPath?: string;
              /** ReplacePrefixMatch specifies the value with which to replace the prefix match of a request during a rewrite or redirect. For example, a request to "/foo/bar" with a prefix match of "/foo" and a ReplacePrefixMatch of "/xyz" would be modified to "/xyz/bar". */
              replacePrefixMatch?: string;
              /** Type defines the type of path modifier. Additional types may be added in a future release of the API. */
              type: 'ReplaceFullPath' | 'ReplacePrefixMatch';
            };
            /** Port is the port to be used in the value of the `Location` header in the response. */
            port?: number;
            /** Scheme is the scheme to be used in the value of the `Location` header in the response. When empty, the scheme of the request is used. */
            scheme?: 'http' | 'https';
            /** StatusCode is the HTTP status code to be used in response. */
            statusCode?: 301 | 302 | 303 | 307 | 308;
          };
          /** ResponseHeaderModifier defines a schema for a filter that modifies response headers. */
          responseHeaderModifier?: {
            /** Add adds the given header(s) (name, value) to the request before the action. It appends to any existing values associated with the header name. */
            add?: Array<{
              /** Name is the name of the HTTP Header to be matched. Name matching MUST be case-insensitive. (See https://tools.ietf.org/html/rfc7230#section-3.2). */
              name: string;
              /** Value is the value of HTTP Header to be matched. */
              value: string;
            }>;
            /** Remove the given header(s) from the HTTP request before the action. The value of Remove is a list of HTTP header names. Note that the header names are case-insensitive (see https://datatracker.ietf.org/doc/html/rfc2616#section-4.2). */
            remove?: Array<string>;
            /** Set overwrites the request with the given header (name, value) before the action. */
            set?: Array<{
              /** Name is the name of the HTTP Header to be matched. Name matching MUST be case-insensitive. (See https://tools.ietf.org/html/rfc7230#section-3.2). */
              name: string;
              /** Value is the value of HTTP Header to be matched. */
              value: string;
            }>;
          };
          /** Type identifies the type of filter to apply. As with other API fields, types are classified into three conformance levels: */
          type:
            | 'RequestHeaderModifier'
            | 'ResponseHeaderModifier'
            | 'RequestMirror'
            | 'RequestRedirect'
            | 'URLRewrite'
            | 'ExtensionRef'
            | 'CORS';
          /** URLRewrite defines a schema for a filter that modifies a request during forwarding. */
          urlRewrite?: {
            /** Hostname is the value to be used to replace the Host header value during forwarding. */
            hostname?: string;
            /** Path defines a path rewrite. */
            path?: {
              /** ReplaceFullPath specifies the value with which to replace the full path of a request during a rewrite or redirect. */
              replaceFullPath?: string;
              /** ReplacePrefixMatch specifies the value with which to replace the prefix match of a request during a rewrite or redirect. For example, a request to "/foo/bar" with a prefix match of "/foo" and a ReplacePrefixMatch of "/xyz" would be modified to "/xyz/bar". */
              replacePrefixMatch?: string;
              /** Type defines the type of path modifier. Additional types may be added in a future release of the API. */
              type: 'ReplaceFullPath' | 'ReplacePrefixMatch';
            };
          };
        }>;
        /** Group is the group of the referent. For example, "gateway.networking.k8s.io". When unspecified or empty string, core API group is inferred. */
        group?: string;
        /** Kind is the Kubernetes resource kind of the referent. For example "Service". */
        kind?: string;
        /** Name is the name of the referent. */
        name: string;
        /** Namespace is the namespace of the backend. When unspecified, the local namespace is inferred. */
        namespace?: string;
        /** Port specifies the destination port number to use for this resource. Port is required when the referent is a Kubernetes Service. In this case, the port number is the service port number, not the target port. For other resources, destination port might be derived from the referent resource or this field. */
        port?: number;
        /** Weight specifies the proportion of requests forwarded to the referenced backend. This is computed as weight/(sum of all weights in this BackendRefs list). For non-zero values, there may be some epsilon from the exact proportion defined here depending on the precision an implementation supports. Weight is not a percentage and the sum of weights does not need to equal 100. */
        weight?: number;
      }>;
      /** Filters define the filters that are applied to requests that match this rule. */
      filters?: Array<{
        /** CORS defines a schema for a filter that responds to the cross-origin request based on HTTP response header. */
        cors?: {
          /** AllowCredentials indicates whether the actual cross-origin request allows to include credentials. */
          allowCredentials?: boolean;
          /** AllowHeaders indicates which HTTP request headers are supported for accessing the requested resource. */
          allowHeaders?: Array<string>;
          /** AllowMethods indicates which HTTP methods are supported for accessing the requested resource. */
          allowMethods?: Array<
            'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'CONNECT' | 'OPTIONS' | 'TRACE' | 'PATCH' | '*'
          >;
          /** AllowOrigins indicates whether the response can be shared with requested resource from the given `Origin`. */
          allowOrigins?: Array<string>;
          /** ExposeHeaders indicates which HTTP response headers can be exposed to client-side scripts in response to a cross-origin request. */
          exposeHeaders?: Array<string>;
          /** MaxAge indicates the duration (in seconds) for the client to cache the results of a "preflight" request. */
          maxAge?: number;
        };
        /** ExtensionRef is an optional, implementation-specific extension to the "filter" behavior. For example, resource "myroutefilter" in group "networking.example.net"). ExtensionRef MUST NOT be used for core and extended filters. */
        extensionRef?: {
          /** Group is the group of the referent. For example, "gateway.networking.k8s.io". When unspecified or empty string, core API group is inferred. */
          group: string;
          /** Kind is kind of the referent. For example "HTTPRoute" or "Service". */
          kind: string;
          /** Name is the name of the referent. */
          name: string;
        };
        /** RequestHeaderModifier defines a schema for a filter that modifies request headers. */
        requestHeaderModifier?: {
          /** Add adds the given header(s) (name, value) to the request before the action. It appends to any existing values associated with the header name. */
          add?: Array<{
            /** Name is the name of the HTTP Header to be matched. Name matching MUST be case-insensitive. (See https://tools.ietf.org/html/rfc7230#section-3.2). */
            name: string;
            /** Value is the value of HTTP Header to be matched. */
            value: string;
          }>;
          /** Remove the given header(s) from the HTTP request before the action. The value of Remove is a list of HTTP header names. Note that the header names are case-insensitive (see https://datatracker.ietf.org/doc/html/rfc2616#section-4.2). */
          remove?: Array<string>;
          /** Set overwrites the request with the given header (name, value) before the action. */
          set?: Array<{
            /** Name is the name of the HTTP Header to be matched. Name matching MUST be case-insensitive. (See https://tools.ietf.org/html/rfc7230#section-3.2). */
            name: string;
            /** Value is the value of HTTP Header to be matched. */
            value: string;
          }>;
        };
        /** RequestMirror defines a schema for a filter that mirrors requests. Requests are sent to the specified destination, but responses from that destination are ignored. */
        requestMirror?: {
          /** BackendRef references a resource where mirrored requests are sent. */
          backendRef: {
            /** Group is the group of the referent. For example, "gateway.networking.k8s.io". When unspecified or empty string, core API group is inferred. */
            group?: string;
            /** Kind is the Kubernetes resource kind of the referent. For example "Service". */
            kind?: string;
            /** Name is the name of the referent. */
            name: string;
            /** Namespace is the namespace of the backend. When unspecified, the local namespace is inferred. */
            namespace?: string;
            /** Port specifies the destination port number to use for this resource. Port is required when the referent is a Kubernetes Service. In this case, the port number is the service port number, not the target port. For other resources, destination port might be derived from the referent resource or this field. */
            port?: number;
          };
          /** Fraction represents the fraction of requests that should be mirrored to BackendRef. */
          fraction?: {
            denominator?: number;
            numerator: number;
          };
          /** Percent represents the percentage of requests that should be mirrored to BackendRef. Its minimum value is 0 (indicating 0% of requests) and its maximum value is 100 (indicating 100% of requests). */
          percent?: number;
        };
        /** RequestRedirect defines a schema for a filter that responds to the request with an HTTP redirection. */
        requestRedirect?: {
          /** Hostname is the hostname to be used in the value of the `Location` header in the response. When empty, the hostname in the `Host` header of the request is used. */
          hostname?: string;
          /** Path defines parameters used to modify the path of the incoming request. The modified path is then used to construct the `Location` header. When empty, the request path is used as-is. */
          path?: {
            /** ReplaceFullPath specifies the value with which to replace the full path of a request during a rewrite or redirect. */
            replaceFullPath?: string;
            /** ReplacePrefixMatch specifies the value with which to replace the prefix match of a request during a rewrite or redirect. For example, a request to "/foo/bar" with a prefix match of "/foo" and a ReplacePrefixMatch of "/xyz" would be modified to "/xyz/bar". */
            replacePrefixMatch?: string;
            /** Type defines the type of path modifier. Additional types may be added in a future release of the API. */
            type: 'ReplaceFullPath' | 'ReplacePrefixMatch';
          };
          /** Port is the port to be used in the value of the `Location` header in the response. */
          port?: number;
          /** Scheme is the scheme to be used in the value of the `Location` header in the response. When empty, the scheme of the request is used. */
          scheme?: 'http' | 'https';
          /** StatusCode is the HTTP status code to be used in response. */
          statusCode?: 301 | 302 | 303 | 307 | 308;
        };
        /** ResponseHeaderModifier defines a schema for a filter that modifies response headers. */
        responseHeaderModifier?: {
          /** Add adds the given header(s) (name, value) to the request before the action. It appends to any existing values associated with the header name. */
          add?: Array<{
            /** Name is the name of the HTTP Header to be matched. Name matching MUST be case-insensitive. (See https://tools.ietf.org/html/rfc7230#section-3.2). */
            name: string;
            /** Value is the value of HTTP Header to be matched. */
            value: string;
          }>;
          /** Remove the given header(s) from the HTTP request before the action. The value of Remove is a list of HTTP header names. Note that the header names are case-insensitive (see https://datatracker.ietf.org/doc/html/rfc2616#section-4.2). */
          remove?: Array<string>;
          /** Set overwrites the request with the given header (name, value) before the action. */
          set?: Array<{
            /** Name is the name of the HTTP Header to be matched. Name matching MUST be case-insensitive. (See https://tools.ietf.org/html/rfc7230#section-3.2). */
            name: string;
            /** Value is the value of HTTP Header to be matched. */
            value: string;
          }>;
        };
        /** Type identifies the type of filter to apply. As with other API fields, types are classified into three conformance levels: */
        type:
          | 'RequestHeaderModifier'
          | 'ResponseHeaderModifier'
          | 'RequestMirror'
          | 'RequestRedirect'
          | 'URLRewrite'
          | 'ExtensionRef'
          | 'CORS';
        /** URLRewrite defines a schema for a filter that modifies a request during forwarding. */
        urlRewrite?: {
          /** Hostname is the value to be used to replace the Host header value during forwarding. */
          hostname?: string;
          /** Path defines a path rewrite. */
          path?: {
            /** ReplaceFullPath specifies the value with which to replace the full path of a request during a rewrite or redirect. */
            replaceFullPath?: string;
            /** ReplacePrefixMatch specifies the value with which to replace the prefix match of a request during a rewrite or redirect. For example, a request to "/foo/bar" with a prefix match of "/foo" and a ReplacePrefixMatch of "/xyz" would be modified to "/xyz/bar". */
            replacePrefixMatch?: string;
            /** Type defines the type of path modifier. Additional types may be added in a future release of the API. */
            type: 'ReplaceFullPath' | 'ReplacePrefixMatch';
          };
        };
      }>;
      /** Matches define conditions used for matching the rule against incoming HTTP requests. Each match is independent, i.e. this rule will be matched if **any** one of the matches is satisfied. */
      matches?: Array<{
        /** Headers specifies HTTP request header matchers. Multiple match values are ANDed together, meaning, a request must match all the specified headers to select the route. */
        headers?: Array<{
          /** Name is the name of the HTTP Header to be matched. Name matching MUST be case-insensitive. (See https://tools.ietf.org/html/rfc7230#section-3.2). */
          name: string;
          /** Type specifies how to match against the value of the header. */
          type?: 'Exact' | 'RegularExpression';
          /** Value is the value of HTTP Header to be matched. */
          value: string;
        }>;
        /** Method specifies HTTP method matcher. When specified, this route will be matched only if the request has the specified method. */
        method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'CONNECT' | 'OPTIONS' | 'TRACE' | 'PATCH';
        /** Path specifies a HTTP request path matcher. If this field is not specified, a default prefix match on the "/" path is provided. */
        path?: {
          /** Type specifies how to match against the path Value. */
          type?: 'Exact' | 'PathPrefix' | 'RegularExpression';
          /** Value of the HTTP path to match against. */
          value?: string;
        };
        /** QueryParams specifies HTTP query parameter matchers. Multiple match values are ANDed together, meaning, a request must match all the specified query parameters to select the route. */
        queryParams?: Array<{
          /** Name is the name of the HTTP query param to be matched. This must be an exact string match. (See https://tools.ietf.org/html/rfc7230#section-2.7.3). */
          name: string;
          /** Type specifies how to match against the value of the query parameter. */
          type?: 'Exact' | 'RegularExpression';
          /** Value is the value of HTTP query param to be matched. */
          value: string;
        }>;
      }>;
      /** Name is the name of the route rule. This name MUST be unique within a Route if it is set. */
      name?: string;
      /** Timeouts defines the timeouts that can be configured for an HTTP request. */
      timeouts?: {
        /** BackendRequest specifies a timeout for an individual request from the gateway to a backend. This covers the time from when the request first starts being sent from the gateway to when the full response has been received from the backend. */
        backendRequest?: string;
        /** Request specifies the maximum duration for a gateway to respond to an HTTP request. If the gateway has not been able to respond before this deadline is met, the gateway MUST return a timeout error. */
        request?: string;
      };
    }>;
  };
}

// gateway.networking.k8s.io/v1/GRPCRoute: kubernetes-sigs/gateway-api config/crd/standard/gateway.networking.k8s.io_grpcroutes.yaml (v1.6.1)
/** GRPCRoute provides a way to route gRPC requests. This includes the capability to match requests by hostname, gRPC service, gRPC method, or HTTP/2 header. Filters can be used to specify additional processing steps. Backends specify where matching requests will be routed. */
export interface GRPCRoute {
  /** Spec defines the desired state of GRPCRoute. */
  spec: {
    /** Hostnames defines a set of hostnames to match against the GRPC Host header to select a GRPCRoute to process the request. This matches the RFC 1123 definition of a hostname with 2 notable exceptions: */
    hostnames?: Array<string>;
    /** ParentRefs references the resources (usually Gateways) that a Route wants to be attached to. Note that the referenced parent resource needs to allow this for the attachment to be complete. For Gateways, that means the Gateway needs to allow attachment from Routes of this kind and namespace. For Services, that means the Service must either be in the same namespace for a "producer" route, or the mesh implementation must support and allow "consumer" routes for the referenced Service. ReferenceGrant is not applicable for governing ParentRefs to Services - it is not possible to create a "producer" route for a Service in a different namespace from the Route. */
    parentRefs?: Array<{
      /** Group is the group of the referent. When unspecified, "gateway.networking.k8s.io" is inferred. To set the core API group (such as for a "Service" kind referent), Group must be explicitly set to "" (empty string). */
      group?: string;
      /** Kind is kind of the referent. */
      kind?: string;
      /** Name is the name of the referent. */
      name: string;
      /** Namespace is the namespace of the referent. When unspecified, this refers to the local namespace of the Route. */
      namespace?: string;
      /** Port is the network port this Route targets. It can be interpreted differently based on the type of parent resource. */
      port?: number;
      /** SectionName is the name of a section within the target resource. In the following resources, SectionName is interpreted as the following: */
      sectionName?: string;
    }>;
    /** Rules are a list of GRPC matchers, filters and actions. */
    rules?: Array<{
      /** BackendRefs defines the backend(s) where matching requests should be sent. */
      backendRefs?: Array<{
        /** Filters defined at this level MUST be executed if and only if the request is being forwarded to the backend defined here. */
        filters?: Array<{
          /** ExtensionRef is an optional, implementation-specific extension to the "filter" behavior. For example, resource "myroutefilter" in group "networking.example.net"). ExtensionRef MUST NOT be used for core and extended filters. */
          extensionRef?: {
            /** Group is the group of the referent. For example, "gateway.networking.k8s.io". When unspecified or empty string, core API group is inferred. */
            group: string;
            /** Kind is kind of the referent. For example "HTTPRoute" or "Service". */
            kind: string;
            /** Name is the name of the referent. */
            name: string;
          };
          /** RequestHeaderModifier defines a schema for a filter that modifies request headers. */
          requestHeaderModifier?: {
            /** Add adds the given header(s) (name, value) to the request before the action. It appends to any existing values associated with the header name. */
            add?: Array<{
              /** Name is the name of the HTTP Header to be matched. Name matching MUST be case-insensitive. (See https://tools.ietf.org/html/rfc7230#section-3.2). */
              name: string;
              /** Value is the value of HTTP Header to be matched. */
              value: string;
            }>;
            /** Remove the given header(s) from the HTTP request before the action. The value of Remove is a list of HTTP header names. Note that the header names are case-insensitive (see https://datatracker.ietf.org/doc/html/rfc2616#section-4.2). */
            remove?: Array<string>;
            /** Set overwrites the request with the given header (name, value) before the action. */
            set?: Array<{
              /** Name is the name of the HTTP Header to be matched. Name matching MUST be case-insensitive. (See https://tools.ietf.org/html/rfc7230#section-3.2). */
              name: string;
              /** Value is the value of HTTP Header to be matched. */
              value: string;
            }>;
          };
          /** RequestMirror defines a schema for a filter that mirrors requests. Requests are sent to the specified destination, but responses from that destination are ignored. */
          requestMirror?: {
            /** BackendRef references a resource where mirrored requests are sent. */
            backendRef: {
              /** Group is the group of the referent. For example, "gateway.networking.k8s.io". When unspecified or empty string, core API group is inferred. */
              group?: string;
              /** Kind is the Kubernetes resource kind of the referent. For example "Service". */
              kind?: string;
              /** Name is the name of the referent. */
              name: string;
              /** Namespace is the namespace of the backend. When unspecified, the local namespace is inferred. */
              namespace?: string;
              /** Port specifies the destination port number to use for this resource. Port is required when the referent is a Kubernetes Service. In this case, the port number is the service port number, not the target port. For other resources, destination port might be derived from the referent resource or this field. */
              port?: number;
            };
            /** Fraction represents the fraction of requests that should be mirrored to BackendRef. */
            fraction?: {
              denominator?: number;
              numerator: number;
            };
            /** Percent represents the percentage of requests that should be mirrored to BackendRef. Its minimum value is 0 (indicating 0% of requests) and its maximum value is 100 (indicating 100% of requests). */
            percent?: number;
          };
          /** ResponseHeaderModifier defines a schema for a filter that modifies response headers. */
          responseHeaderModifier?: {
            /** Add adds the given header(s) (name, value) to the request before the action. It appends to any existing values associated with the header name. */
            add?: Array<{
              /** Name is the name of the HTTP Header to be matched. Name matching MUST be case-insensitive. (See https://tools.ietf.org/html/rfc7230#section-3.2). */
              name: string;
              /** Value is the value of HTTP Header to be matched. */
              value: string;
            }>;
            /** Remove the given header(s) from the HTTP request before the action. The value of Remove is a list of HTTP header names. Note that the header names are case-insensitive (see https://datatracker.ietf.org/doc/html/rfc2616#section-4.2). */
            remove?: Array<string>;
            /** Set overwrites the request with the given header (name, value) before the action. */
            set?: Array<{
              /** Name is the name of the HTTP Header to be matched. Name matching MUST be case-insensitive. (See https://tools.ietf.org/html/rfc7230#section-3.2). */
              name: string;
              /** Value is the value of HTTP Header to be matched. */
              value: string;
            }>;
          };
          /** Type identifies the type of filter to apply. As with other API fields, types are classified into three conformance levels: */
          type: 'ResponseHeaderModifier' | 'RequestHeaderModifier' | 'RequestMirror' | 'ExtensionRef';
        }>;
        /** Group is the group of the referent. For example, "gateway.networking.k8s.io". When unspecified or empty string, core API group is inferred. */
        group?: string;
        /** Kind is the Kubernetes resource kind of the referent. For example "Service". */
        kind?: string;
        /** Name is the name of the referent. */
        name: string;
        /** Namespace is the namespace of the backend. When unspecified, the local namespace is inferred. */
        namespace?: string;
        /** Port specifies the destination port number to use for this resource. Port is required when the referent is a Kubernetes Service. In this case, the port number is the service port number, not the target port. For other resources, destination port might be derived from the referent resource or this field. */
        port?: number;
        /** Weight specifies the proportion of requests forwarded to the referenced backend. This is computed as weight/(sum of all weights in this BackendRefs list). For non-zero values, there may be some epsilon from the exact proportion defined here depending on the precision an implementation supports. Weight is not a percentage and the sum of weights does not need to equal 100. */
        weight?: number;
      }>;
      /** Filters define the filters that are applied to requests that match this rule. */
      filters?: Array<{
        /** ExtensionRef is an optional, implementation-specific extension to the "filter" behavior. For example, resource "myroutefilter" in group "networking.example.net"). ExtensionRef MUST NOT be used for core and extended filters. */
        extensionRef?: {
          /** Group is the group of the referent. For example, "gateway.networking.k8s.io". When unspecified or empty string, core API group is inferred. */
          group: string;
          /** Kind is kind of the referent. For example "HTTPRoute" or "Service". */
          kind: string;
          /** Name is the name of the referent. */
          name: string;
        };
        /** RequestHeaderModifier defines a schema for a filter that modifies request headers. */
        requestHeaderModifier?: {
          /** Add adds the given header(s) (name, value) to the request before the action. It appends to any existing values associated with the header name. */
          add?: Array<{
            /** Name is the name of the HTTP Header to be matched. Name matching MUST be case-insensitive. (See https://tools.ietf.org/html/rfc7230#section-3.2). */
            name: string;
            /** Value is the value of HTTP Header to be matched. */
            value: string;
          }>;
          /** Remove the given header(s) from the HTTP request before the action. The value of Remove is a list of HTTP header names. Note that the header names are case-insensitive (see https://datatracker.ietf.org/doc/html/rfc2616#section-4.2). */
          remove?: Array<string>;
          /** Set overwrites the request with the given header (name, value) before the action. */
          set?: Array<{
            /** Name is the name of the HTTP Header to be matched. Name matching MUST be case-insensitive. (See https://tools.ietf.org/html/rfc7230#section-3.2). */
            name: string;
            /** Value is the value of HTTP Header to be matched. */
            value: string;
          }>;
        };
        /** RequestMirror defines a schema for a filter that mirrors requests. Requests are sent to the specified destination, but responses from that destination are ignored. */
        requestMirror?: {
          /** BackendRef references a resource where mirrored requests are sent. */
          backendRef: {
            /** Group is the group of the referent. For example, "gateway.networking.k8s.io". When unspecified or empty string, core API group is inferred. */
            group?: string;
            /** Kind is the Kubernetes resource kind of the referent. For example "Service". */
            kind?: string;
            /** Name is the name of the referent. */
            name: string;
            /** Namespace is the namespace of the backend. When unspecified, the local namespace is inferred. */
            namespace?: string;
            /** Port specifies the destination port number to use for this resource. Port is required when the referent is a Kubernetes Service. In this case, the port number is the service port number, not the target port. For other resources, destination port might be derived from the referent resource or this field. */
            port?: number;
          };
          /** Fraction represents the fraction of requests that should be mirrored to BackendRef. */
          fraction?: {
            denominator?: number;
            numerator: number;
          };
          /** Percent represents the percentage of requests that should be mirrored to BackendRef. Its minimum value is 0 (indicating 0% of requests) and its maximum value is 100 (indicating 100% of requests). */
          percent?: number;
        };
        /** ResponseHeaderModifier defines a schema for a filter that modifies response headers. */
        responseHeaderModifier?: {
          /** Add adds the given header(s) (name, value) to the request before the action. It appends to any existing values associated with the header name. */
          add?: Array<{
            /** Name is the name of the HTTP Header to be matched. Name matching MUST be case-insensitive. (See https://tools.ietf.org/html/rfc7230#section-3.2). */
            name: string;
            /** Value is the value of HTTP Header to be matched. */
            value: string;
          }>;
          /** Remove the given header(s) from the HTTP request before the action. The value of Remove is a list of HTTP header names. Note that the header names are case-insensitive (see https://datatracker.ietf.org/doc/html/rfc2616#section-4.2). */
          remove?: Array<string>;
          /** Set overwrites the request with the given header (name, value) before the action. */
          set?: Array<{
            /** Name is the name of the HTTP Header to be matched. Name matching MUST be case-insensitive. (See https://tools.ietf.org/html/rfc7230#section-3.2). */
            name: string;
            /** Value is the value of HTTP Header to be matched. */
            value: string;
          }>;
        };
        /** Type identifies the type of filter to apply. As with other API fields, types are classified into three conformance levels: */
        type: 'ResponseHeaderModifier' | 'RequestHeaderModifier' | 'RequestMirror' | 'ExtensionRef';
      }>;
      /** Matches define conditions used for matching the rule against incoming gRPC requests. Each match is independent, i.e. this rule will be matched if **any** one of the matches is satisfied. */
      matches?: Array<{
        /** Headers specifies gRPC request header matchers. Multiple match values are ANDed together, meaning, a request MUST match all the specified headers to select the route. */
        headers?: Array<{
          /** Name is the name of the gRPC Header to be matched. */
          name: string;
          /** Type specifies how to match against the value of the header. */
          type?: 'Exact' | 'RegularExpression';
          /** Value is the value of the gRPC Header to be matched. */
          value: string;
        }>;
        /** Method specifies a gRPC request service/method matcher. If this field is not specified, all services and methods will match. */
        method?: {
          /** Value of the method to match against. If left empty or omitted, will match all services. */
          method?: string;
          /** Value of the service to match against. If left empty or omitted, will match any service. */
          service?: string;
          /** Type specifies how to match against the service and/or method. Support: Core (Exact with service and method specified) */
          type?: 'Exact' | 'RegularExpression';
        };
      }>;
      /** Name is the name of the route rule. This name MUST be unique within a Route if it is set. */
      name?: string;
    }>;
  };
}

// cert-manager.io/v1/Certificate: cert-manager/cert-manager deploy/crds/cert-manager.io_certificates.yaml (v1.21.1)
/** A Certificate resource should be created to ensure an up to date and signed X.509 certificate is stored in the Kubernetes Secret resource named in `spec.secretName`. */
export interface Certificate {
  /** Specification of the desired state of the Certificate resource. https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status */
  spec?: {
    /** Defines extra output formats of the private key and signed certificate chain to be written to this Certificate's target Secret. */
    additionalOutputFormats?: Array<{
      /** Type is the name of the format type that should be written to the Certificate's target Secret. */
      type: 'DER' | 'CombinedPEM';
    }>;
    /** Requested common name X509 certificate subject attribute. More info: https://datatracker.ietf.org/doc/html/rfc5280#section-4.1.2.6 NOTE: TLS clients will ignore this value when any subject alternative name is set (see https://tools.ietf.org/html/rfc6125#section-6.4.4). */
    commonName?: string;
    /** Requested DNS subject alternative names. */
    dnsNames?: Array<string>;
    /** Requested 'duration' (i.e. lifetime) of the Certificate. Note that the issuer may choose to ignore the requested duration, just like any other requested attribute. */
    duration?: string;
    /** Requested email subject alternative names. */
    emailAddresses?: Array<string>;
    /** Whether the KeyUsage and ExtKeyUsage extensions should be set in the encoded CSR. */
    encodeUsagesInRequest?: boolean;
    /** Requested IP address subject alternative names. */
    ipAddresses?: Array<string>;
    /** Requested basic constraints isCA value. The isCA value is used to set the `isCA` field on the created CertificateRequest resources. Note that the issuer may choose to ignore the requested isCA value, just like any other requested attribute. */
    isCA?: boolean;
    /** Reference to the issuer responsible for issuing the certificate. If the issuer is namespace-scoped, it must be in the same namespace as the Certificate. If the issuer is cluster-scoped, it can be used from any namespace. */
    issuerRef: {
      /** Group of the issuer being referred to. Defaults to 'cert-manager.io'. */
      group?: string;
      /** Kind of the issuer being referred to. Defaults to 'Issuer'. */
      kind?: string;
      /** Name of the issuer being referred to. */
      name: string;
    };
    /** Additional keystore output formats to be stored in the Certificate's Secret. */
    keystores?: {
      /** JKS configures options for storing a JKS keystore in the `spec.secretName` Secret resource. */
      jks?: {
        /** Alias specifies the alias of the key in the keystore, required by the JKS format. If not provided, the default alias `certificate` will be used. */
        alias?: string;
        /** Create enables JKS keystore creation for the Certificate. If true, a file named `keystore.jks` will be created in the target Secret resource, encrypted using the password stored in `passwordSecretRef` or `password`. The keystore file will be updated immediately. If the issuer provided a CA certificate, a file named `truststore.jks` will also be created in the target Secret resource, encrypted using the password stored in `passwordSecretRef` containing the issuing Certificate Authority */
        create: boolean;
        /** Password provides a literal password used to encrypt the JKS keystore. Mutually exclusive with passwordSecretRef. One of password or passwordSecretRef must provide a password with a non-zero length. */
        password?: string;
        /** PasswordSecretRef is a reference to a non-empty key in a Secret resource containing the password used to encrypt the JKS keystore. Mutually exclusive with password. One of password or passwordSecretRef must provide a password with a non-zero length. */
        passwordSecretRef?: {
          /** The key of the entry in the Secret resource's `data` field to be used. Some instances of this field may be defaulted, in others it may be required. */
          key?: string;
          /** Name of the resource being referred to. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names */
          name: string;
        };
      };
      /** PKCS12 configures options for storing a PKCS12 keystore in the `spec.secretName` Secret resource. */
      pkcs12?: {
        /** Create enables PKCS12 keystore creation for the Certificate. If true, a file named `keystore.p12` will be created in the target Secret resource, encrypted using the password stored in `passwordSecretRef` or in `password`. The keystore file will be updated immediately. If the issuer provided a CA certificate, a file named `truststore.p12` will also be created in the target Secret resource, encrypted using the password stored in `passwordSecretRef` containing the issuing Certificate Authority */
        create: boolean;
        /** Password provides a literal password used to encrypt the PKCS#12 keystore. Mutually exclusive with passwordSecretRef. One of password or passwordSecretRef must provide a password with a non-zero length. */
        password?: string;
        /** PasswordSecretRef is a reference to a non-empty key in a Secret resource containing the password used to encrypt the PKCS#12 keystore. Mutually exclusive with password. One of password or passwordSecretRef must provide a password with a non-zero length. */
        passwordSecretRef?: {
          /** The key of the entry in the Secret resource's `data` field to be used. Some instances of this field may be defaulted, in others it may be required. */
          key?: string;
          /** Name of the resource being referred to. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names */
          name: string;
        };
        /** Profile specifies the key and certificate encryption algorithms and the HMAC algorithm used to create the PKCS12 keystore. Default value is `LegacyRC2` for backward compatibility. */
        profile?: 'LegacyRC2' | 'LegacyDES' | 'Modern2023' | 'Modern2026';
      };
    };
    /** Requested X.509 certificate subject, represented using the LDAP "String Representation of a Distinguished Name" [1]. Important: the LDAP string format also specifies the order of the attributes in the subject, this is important when issuing certs for LDAP authentication. Example: `CN=foo,DC=corp,DC=example,DC=com` More info [1]: https://datatracker.ietf.org/doc/html/rfc4514 More info: https://github.com/cert-manager/cert-manager/issues/3203 More info: https://github.com/cert-manager/cert-manager/issues/4424 */
    literalSubject?: string;
    /** x.509 certificate NameConstraint extension which MUST NOT be used in a non-CA certificate. More Info: https://datatracker.ietf.org/doc/html/rfc5280#section-4.2.1.10 */
    nameConstraints?: {
      /** if true then the name constraints are marked critical. */
      critical?: boolean;
      /** Excluded contains the constraints which must be disallowed. Any name matching a restriction in the excluded field is invalid regardless of information appearing in the permitted */
      excluded?: {
        /** DNSDomains is a list of DNS domains that are permitted or excluded. */
        dnsDomains?: Array<string>;
        /** EmailAddresses is a list of Email Addresses that are permitted or excluded. */
        emailAddresses?: Array<string>;
        /** IPRanges is a list of IP Ranges that are permitted or excluded. This should be a valid CIDR notation. */
        ipRanges?: Array<string>;
        /** URIDomains is a list of URI domains that are permitted or excluded. */
        uriDomains?: Array<string>;
      };
      /** Permitted contains the constraints in which the names must be located. */
      permitted?: {
        /** DNSDomains is a list of DNS domains that are permitted or excluded. */
        dnsDomains?: Array<string>;
        /** EmailAddresses is a list of Email Addresses that are permitted or excluded. */
        emailAddresses?: Array<string>;
        /** IPRanges is a list of IP Ranges that are permitted or excluded. This should be a valid CIDR notation. */
        ipRanges?: Array<string>;
        /** URIDomains is a list of URI domains that are permitted or excluded. */
        uriDomains?: Array<string>;
      };
    };
    /** `otherNames` is an escape hatch for SAN that allows any type. We currently restrict the support to string like otherNames, cf RFC 5280 p 37 Any UTF8 String valued otherName can be passed with by setting the keys oid: x.x.x.x and UTF8Value: somevalue for `otherName`. Most commonly this would be UPN set with oid: 1.3.6.1.4.1.311.20.2.3 You should ensure that any OID passed is valid for the UTF8String type as we do not explicitly validate this. */
    otherNames?: Array<{
      /** OID is the object identifier for the otherName SAN. The object identifier must be expressed as a dotted string, for example, "1.2.840.113556.1.4.221". */
      oid?: string;
      /** utf8Value is the string value of the otherName SAN. The utf8Value accepts any valid UTF8 string to set as value for the otherName SAN. */
      utf8Value?: string;
    }>;
    /** Private key options. These include the key algorithm and size, the used encoding and the rotation policy. */
    privateKey?: {
      /** Algorithm is the private key algorithm of the corresponding private key for this certificate. */
      algorithm?: 'RSA' | 'ECDSA' | 'Ed25519';
      /** The private key cryptography standards (PKCS) encoding for this certificate's private key to be encoded in. */
      encoding?: 'PKCS1' | 'PKCS8';
      /** RotationPolicy controls how private keys should be regenerated when a re-issuance is being processed. */
      rotationPolicy?: 'Never' | 'Always';
      /** Size is the key bit size of the corresponding private key for this certificate. */
      size?: number;
    };
    /** How long before the currently issued certificate's expiry cert-manager should renew the certificate. For example, if a certificate is valid for 60 minutes, and `renewBefore=10m`, cert-manager will begin to attempt to renew the certificate 50 minutes after it was issued (i.e. when there are 10 minutes remaining until the certificate is no longer valid). */
    renewBefore?: string;
    /** `renewBeforePercentage` is like `renewBefore`, except it is a relative percentage rather than an absolute duration. For example, if a certificate is valid for 60 minutes, and `renewBeforePercentage=25`, cert-manager will begin to attempt to renew the certificate 45 minutes after it was issued (i.e. when there are 15 minutes (25%) remaining until the certificate is no longer valid). */
    renewBeforePercentage?: number;
    /** `renewal` allows configuration of how your certificate is renewed. If the policy mentioned is `RenewBefore` then the controller respects `renewBefore` and `renewBeforePercentage`. */
    renewal?: {
      /** `policy` must be one of `Disabled`, `RenewBefore`. */
      policy?: 'RenewBefore' | 'Disabled';
      /** `windows` mentions the behavior of when the renewal must happen. */
      windows?: Array<{
        /** `cron` is a cron compliant string to allow when the renewal should be allowed. Format is as shown below: * * * * * | | | | | | | | | day of the week (0–6) (Sunday to Saturday; | | | month (1–12) 7 is also Sunday on some systems) | | day of the month (1–31) | hour (0–23) minute (0–59) */
        cron: string;
        /** `timezone` is IANA compliant timezone. For example America/Denver. If this field is not set, timezone is treated as UTC. */
        timezone?: string;
        /** `windowDuration` is how long the cron definition is active for. Value must be in units accepted by Go time.ParseDuration https://golang.org/pkg/time/#ParseDuration. */
        windowDuration: string;
      }>;
    };
    /** The maximum number of CertificateRequest revisions that are maintained in the Certificate's history. Each revision represents a single `CertificateRequest` created by this Certificate, either when it was created, renewed, or Spec was changed. Revisions will be removed by oldest first if the number of revisions exceeds this number. */
    revisionHistoryLimit?: number;
    /** Name of the Secret resource that will be automatically created and managed by this Certificate resource. It will be populated with a private key and certificate, signed by the denoted issuer. The Secret resource lives in the same namespace as the Certificate resource. */
    secretName: string;
    /** Defines annotations and labels to be copied to the Certificate's Secret. Labels and annotations on the Secret will be changed as they appear on the SecretTemplate when added or removed. SecretTemplate annotations are added in conjunction with, and cannot overwrite, the base set of annotations cert-manager sets on the Certificate's Secret. */
    secretTemplate?: {
      /** Annotations is a key value map to be copied to the target Kubernetes Secret. */
      annotations?: { [key: string]: string };
      /** Labels is a key value map to be copied to the target Kubernetes Secret. */
      labels?: { [key: string]: string };
    };
    /** Signature algorithm to use. Allowed values for RSA keys: SHA256WithRSA, SHA384WithRSA, SHA512WithRSA. Allowed values for ECDSA keys: ECDSAWithSHA256, ECDSAWithSHA384, ECDSAWithSHA512. Allowed values for Ed25519 keys: PureEd25519. */
    signatureAlgorithm?:
      | 'SHA256WithRSA'
      | 'SHA384WithRSA'
      | 'SHA512WithRSA'
      | 'ECDSAWithSHA256'
      | 'ECDSAWithSHA384'
      | 'ECDSAWithSHA512'
      | 'PureEd25519';
    /** Requested set of X509 certificate subject attributes. More info: https://datatracker.ietf.org/doc/html/rfc5280#section-4.1.2.6 */
    subject?: {
      /** Countries to be used on the Certificate. */
      countries?: Array<string>;
      /** Cities to be used on the Certificate. */
      localities?: Array<string>;
      /** Organizational Units to be used on the Certificate. */
      organizationalUnits?: Array<string>;
      /** Organizations to be used on the Certificate. */
      organizations?: Array<string>;
      /** Postal codes to be used on the Certificate. */
      postalCodes?: Array<string>;
      /** State/Provinces to be used on the Certificate. */
      provinces?: Array<string>;
      /** Serial number to be used on the Certificate. */
      serialNumber?: string;
      /** Street addresses to be used on the Certificate. */
      streetAddresses?: Array<string>;
    };
    /** Requested URI subject alternative names. */
    uris?: Array<string>;
    /** Requested key usages and extended key usages. These usages are used to set the `usages` field on the created CertificateRequest resources. If `encodeUsagesInRequest` is unset or set to `true`, the usages will additionally be encoded in the `request` field which contains the CSR blob. */
    usages?: Array<
      | 'signing'
      | 'digital signature'
      | 'content commitment'
      | 'key encipherment'
      | 'key agreement'
      | 'data encipherment'
      | 'cert sign'
      | 'crl sign'
      | 'encipher only'
      | 'decipher only'
      | 'any'
      | 'server auth'
      | 'client auth'
      | 'code signing'
      | 'email protection'
      | 's/mime'
      | 'ipsec end system'
      | 'ipsec tunnel'
      | 'ipsec user'
      | 'timestamping'
      | 'ocsp signing'
      | 'microsoft sgc'
      | 'netscape sgc'
    >;
  };
}
