import crdSchemas from '../../src/kubernetes/crd-schemas.json';
import kubernetesSchemas from '../../src/kubernetes/kubernetes-schemas.json';
import { kubernetesFindings } from '../../src/kubernetes/manifest-schema';
import { type StructuralSchema, structuralSchemaErrors } from '../../src/kubernetes/structural-schema';

const errors = (schema: StructuralSchema, value: unknown) =>
  structuralSchemaErrors(schema, value).map((e) => [e.instancePath, e.keyword]);

describe('structuralSchemaErrors', () => {
  it('checks types, and takes an integer or a string where int-or-string', () => {
    expect(errors({ type: 'integer' }, 1.5)).toEqual([['', 'type']]);
    expect(errors({ type: 'number' }, 1.5)).toEqual([]);
    expect(errors({ type: 'object' }, [])).toEqual([['', 'type']]);
    const intOrString = { 'x-kubernetes-int-or-string': true } as const;
    expect(errors(intOrString, 'a')).toEqual([]);
    expect(errors(intOrString, 2)).toEqual([]);
    expect(errors(intOrString, true)).toEqual([
      ['', 'type'],
      ['', 'type'],
    ]);
  });

  it('counts lengths in characters (runes), not UTF-16 units, and matches patterns anywhere in the string', () => {
    expect(errors({ type: 'string', maxLength: 2 }, '😀😀')).toEqual([]);
    expect(errors({ type: 'string', maxLength: 2 }, '😀😀😀')).toEqual([['', 'maxLength']]);
    expect(errors({ type: 'string', minLength: 1 }, '')).toEqual([['', 'minLength']]);
    expect(errors({ type: 'string', pattern: 'b' }, 'abc')).toEqual([]);
    expect(errors({ type: 'string', pattern: '^b' }, 'abc')).toEqual([['', 'pattern']]);
  });

  it('checks enums, bounds and item counts', () => {
    expect(errors({ type: 'string', enum: ['a'] }, 'b')).toEqual([['', 'enum']]);
    expect(errors({ type: 'integer', minimum: 1, maximum: 3 }, 0)).toEqual([['', 'minimum']]);
    expect(errors({ type: 'integer', minimum: 1, maximum: 3 }, 4)).toEqual([['', 'maximum']]);
    expect(errors({ type: 'array', maxItems: 1, items: { type: 'string' } }, ['a', 2])).toEqual([
      ['', 'maxItems'],
      ['/1', 'type'],
    ]);
  });

  it('reads a null field as absent, as the API server prunes it', () => {
    const schema: StructuralSchema = { type: 'object', required: ['a'], properties: { a: { type: 'string' } } };
    expect(errors(schema, { a: null })).toEqual([['', 'required']]);
    expect(errors({ type: 'object', properties: { a: { type: 'string' } } }, { a: null })).toEqual([]);
  });

  it('refuses a repeated item of a list of type set, and a repeated key of a list of type map', () => {
    const set: StructuralSchema = { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' };
    expect(errors(set, ['a', 'b', 'a', 'a'])).toEqual([['/2', 'x-kubernetes-list-type']]);
    const map: StructuralSchema = {
      type: 'array',
      items: { type: 'object', properties: { name: { type: 'string' }, value: { type: 'string' } } },
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
    };
    expect(errors(map, [{ name: 'a', value: '1' }, { name: 'b' }, { name: 'a', value: '2' }])).toEqual([
      ['/2', 'x-kubernetes-list-type'],
    ]);
    expect(errors({ ...set, 'x-kubernetes-list-type': 'atomic' }, ['a', 'a'])).toEqual([]);
  });

  it('checks the values of a free-form map', () => {
    const map: StructuralSchema = { type: 'object', additionalProperties: { type: 'string' } };
    expect(errors(map, { a: 'x', 'b/c': 1 })).toEqual([['/b~1c', 'type']]);
  });

  it('reports the fields a map does not declare, with those it does, unless it keeps unknown fields', () => {
    const schema: StructuralSchema = { type: 'object', properties: { name: { type: 'string' } } };
    expect(structuralSchemaErrors(schema, { name: 'a', nmae: 'b', gone: undefined })).toEqual([
      { instancePath: '/nmae', keyword: 'unknown', params: { known: ['name'] }, message: undefined },
    ]);
    expect(errors({ ...schema, 'x-kubernetes-preserve-unknown-fields': true }, { nmae: 'b' })).toEqual([]);
    expect(errors({ type: 'object' }, { any: 1 })).toEqual([]);
  });

  it("follows $ref to the definitions it is given, and checks a built-in type's formats", () => {
    const definitions: Record<string, StructuralSchema> = {
      port: { type: 'integer', format: 'int32' },
      pair: { type: 'object', properties: { port: { $ref: 'port' }, data: { type: 'string', format: 'byte' } } },
    };
    const check = (value: unknown) =>
      structuralSchemaErrors({ $ref: 'pair' }, value, '', (name) => definitions[name]).map((e) => [
        e.instancePath,
        e.keyword,
      ]);
    expect(check({ port: 443, data: 'aGk=' })).toEqual([]);
    expect(check({ port: -(2 ** 31) - 1, data: 'a' })).toEqual([
      ['/port', 'format'],
      ['/data', 'format'],
    ]);
    expect(() => structuralSchemaErrors({ $ref: 'missing' }, {}, '', (name) => definitions[name])).toThrow(
      'no schema definition',
    );
    const quantity: StructuralSchema = { format: 'quantity' };
    expect([errors(quantity, '250m'), errors(quantity, 2), errors(quantity, '2 cores'), errors(quantity, [])]).toEqual([
      [],
      [],
      [['', 'format']],
      [
        ['', 'type'],
        ['', 'type'],
      ],
    ]);
    const time: StructuralSchema = { type: 'string', format: 'date-time' };
    expect(
      ['2024-02-29T00:00:00Z', '2023-02-29T00:00:00Z', '2024-01-31 00:00:00Z'].map((t) => errors(time, t)),
    ).toEqual([[], [['', 'format']], [['', 'format']]]);
  });
});

describe('the built-in kinds', () => {
  it("are Kubernetes 1.33's, with the enums of its OpenAPI 3 document", () => {
    expect(kubernetesSchemas.source).toBe(
      'Kubernetes release-1.33 OpenAPI (kubernetes-client/python kubernetes/swagger.json.unprocessed at v33.1.0); enums as kubernetes-models declares them',
    );
    const definition = (name: string) =>
      JSON.parse((kubernetesSchemas.definitions as Record<string, string>)[name]) as StructuralSchema;
    expect(definition('io.k8s.api.core.v1.ServiceSpec').properties?.type?.enum).toEqual([
      'ClusterIP',
      'ExternalName',
      'LoadBalancer',
      'NodePort',
    ]);
    expect(definition('io.k8s.api.core.v1.Lifecycle').properties).toHaveProperty('stopSignal');
    expect(definition('io.k8s.apimachinery.pkg.util.intstr.IntOrString')).toEqual({
      'x-kubernetes-int-or-string': true,
    });
  });
});

describe('the custom resources', () => {
  it('are the CRDs of the releases the docs cite', () => {
    expect(Object.entries(crdSchemas).map(([id, { source }]) => `${id}: ${source}`)).toEqual([
      'monitoring.coreos.com/v1/ServiceMonitor: prometheus-operator/prometheus-operator example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml (v0.93.0)',
      'gateway.networking.k8s.io/v1/HTTPRoute: kubernetes-sigs/gateway-api config/crd/standard/gateway.networking.k8s.io_httproutes.yaml (v1.6.1)',
      'gateway.networking.k8s.io/v1/GRPCRoute: kubernetes-sigs/gateway-api config/crd/standard/gateway.networking.k8s.io_grpcroutes.yaml (v1.6.1)',
      'cert-manager.io/v1/Certificate: cert-manager/cert-manager deploy/crds/cert-manager.io_certificates.yaml (v1.21.1)',
    ]);
  });

  const serviceMonitor = (endpoint: object, metadata: object = { name: 'x' }, spec: object = {}) => ({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata,
    spec: { selector: {}, endpoints: [{ port: 'metrics', ...endpoint }], ...spec },
  });
  const customResource = (apiVersion: string, kind: string) => (spec: object) => ({
    apiVersion,
    kind,
    metadata: { name: 'x' },
    spec,
  });
  const findings = (object: { apiVersion: string; kind: string }) =>
    kubernetesFindings(object.apiVersion, object.kind, object).map((f) => `${f.at.join('.')}: ${f.message}`);

  it('take UTF-8 label names in a ServiceMonitor, as prometheus-operator v0.93.0 does', () => {
    expect(
      findings(serviceMonitor({ relabelings: [{ sourceLabels: ['service.name'], targetLabel: 'svc.name' }] })),
    ).toEqual([]);
  });

  it("refuse what the CRD refuses, at the field, unknown fields and the metadata's types included", () => {
    expect(
      findings(
        serviceMonitor(
          {
            scheme: 'ftp',
            relabelings: [{ action: 'Replace', sourceLabel: ['a'] }, { action: 'Shout' }],
          },
          { name: 'x', labels: { a: 1 } },
          { scrapeProtocols: ['PrometheusProto', 'PrometheusProto'] },
        ),
      ),
    ).toEqual([
      'metadata.labels.a: expected a string (got 1)',
      'spec.endpoints.0.scheme: expected "http", "https", "HTTP" or "HTTPS" (got "ftp")',
      'spec.endpoints.0.relabelings.1.action: expected "replace", "Replace", "keep", "Keep", "drop", "Drop", "hashmod", "HashMod", "labelmap", "LabelMap", "labeldrop", "LabelDrop", "labelkeep", "LabelKeep", "lowercase", "Lowercase", "uppercase", "Uppercase", "keepequal", "KeepEqual", "dropequal" or "DropEqual" (got "Shout")',
      'spec.scrapeProtocols.1: expected an item unlike item 0 (got "PrometheusProto")',
      'spec.endpoints.0.relabelings.0.sourceLabel: unknown key of the Kubernetes API (did you mean "sourceLabels"?)',
    ]);
  });

  it('check a GRPCRoute as gateway.networking.k8s.io/v1', () => {
    const route = customResource('gateway.networking.k8s.io/v1', 'GRPCRoute');
    expect(
      findings(route({ parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 's', port: 50443 }] }] })),
    ).toEqual([]);
    expect(findings(route({ parentRefs: [{ name: 'gw', port: 0 }], hostnames: ['Upper.example.com'] }))).toEqual([
      'spec.parentRefs.0.port: expected a number of at least 1 (got 0)',
      'spec.hostnames.0: expected a string matching ^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ (got "Upper.example.com")',
    ]);
  });

  it('check a Certificate', () => {
    const certificate = customResource('cert-manager.io/v1', 'Certificate');
    expect(findings(certificate({ secretName: 's', dnsNames: ['a.example.com'], issuerRef: { name: 'ca' } }))).toEqual(
      [],
    );
    expect(findings(certificate({ dnsNames: 'a.example.com', issuerRef: {} }))).toEqual([
      'spec.secretName: is required',
      'spec.issuerRef.name: is required',
      'spec.dnsNames: expected a list (got "a.example.com")',
    ]);
  });
});
