import { ServiceAccountWithRole } from '../../src/components/service-account-with-role';
import { synthComponents } from '../support/components';
import { find, kinds } from '../support/render';

const rules = [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['state'], verbs: ['get', 'patch'] }];
const required = { name: 'agent', labels: { team: 'vpn' }, rules };

describe('ServiceAccountWithRole', () => {
  it("with the required props only: three objects of one name, the subject in the chart's namespace", () => {
    const objects = synthComponents((chart) => new ServiceAccountWithRole(chart, 'identity', required));
    expect(kinds(objects)).toEqual(['Role/agent', 'RoleBinding/agent', 'ServiceAccount/agent']);
    for (const object of objects) expect(object.metadata.labels).toEqual({ team: 'vpn' });
    expect(find(objects, 'Role', 'agent').rules).toEqual(rules);
    expect(find(objects, 'RoleBinding', 'agent')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'agent' },
      subjects: [{ kind: 'ServiceAccount', name: 'agent', namespace: 'vpn' }],
    });
  });

  it("with every prop: the subject's namespace as given", () => {
    const objects = synthComponents(
      (chart) => new ServiceAccountWithRole(chart, 'identity', { ...required, namespace: 'elsewhere' }),
    );
    expect(find(objects, 'RoleBinding', 'agent').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'agent', namespace: 'elsewhere' },
    ]);
  });
});
