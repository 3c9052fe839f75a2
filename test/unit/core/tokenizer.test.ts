import { strict as assert } from 'node:assert';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { pseudoWord } from '../../fixtures/syntheticText';
import { createCachedTokenizer, digitBlindKey, inertStampLength, tokenize } from '../../../src/core/tokenizer';
import { referenceTokenize } from '../../../scripts/lib/referenceTokenizer';

describe('tokenizer', () => {
  it('turns the documented golden lines into stable words (quirks fixed)', () => {
    // Python gives `RNGI tempest …` (a clock time taken for IPv6, quirk 2) and drops `lib` by length.
    assert.equal(
      tokenize('2017-06-24 02:52:17.732 22627 tempest.lib.common.rest_client [req-b932e095-6706-4f5a-bd75-241c407a9d01 ] Request (main): 201 POST https://10.0.1.9/identity/v3/auth/tokens'),
      'tempest common rest_client RNGU Request main POST https RNGI identity auth tokens',
    );
    assert.equal(tokenize('fatal: [localhost]: FAILED! => {"changed": false, "msg": "oops"}'), 'fatal localhost FAILED changed false oops failA failB failC failD');
    assert.equal(
      tokenize("voluptuous.error.MultipleInvalid: required key not provided @ data['providers'][2]['cloud']"),
      'voluptuous error MultipleInvalid required provided data providers cloud errorA errorB errorC errorD',
    );
    // Python keeps the password (quirk 12): `RNGI export OS_PASSWORD PobDtcxalvfuvOmVTNkw`.
    assert.equal(tokenize('2022-01-25 12:11:14 | ++ export OS_PASSWORD=PobDt1cxalvf40uv9Om5VTNkw'), 'export OS_PASSWORD RNGS');
  });

  it('masks the values of password, secret and token keys, but not words that only look like keys (quirk 12)', () => {
    // A secret without digits escaped every other mask, and made its line new in every run.
    assert.equal(tokenize('export OS_PASSWORD=hunterSecretValue'), 'export OS_PASSWORD RNGS');
    assert.equal(tokenize('mysql -u root --password=abcdefXYZ'), 'mysql root password RNGS');
    assert.equal(tokenize('password: hunterSecret other'), 'password RNGS other');
    // After a colon, a lower-case word goes on with the message: the error it names must stay.
    assert.equal(tokenize('Get secret: error reading from server: EOF'), 'secret error reading from server errorA errorB errorC errorD');
    assert.equal(tokenize('password: authentication failed for admin'), 'password authentication failed admin failA failB failC failD');
    assert.equal(tokenize('OS_PASSWORD=secretadmin'), 'OS_PASSWORD RNGS');
    assert.equal(tokenize('admin_password: Foo_bar-baz'), 'admin_password RNGS');
    assert.equal(tokenize('auth_token=gAAAAABlabcdefghijk done'), 'auth_token RNGS done');
    assert.equal(tokenize('X-Auth-Token: gAAAAABlZ token'), 'Auth Token RNGS token');
    assert.equal(tokenize('ansible_become_pass=Zyxwv'), 'ansible_become_pass RNGS');
    assert.equal(tokenize('client_secret="two words" next'), 'client_secret RNGS next');
    // A whole URL after the key goes with it, rather than leaving its path words behind.
    assert.equal(tokenize('token=https://example.org/path/parts next'), 'token RNGS next');
    // Non-ASCII lines take another path, with the same rule.
    assert.equal(tokenize('é export OS_PASSWORD=hunterSecretValue'), 'export OS_PASSWORD RNGS');
    // Not keys: a message after a bare `token:`, a CamelCase name before a colon, a scope, a word ending in "pass".
    assert.equal(tokenize('Invalid token: expired now'), 'Invalid token expired');
    assert.equal(tokenize('== 2 RemoveAccessPassword: migrating ==='), 'RemoveAccessPassword migrating');
    assert.equal(tokenize('Forgot password::requesting password reset'), 'Forgot password requesting password reset');
    assert.equal(tokenize('bypass=true'), 'bypass true');
    assert.equal(tokenize('password:'), 'password');
    // JSON and YAML quote the key; config files put blanks around the separator.
    assert.equal(tokenize('{"password": "hunter2", "user": "admin"}'), 'password RNGS user admin');
    assert.equal(tokenize('db_password = s3cretValue'), 'db_password RNGS');
    assert.equal(tokenize('password:\tabc123XY next'), 'password RNGS next');
    // Masking leaves a shape another rule reads (a Heat id), and that rule still applies.
    assert.equal(tokenize('x -abcdpassword=hunter2'), 'HEATID RNGS');
  });

  it('masks Heat ids, git ranges, SSH fingerprints, URL escapes, transaction ids and temporary paths', () => {
    assert.equal(tokenize('stack-abcdefghijkl-server-xyzwvutsrqpo created'), 'stack HEATID server HEATID created');
    // Short hashes are masked on their own (version 9), so a hexadecimal range reads as two of them.
    assert.equal(tokenize('git diff abc1234..def5678 applied'), 'diff RNGN RNGN applied');
    assert.equal(tokenize('git diff abcdefg..hijklmn applied'), 'diff RNGG applied');
    assert.equal(tokenize('key SHA256:abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ added'), 'RNGH added');
    // `%2F` and `%3A` are escapes; `%2f` (lower case) is not one of the rule's.
    assert.equal(tokenize('GET /v2/images%2Fcirros%3Abig path'), '/v/images cirros path');
    // The part after the dash is the transaction's time in hexadecimal: a short id of its own since version 9.
    assert.equal(tokenize('swift txab12cd34ef56ab12cd34ef56ab12cd34-0064f8a2b1 done'), 'swift RNGU RNGN done');
    assert.equal(tokenize('using /tmp/tmpab12cd now'), 'using RNGP');
    assert.equal(tokenize('using /tmp/tmp.abcdefghij now'), 'using RNGP');
  });

  it('skips noise lines, including the Apache OPTIONS * line (quirk 3)', () => {
    // One line for each skip rule, in the rules' order.
    const skipped = [
      '127.0.0.1 - - "GET / HTTP/1.1" 200 612',
      '127.0.0.1 - - "OPTIONS * HTTP/1.0" 200 126 "-" "Apache"',
      'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC user@host',
      'root:$6$rounds$hashedvalue:19000:0:99999:7:::',
      '-----BEGIN CERTIFICATE-----',
      'HEAD is now at 1234567 Merge things',
      'Change-Id: I0123456789abcdef0123456789abcdef01234567',
      'Downloading image 5 MB ETA 00:03',
      '* branch: master',
      'Trying other mirror.',
      'type=USER_LOGIN msg=audit(1.2:3): exe="/usr/sbin/sshd" res=failed',
      'Mar 1 sshd[42]: Invalid user admin from somewhere',
      'sshd[1]: Unable to connect using the available authentication methods',
      'unix_chkpwd[2]: password check failed for user (root)',
      'sshd[3]: pam_unix(sshd:auth): authentication failure; rhost=x',
      'sshd[4]: Failed password for root from x',
      'sshd[5]: reverse mapping checking getaddrinfo - POSSIBLE BREAK-IN ATTEMPT!',
      'zuul-executor: echo BECOME-SUCCESS-abcdef; python',
      'abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij1234',
      'ovs-ofctl -O OpenFlow13 dump-flows br-int',
      'iptables -t nat -L -n',
      'ebtables -t broute -L',
    ];
    assert.deepEqual(skipped.filter((line) => tokenize(line) !== ''), []);
    // Near misses are kept: the rules are not looser than written.
    assert.equal(tokenize('Change-Id I0123'), 'Change');
    assert.equal(tokenize('type=USER_LOGIN exe="/usr/sbin/sshd" res=failed'), 'type USER_LOGIN /usr/sbin/sshd failed failA failB failC failD');
    assert.equal(tokenize('ovs-ofctl add-flow br-int priority'), 'ofctl flow priority');
  });

  it('reads December as a date (quirk 1) and keeps clock times out of addresses (quirk 2)', () => {
    assert.equal(tokenize('Dec 12 10:11:12 host started'), 'DATE host started');
    assert.equal(tokenize('Mon Jan 02 15:04:05 booting'), 'DATE DATE booting');
    assert.equal(tokenize('link fe80::1 up'), 'link RNGI');
    // An IPv4 address with a port is an address too (Python's rule has no boundary there); a clock time is not.
    assert.equal(tokenize('10.0.0.1:8080 listening'), 'RNGI listening');
    assert.equal(tokenize('connect to 192.168.1.10:22 timed out'), 'connect RNGI timed');
    assert.equal(tokenize('time 02:52:17 done'), 'time done');
    assert.equal(tokenize('peer 192.168.1.20 aa:bb:cc:dd:ee:ff down'), 'peer RNGI RNGI down');
  });

  it('weights whole error words only (quirk 4)', () => {
    assert.equal(tokenize('failover completed'), 'failover completed');
    assert.equal(tokenize('Tests run: 5, Failures: 0, Errors: 0'), 'Tests Failures Errors');
    assert.equal(tokenize('Build failed'), 'Build failed failA failB failC failD');
    assert.equal(tokenize('raise IOError here'), 'raise IOError here errorA errorB errorC errorD');
    assert.equal(tokenize("cleanup ('cleanup_on_failure=True')"), 'cleanup cleanup_on_failure True failA failB failC failD');
    assert.equal(tokenize('WARNING: disk'), 'WARNING disk warnA warnB warnC warnD');
  });

  it('masks random strings: digests, UUIDs, ids with many digits, temporary paths', () => {
    assert.equal(tokenize('commit c0719c36d1a3f268b6bfba4c83aac632f1b546fe_e330b73e built'), 'commit RNGN RNGN built');
    assert.equal(tokenize('ref refs/zuul/master/77ee533dd71e4b888ba76daf08036b45 ok'), 'refs/zuul/master/ RNGN');
    assert.equal(tokenize('echo Z60f0ad207fbb4c55a07d665ef44131a4 done'), 'echo RNGN done');
    assert.equal(tokenize('using /tmp/ansible.abcdefgh now'), 'using RNGP');
  });

  it('masks short hexadecimal ids, Python 3 and pip temporary folders, and keeps exception names (version 9)', () => {
    // Erasing a short hash's digits left its letters as a new word in every run (`Checking feab`).
    assert.equal(tokenize('Checking out 4f2e8ab as detached HEAD'), 'Checking RNGN detached HEAD');
    assert.equal(tokenize('travis_time:end:005feba8:start=1'), 'travis_time RNGN start');
    assert.equal(tokenize('pod nova-api-7d9f8b6c5d scheduled'), 'nova RNGN scheduled');
    // Not hexadecimal throughout, no digit, or shorter than git's shortest hash: words as before.
    assert.equal(tokenize('deadbeef cafe12 abcdefg1 xyz1234abc'), 'deadbeef cafe abcdefg xyzabc');
    // Python 3 names temporary folders with 8 random characters, pip adds its own prefix.
    assert.equal(tokenize('cd /tmp/tmpxkcdjqwe && make'), 'RNGP make');
    assert.equal(tokenize('Building wheel in /tmp/pip-req-build-xkcdjqwe/dist'), 'Building wheel RNGP /dist');
    // A mixed id that names an exception keeps its name and its error weight.
    assert.equal(tokenize('ISO8601ParseException: bad date'), 'ISOParseException date errorA errorB errorC errorD');
  });

  it('splits URL paths into words but keeps file paths whole', () => {
    // Download URLs change by version and artifact between runs; one whole-path token would make the line look new.
    assert.equal(
      tokenize('Downloading from central: https://repo.maven.apache.org/maven2/org/projectlombok/lombok/1.18.20/lombok-1.18.20.pom'),
      'Downloading from central https repo maven apache maven projectlombok lombok lombok',
    );
    // A long URL path is split before the random-string mask, which would otherwise take 64 path characters for a key.
    assert.equal(
      tokenize('get https://repository.ow2.org/nexus/content/repositories/snapshots/fr/inria/gforge/spoon/spoon-maven-plugin/3.5/x.pom'),
      'https repository nexus content repositories snapshots inria gforge spoon spoon maven plugin',
    );
    assert.equal(tokenize('    at exports.eq (/home/travis/build/helpers.coffee:1:1)'), 'exports /home/travis/build/helpers coffee');
  });

  it('keeps non-ASCII letters as word characters instead of deleting them (quirk 5)', () => {
    assert.equal(tokenize('échec de la compilation'), 'échec compilation');
  });

  it('strips ANSI colour codes', () => {
    assert.equal(tokenize('\x1b[1;31mERROR\x1b[0m build broke'), 'ERROR build broke errorA errorB errorC errorD');
  });

  it('gives an empty token line for numbers and short words only', () => {
    assert.equal(tokenize(''), '');
    assert.equal(tokenize('12:00 0x1f 42 a b c'), '');
  });

  it('never throws and always returns single-spaced words', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 400 }), fc.uint8Array({ maxLength: 400 }).map((bytes) => new TextDecoder('utf-8').decode(bytes))), (line) => {
        const tokens = tokenize(line);
        assert.equal(typeof tokens, 'string');
        assert.ok(!/^ | $|  /.test(tokens), JSON.stringify(tokens));
      }),
      { numRuns: 2000 },
    );
  });

  it('masks every mixed id of a line that holds more of them than the word scanner records', () => {
    for (const count of [32, 33, 40]) {
      const line = Array.from({ length: count }, (_, index) => `a1b2c3d4e5f6g7h${index % 10}`).join(' ');
      assert.equal(tokenize(line), referenceTokenize(line), `${count} ids`);
      assert.equal(tokenize(line), Array.from({ length: count }, () => 'RNGN').join(' '), `${count} ids`);
    }
  });

  it('gives whole token lines longer than the line itself (short date words become DATE) and long ones', () => {
    // The word scanner writes the token line into a buffer; `jan ` becomes ` DATE`, so its tokens outgrow the line.
    for (const line of ['jan '.repeat(3000), 'Dec 7 mon sat '.repeat(700), `${'word '.repeat(2000)} Error`, 'x'.repeat(20_000)]) {
      assert.equal(tokenize(line), referenceTokenize(line), `${line.slice(0, 40)}… (${line.length} characters)`);
    }
    assert.equal(tokenize('jan '.repeat(3000)).length, 'DATE '.repeat(3000).length - 1);
  });

  it('gives the same words as the plain regex reference on log-like lines (the fast scanner is only faster)', () => {
    const fragment = fc.constantFrom(
      ' ', ' ', '\t', '-', '.', '..', ':', '::', '/', '_', '%2F', '$1$', '* ', '"', '=', '(', ')', '0', '42', '256', '1.5',
      '0x1f', '0xg', 'tx', 'TX', 'abc', 'Dec', 'monday', 'error', 'Error', 'FAILED', 'failure', 'warn', 'IOError',
      'cleanup_on_failure', 'failover', 'é', '\x1b[1;31m', '\x1b[0m', 'c0719c36d1a3f268b6bfba4c83aac632f1b546fe',
      'b932e095-6706-4f5a-bd75-241c407a9d01', 'Z60f0ad207fbb4c55a07d665ef44131a4', 'abcdefghijkl', 'abc1234..def5678',
      // Mixed ids the word scanner masks itself, next to what the regex path handles around them.
      '1d312edc0000', 'a1b2c3d4e5f6g', '5b7462c1c8164f2e', '000000000000123', '-', '_z9',
      'SHA256:', '/tmp/ansible.abcdefgh', '10.0.1.9', 'fe80::1', 'aa:bb:cc:dd:ee:ff', '12:34-56:78-9a:bc', 'ab-cd:', '02:52:17.732', '2017-06-24',
      'HEAD is now at', ' ETA ', 'sshd', 'https://example.org/a/b', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      // Guard edges: versions next to addresses, Heat ids by what follows them, ellipses next to git ranges, URLs.
      '2.8.71', '1.2.3.4', '-abcdefghijkl', '-abcdefghijk_', '%41', '+/', 'projects...', '...', '://', 'ftp://h/x y',
      // Letter runs, which the guard scan and the word scanner take at once: hex letters only (two of them make a
      // 32-character digest), hex and other letters mixed, and an x inside.
      'deadbeefcafebabe', 'DEADBEEFCAFEBABE', 'facade', 'Beef', 'zz', 'abcdefABCDEFabcdef', 'abcxdef', 'fedcbafedcbafedcbafedcbafedcbafe',
      // Secret keys and their values: names in any case, glued or as a part of their own, quotes, scopes.
      'password', 'PASSWORD', 'Passwd', 'secret', 'token', 'Token', '_pass', 'bypass', '=', ': ', "'", '"x y"', 'Auth-',
      '-abcd', ' = ', '"password"', '\t', ':  ',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fragment, fc.string({ maxLength: 3 })), { maxLength: 30 }), (parts) => {
        const line = parts.join('');
        assert.equal(tokenize(line), referenceTokenize(line), JSON.stringify(line));
      }),
      { numRuns: 3000 },
    );
  });

  it('caches tokens of repeated raw lines without changing them, and stays bounded', () => {
    const cached = createCachedTokenizer(2);
    const lines = ['Build failed at 12:00', 'kernel booted', 'Build failed at 12:00', 'disk full error', 'kernel booted'];
    for (const line of lines) assert.equal(cached(line), tokenize(line));
    const long = `start ${'word '.repeat(2000)}end`;
    assert.equal(cached(long), tokenize(long));
  });

  it('strips a leading time stamp from the cache key, and only a stamp that cannot change the tokens', () => {
    assert.equal(inertStampLength('2018-03-23 07:41:11.140  INFO 9003 --- [main] started'), '2018-03-23 07:41:11.140  INFO'.indexOf('INFO'));
    assert.equal(inertStampLength('2024-05-01T10:00:00.123+02:00 | primary | ok'), '2024-05-01T10:00:00.123+02:00 | '.length);
    assert.equal(inertStampLength('2024-05-01T10:00:00.123456+02:00 ok'), 0, 'a part of 32 characters could be a digest');
    assert.equal(inertStampLength('no stamp here'), 0);
    assert.equal(inertStampLength('2018-03-23 '), 0, 'a line that is all stamp keeps its own key');
    // Each of these stamps holds something a rule reads, so the cut stops before it.
    assert.equal(inertStampLength('10.0.1.9 GET /index'), 0, 'an IPv4 address');
    assert.equal(inertStampLength('fe80::1 link up'), 0, 'an IPv6 address');
    assert.equal(inertStampLength('12-34-56-78-90-12 seen'), 0, 'a dashed MAC address');
    assert.equal(inertStampLength('12:34-56:78-90:12 seen'), 0, 'a MAC address with mixed separators');
    assert.equal(inertStampLength('1/2/3/4 slashes'), 0, 'slashes that glue into a word once digits are erased');
    assert.equal(inertStampLength('20180323T074111Z build'), 0, 'a compact stamp long enough to be a mixed id');
    assert.equal(inertStampLength('12:00 ETA 5s'), 0, 'the rest starts a skipped ETA pattern with the stamp\'s space');
    assert.equal(inertStampLength(`12:00 ${'a'.repeat(64)}`), 0, 'the rest alone is a skipped 64-character line');
    assert.equal(inertStampLength('12:00 \x1b[0mETA 5'), 0, 'an escape sequence in the rest');
  });

  it('gives every stamped line the tokens of the whole line', () => {
    const stampPart = fc.constantFrom(
      '2018-03-23', '07:41:11.140', '07:41:11,140', '2024-05-01T10:00:00Z', '+02:00', '-05:00', '|', '9003', '---', '1.5',
      '10.0.1', '.9', '::', ':', '-', '--', '12:34-56', ':78-90:12', 'T', 'Z', 'TZ', 'T1Z', '/', '1/2', '123456', '1234567890123', '..', '0', ',',
    );
    const stamp = fc.array(fc.oneof(stampPart, fc.constant(' '), fc.constant('  ')), { maxLength: 12 }).map((parts) => parts.join(''));
    const restPart = fc.constantFrom(
      'INFO', 'ERROR', 'failed', 'ETA ', 'ETA', ' ', '\x1b[0m', 'sshd', 'Invalid user', 'a'.repeat(64), 'b'.repeat(63), 'abc1234..def5678',
      '10.0.1.9', '-abcdefghijkl', 'Z60f0ad207fbb4c55a07d665ef44131a4', '[main]', 'x', '7', 'é', 'https://example.org/a/b',
    );
    const rest = fc.array(fc.oneof(restPart, fc.string({ maxLength: 3 })), { maxLength: 8 }).map((parts) => parts.join(''));
    let stamped = 0;
    const runs = 20_000;
    fc.assert(
      fc.property(stamp, rest, (head, tail) => {
        const line = `${head} ${tail}`;
        if (inertStampLength(line) > 0) stamped += 1;
        const cached = createCachedTokenizer();
        assert.equal(cached(line), tokenize(line), JSON.stringify(line));
        // A key kept as a copy (for a target file's text) gives the same tokens, from the cache the second time.
        assert.equal(cached(` ${line}`.slice(1), true), tokenize(line), JSON.stringify(line));
      }),
      { numRuns: runs },
    );
    // The property only means something if many generated lines do lose a stamp.
    assert.ok(stamped > runs / 5, `${stamped} of ${runs} lines had a stamp`);
  });

  it('gives a line and its digit-blind key the same tokens, so lines that differ by numbers share a cache entry', () => {
    // Fragments where the value of a digit could matter next to ones where only its place does: address parts
    // around 255, URL escapes, hex numbers and what only looks like one, the fingerprint and skip rules, ids.
    const part = fc.constantFrom(
      ' ', '.', ':', '-', '/', '_', '"', '=', '[', ']', '0', '7', '42', '255', '256', '999', '1.5', '4.198', '1.2.3.4',
      '10.0.1.9', '300.1.1.1', '192.168.1', '%41', '%2F', '%9', '0x1f', '5xab', '0xg', 'x', 'SHA256:', 'SHA1:',
      'SHA256:abcdefghij+klmnopqrst/uvwxyzABCD+EFGHIJKLMN',
      '"GET / HTTP/1.1"', '"OPTIONS * HTTP/1.0" 200', 'HTTP/1.1', '$1$', 'AAAAB1', '7:33:19', '12:34:56:78:9a:bc',
      'fe80::1', '1d312edc0000', 'b932e095-6706-4f5a-bd75-241c407a9d01', 'c0719c36d1a3f268b6bfba4c83aac632f1b546fe',
      'tx', 'INFO', 'pid', 'error', 'Mar', 'abc1234..def5678', '-abcdefghij12', '* name: 1.2-3',
    );
    const runs = 20_000;
    let blinded = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof(part, fc.string({ maxLength: 3 })), { maxLength: 24 }), (parts) => {
        const line = parts.join('');
        const blind = digitBlindKey(line);
        if (blind !== line) blinded += 1;
        assert.equal(tokenize(blind), tokenize(line), JSON.stringify(line));
      }),
      { numRuns: runs },
    );
    assert.ok(blinded > runs / 4, `${blinded} of ${runs} lines had a digit-blind key of their own`);
    const cached = createCachedTokenizer();
    assert.equal(cached('worker 9003 started in 4.198 s'), 'worker started');
    assert.equal(cached('worker 1512 started in 0.731 s'), 'worker started');
    // Values that matter keep a line out: 10.0.1.9 is an address, 300.0.1.9 is not.
    assert.equal(cached('peer 10.0.1.9 up'), 'peer RNGI');
    assert.equal(cached('peer 300.0.1.9 up'), 'peer');
  });

  it('gives the same tokens when it stops caching lines that never repeat, and when it starts again', () => {
    const cached = createCachedTokenizer();
    const unique = Array.from({ length: 40_000 }, (_, index) => `2024-05-01 req-${index.toString(36)} worker ${pseudoWord(index)} done`);
    const repeated = Array.from({ length: 200_000 }, (_, index) => `step ${pseudoWord(index % 50)} finished with ${index % 3 === 0 ? 'error' : 'success'}`);
    for (const line of [...unique, ...repeated, ...unique.slice(0, 1000)]) assert.equal(cached(line), tokenize(line));
  });

  it('keeps no text of a file alive through the lines it caches with copied keys', () => {
    // A garbage collector this test can call (mocha runs without --expose-gc).
    setFlagsFromString('--expose-gc');
    const collect = runInNewContext('gc') as () => void;
    const heapAfterCollecting = (): number => {
      collect();
      collect();
      return process.memoryUsage().heapUsed;
    };
    const cached = createCachedTokenizer();
    const before = heapAfterCollecting();
    const kept: string[] = [];
    // Each file repeats one line, so the cache holds one entry per file. Its tokens are one word long enough for V8
    // to cut it as a view of the file's text (ASCII), or several words the Unicode scanner finds (non-ASCII).
    const fileCount = 16;
    for (let file = 0; file < fileCount; file += 1) {
      const suffix = pseudoWord(file);
      const line = file % 2 === 0 ? `Configurationstep${suffix} 42` : `Überprüfungsschritt${suffix} für Knoten`;
      const text = `${line}\n`.repeat(Math.ceil((2 << 20) / (line.length + 1)));
      for (const raw of text.split('\n').slice(0, 1000)) kept.push(cached(raw, true));
    }
    const retained = heapAfterCollecting() - before;
    assert.ok(kept.every((tokens) => tokens.length > 0));
    // The 16 texts took about 48 MB (the non-ASCII ones two bytes per character); what stays is tokens and keys.
    assert.ok(retained < 8 * 1024 * 1024, `${(retained / 1048576).toFixed(1)} MB still held after the texts were dropped`);
  });
});
