import { ConfigFile } from '../../src/components/config-file';
import { fileChecksum, type MountedFile } from '../../src/derive/mounted-files';
import { synthComponents } from '../support/components';
import { find, kinds } from '../support/render';

const file: MountedFile = {
  volumeName: 'records',
  checksumName: 'records',
  configMapName: 'headscale-records',
  key: 'records.json',
  mountPath: '/etc/headscale/records.json',
  content: '[]',
};
const labels = { team: 'vpn' };

describe('ConfigFile', () => {
  it('with the required props only: the ConfigMap of the content, mounted by subPath, rolling the pod', () => {
    let config: ConfigFile | undefined;
    const objects = synthComponents((chart) => {
      config = new ConfigFile(chart, 'file', { file, labels });
    });
    expect(kinds(objects)).toEqual(['ConfigMap/headscale-records']);
    expect(find(objects, 'ConfigMap', 'headscale-records')).toMatchObject({
      metadata: { labels },
      data: { 'records.json': '[]' },
    });
    expect(config!.volume).toEqual({ name: 'records', configMap: { name: 'headscale-records' } });
    expect(config!.volumeMount).toEqual({
      name: 'records',
      mountPath: '/etc/headscale/records.json',
      subPath: 'records.json',
      readOnly: true,
    });
    expect(config!.checksumAnnotations).toEqual({ 'checksum/records': fileChecksum(file) });
  });

  it("with every field of the file: an existing ConfigMap's key, live, as its directory and without a checksum", () => {
    let config: ConfigFile | undefined;
    const objects = synthComponents((chart) => {
      config = new ConfigFile(chart, 'file', {
        file: { ...file, content: undefined, live: true, mountPath: '/etc/headscale/records/records.json' },
        labels,
      });
    });
    expect(objects).toEqual([]);
    expect(config!.configMap).toBeUndefined();
    expect(config!.volume).toEqual({
      name: 'records',
      configMap: { name: 'headscale-records', items: [{ key: 'records.json', path: 'records.json' }] },
    });
    expect(config!.volumeMount).toEqual({ name: 'records', mountPath: '/etc/headscale/records', readOnly: true });
    expect(config!.checksumAnnotations).toEqual({});
  });
});
