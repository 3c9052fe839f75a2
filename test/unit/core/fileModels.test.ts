import { strict as assert } from 'node:assert';
import { modelNameForPath, pickModel } from '../../../src/core/fileModels';

describe('file models', () => {
  const golden: [string, string][] = [
    ['job-output.txt.gz', 'job-output.txt'],
    ['audit/audit.log.1', 'audit/audit.log'],
    ['audit/audit.log', 'audit/audit.log'],
    ['builds/2/log', 'builds/log'],
    ['conf.d/00-base.conf.txt.gz', 'conf.d/base.conf'],
    ['jobs/test-sleep-217/config.xml', 'test-sleep/config.xml'],
    ['logs/k8s_scheduler-afed81.log', 'scheduler.log'],
    ['swift-proxy-5b4bcb6699-hk9lb.log', 'swift-proxy.log'],
    // Kubernetes suffixes without a digit (a fifth of pod suffixes, a twentieth of ReplicaSet hashes).
    ['logs/nova-api-7d9f8b6c5d-xkpqz.log', 'nova-api.log'],
    ['logs/nova-api-bcdfghjklm-x2k9p.log', 'nova-api.log'],
    ['logs/ovn-controller-hklbz.log', 'ovn-controller.log'],
    ['httpd.log', 'httpd.log'],
    ['logs/httpd/access.log', 'httpd/access.log'],
    ['pods/openstack_galera-0_0a1b2c3d-1234-5678-9abc-def012345678/galera/0.log', 'galera/log'],
    ['logs/2023-11-10/service.log', 'service.log'],
    ['build-123.log', 'build.log'],
    ['qemu/instance-0000001.log', 'qemu/instance.log'],
    ['controller\\logs\\screen-n-cpu.txt.gz', 'controller/screen-n-cpu.txt'],
  ];
  for (const [path, model] of golden) {
    it(`${path} → ${model}`, () => assert.equal(modelNameForPath(path), model));
  }

  it('pairs files of different runs by name', () => {
    assert.equal(modelNameForPath('build-123.log'), modelNameForPath('build-456.log'));
    assert.equal(modelNameForPath('logs/a/audit.log.1'), modelNameForPath('logs/a/audit.log'));
  });

  it('uses a single model for every target, and reports no model otherwise', () => {
    assert.equal(pickModel('anything.txt', new Set(['job.log'])), 'job.log');
    assert.equal(pickModel('other.log', new Set(['job.log', 'audit/audit.log'])), undefined);
    assert.equal(pickModel('audit/audit.log.2', new Set(['job.log', 'audit/audit.log'])), 'audit/audit.log');
  });

  it('falls back to the one model with the same file part when the folders differ', () => {
    // A target named on its own has no folder in its model name.
    assert.equal(pickModel('audit.log.1', new Set(['job.log', 'audit/audit.log'])), 'audit/audit.log');
    assert.equal(pickModel('other/audit.log', new Set(['job.log', 'audit.log'])), 'audit.log');
    // Two candidates: no guess.
    assert.equal(pickModel('audit.log', new Set(['kernel/audit.log', 'audit/audit.log'])), undefined);
  });

  it('takes the one model equal but for case, as a folder spelled otherwise on macOS or Windows gives', () => {
    const models = new Set(['neutron/server.log', 'nova/server.log', 'job.log']);
    assert.equal(pickModel('Neutron/server.log', models), 'neutron/server.log');
    assert.equal(pickModel('logs/NOVA/server.log.1', models), 'nova/server.log');
    assert.equal(pickModel('Neutron/server.log', new Set(['neutron/server.log', 'Neutron/server.log'])), 'Neutron/server.log', 'an exact match wins');
    assert.equal(pickModel('NEUTRON/server.log', new Set(['neutron/server.log', 'Neutron/server.log', 'job.log'])), undefined, 'two candidates: no guess');
  });
});
