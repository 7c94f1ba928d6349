import { KEEP_ANNOTATIONS, KeptVolumeClaim } from '../../src/components/kept-volume-claim';
import { ACCESS_MODES, STORAGE_SIZE } from '../../src/values/defaults';
import { synthComponents } from '../support/components';
import { find, kinds } from '../support/render';

const required = { name: 'data', labels: { team: 'vpn' } };

describe('KeptVolumeClaim', () => {
  it('with the required props only: a claim of the default size and access modes, with the annotations that keep it', () => {
    const objects = synthComponents((chart) => new KeptVolumeClaim(chart, 'claim', required));
    expect(kinds(objects)).toEqual(['PersistentVolumeClaim/data']);
    const claim = find(objects, 'PersistentVolumeClaim', 'data');
    expect(claim.metadata).toEqual({
      name: 'data',
      namespace: 'vpn',
      labels: { team: 'vpn' },
      annotations: KEEP_ANNOTATIONS,
    });
    expect(claim.spec).toEqual({ accessModes: [...ACCESS_MODES], resources: { requests: { storage: STORAGE_SIZE } } });
  });

  it('with every prop: size, access modes and storage class', () => {
    const objects = synthComponents(
      (chart) =>
        new KeptVolumeClaim(chart, 'claim', {
          ...required,
          size: '5Gi',
          accessModes: ['ReadWriteMany'],
          storageClassName: 'fast-ssd',
        }),
    );
    expect(find(objects, 'PersistentVolumeClaim', 'data').spec).toEqual({
      accessModes: ['ReadWriteMany'],
      resources: { requests: { storage: '5Gi' } },
      storageClassName: 'fast-ssd',
    });
  });
});
