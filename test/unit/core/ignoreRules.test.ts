import { strict as assert } from 'node:assert';
import { DEFAULT_EXCLUDES, explainIgnore, isIgnoredPath, validateExcludes } from '../../../src/core/ignoreRules';

describe('ignore rules', () => {
  it('ignores binaries and noise files, also compressed', () => {
    assert.ok(isIgnoredPath('logs/screenshot.png'));
    assert.ok(isIgnoredPath('logs/screenshot.PNG.gz'));
    assert.ok(isIgnoredPath('zuul-info/inventory.yaml'));
    assert.ok(isIgnoredPath('logs/ps.txt'));
    assert.ok(isIgnoredPath('zuul-manifest.json'));
    assert.ok(isIgnoredPath('logs/.git/HEAD'));
  });

  it('ignores the documented noise of devstack and sosreport jobs (docs/logreduce.md §5)', () => {
    const noise = [
      'logs/etc/nova/nova.conf.txt', 'logs/etc/nova/policy.yaml.txt', 'logs/service_configs.json.txt', 'logs/screen-dstat.txt.gz',
      'logs/worlddump-2024-05-01-101010.txt', 'logs/unbound.log', 'logs/README', 'logs/etc/hostname', 'logs/etc/nodepool/provider',
      'logs/etc/sysconfig/network', 'logs/etc/systemd/system/devstack@n-cpu.service', 'logs/etc/polkit-1/rules.d/50.rules',
      'logs/etc/httpd/conf.modules.d/00-base.conf.txt', 'logs/devstack-gate-setup-host.txt', 'logs/postci.txt.gz',
      'sosreport/sos_commands/process/lsof_M_-n_-l_-c', 'sosreport/sos_commands/process/ps_auxwww',
      'sosreport/sos_commands/logs/journalctl_--no-pager', 'sosreport/sos_commands/scsi/lsscsi',
      'sosreport/proc/meminfo', 'must-gather/sys/kernel/mm/transparent_hugepage/enabled', 'logs/proc/net/dev',
      'logs/etc/ssh/ssh_host_rsa_key', 'logs/etc/ssh/ssh_host_ed25519_key.txt',
    ];
    assert.deepEqual(noise.filter((file) => isIgnoredPath(file) === undefined), []);
    // Logs beside them stay.
    const logs = [
      'logs/screen-n-cpu.txt.gz', 'logs/README.md', 'logs/worlddump.py.log', 'logs/etc/nova/rootwrap.log', 'sosreport/sos_commands/process/pstree.log',
      'logs/devstacklog.txt', 'logs/processes.log', 'logs/system/syslog.txt', 'logs/api_key_rotation.log',
    ];
    assert.deepEqual(logs.filter((file) => isIgnoredPath(file) !== undefined), []);
  });

  it('escapes dots: no accidental matches (quirks 9 and 10)', () => {
    assert.equal(isIgnoredPath('logs/refresh'), undefined);
    assert.equal(isIgnoredPath('logs/happy'), undefined);
    assert.equal(isIgnoredPath('logs/last_run.log'), undefined);
    assert.equal(isIgnoredPath('logs/psql.txt'), undefined);
    assert.equal(isIgnoredPath('job-output.txt'), undefined);
  });

  it('returns the matched rule, accepts extra rules and replacing the defaults', () => {
    assert.equal(isIgnoredPath('a/b.png'), DEFAULT_EXCLUDES[0]);
    assert.equal(isIgnoredPath('logs/debug.log', { excludes: ['debug\\.log$'] }), 'debug\\.log$');
    assert.equal(isIgnoredPath('a/b.png', { excludes: [], replaceDefaultExcludes: true }), undefined);
  });

  it('reports invalid user patterns clearly', () => {
    assert.equal(validateExcludes(['(']).length, 1);
    assert.throws(() => isIgnoredPath('x', { excludes: ['('] }), /invalid exclude pattern/);
  });

  it('explains a skip by the part of the path a rule matched', () => {
    assert.equal(explainIgnore('zuul-info/inventory.yaml', DEFAULT_EXCLUDES[0] ?? ''), 'default rule ".yaml"');
    assert.equal(explainIgnore('logs/zuul-info/x.txt', DEFAULT_EXCLUDES[2] ?? ''), 'default rule "zuul-info/"');
    assert.equal(explainIgnore('logs/debug.log', 'debug\\.log$'), 'exclude pattern debug\\.log$');
  });
});
