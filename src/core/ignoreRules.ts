// Files that are never worth comparing: binaries, configuration dumps and known noise (docs/logreduce.md §5).
// The lists merge the Python and Rust defaults with every dot escaped (§12.9, §12.10: `.sh$` must not drop
// `refresh`, `last` must not drop `last_run.log`). Exported so the file reader and the UI show the same rules.

/** A trailing compression suffix is ignored when matching, so `x.png.gz` is a `.png`. */
const COMPRESSION_SUFFIX = /\.(?:gz|xz|bz2|bzip2)$/i;

/** Extensions of binary or non-log files (matched at the end of the path, case-insensitive). */
export const DEFAULT_IGNORED_EXTENSIONS: readonly string[] = [
  'ico', 'png', 'jpg', 'jpeg', 'gif', 'svg', 'bmp', 'webp', 'ttf', 'otf', 'eot', 'woff', 'woff2', 'css', 'js',
  'pyc', 'pyo', 'so', 'o', 'a', 'jar', 'war', 'class', 'pkl', 'db', 'sqlite', 'rpm', 'deb', 'tar', 'tgz', 'zip',
  'bin', 'raw', 'qcow2', 'img', 'iso', 'pcap', 'pcapng', 'journal', 'journal~', 'subunit', 'clf', 'crt', 'csr', 'pem',
  'key', 'der', 'p12', 'pdf',
  // Configuration dumps: they differ between runs by design (ports, paths) and hold no events; log servers serve
  // many of them with `.txt` added.
  'conf', 'ini', 'yaml', 'yml', 'html', 'conf.txt', 'yaml.txt', 'yml.txt', 'json.txt',
];

/** Known noise files by exact base name (an optional `.txt` is allowed after it). */
export const DEFAULT_IGNORED_FILE_NAMES: readonly string[] = [
  'btmp', 'wtmp', 'lastlog', 'cpuinfo', 'meminfo', 'df', 'dstat', 'free', 'host_info', 'hosts', 'id_rsa', 'iostat',
  'iotop', 'lsmod', 'lsof', 'lsof_network', 'pstree', 'ps', 'sysctl', 'sysstat', 'uname', 'repolist', 'passwords.yml',
  'authkey', 'moduli', 'dns_cache', 'log-size', 'zuul-manifest.json', 'job-output.json', 'inventory.yaml',
  'atop.bin', 'cacerts', 'screen-dstat', 'unbound.log', 'README', 'hostname', 'password', 'postci',
  'devstack-gate-setup-host', 'heat-deploy-times.log', 'rdo-trunk-deps-end',
];

/** Known noise files by the start of their base name (a dump named by its time). */
export const DEFAULT_IGNORED_NAME_PREFIXES: readonly string[] = ['worlddump-'];

/** Path fragments of folders that hold Zuul metadata, VCS data or system state rather than logs. */
export const DEFAULT_IGNORED_DIRECTORIES: readonly string[] = [
  'zuul-info', '_zuul_ansible', 'ara-report', 'ara-database', '.git', '.svn', 'etc/selinux/targeted',
  // Kernel state copied by sosreport and must-gather: thousands of small files, none a log (LogJuicer's defaults).
  'proc', 'sys',
  'etc/pki', 'keystone/credential-keys', 'keystone/fernet-keys', 'swift/backups', 'venv', '__pycache__',
  'etc/sysconfig', 'etc/systemd', 'etc/polkit-1', 'etc/nodepool', 'conf.modules.d', 'lib/heat-config/heat-config-script',
  // sosreport: SCSI state, and listings of open files, processes, journal and folders.
  'sos_commands/scsi',
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Default ignore rules as regular expression sources (matched against the `/` separated relative path). */
export const DEFAULT_EXCLUDES: readonly string[] = [
  `\\.(?:${DEFAULT_IGNORED_EXTENSIONS.map(escapeRegExp).join('|')})$`,
  `(?:^|/)(?:${DEFAULT_IGNORED_FILE_NAMES.map(escapeRegExp).join('|')})(?:\\.txt)?$`,
  `(?:^|/)(?:${DEFAULT_IGNORED_DIRECTORIES.map(escapeRegExp).join('|')})/`,
  `(?:^|/)(?:${DEFAULT_IGNORED_NAME_PREFIXES.map(escapeRegExp).join('|')})[^/]*$`,
  '(?:^|/)sos_commands/(?:[^/]+/)*(?:lsof|ps|journalctl|ls)_[^/]*$',
  // Key files (`etc/ssh/ssh_host_rsa_key`): Python LogReduce's `_key`.
  '(?:^|/)[^/]*_key(?:\\.txt)?$',
];

export interface IgnoreOptions {
  readonly excludes?: readonly string[];
  readonly replaceDefaultExcludes?: boolean;
}

interface CompiledRule {
  readonly source: string;
  readonly pattern: RegExp;
}

const compiledCache = new Map<string, CompiledRule>();

function compile(source: string): CompiledRule {
  let rule = compiledCache.get(source);
  if (rule === undefined) {
    // Default rules are written for lower and upper case alike (`.PNG`); user rules are case-sensitive as typed.
    rule = { source, pattern: new RegExp(source, DEFAULT_EXCLUDES.includes(source) ? 'i' : '') };
    compiledCache.set(source, rule);
  }
  return rule;
}

/** Checks user-supplied exclude patterns; returns one message per invalid pattern (empty when all compile). */
export function validateExcludes(excludes: readonly string[]): string[] {
  const problems: string[] = [];
  for (const source of excludes) {
    try {
      new RegExp(source);
    } catch (error) {
      problems.push(`invalid exclude pattern ${JSON.stringify(source)}: ${(error as Error).message}`);
    }
  }
  return problems;
}

/** The rules in force for these options: defaults plus user excludes, or only the user's when replacing. */
export function activeExcludes(options: IgnoreOptions): readonly string[] {
  const user = options.excludes ?? [];
  return options.replaceDefaultExcludes === true ? user : [...DEFAULT_EXCLUDES, ...user];
}

/**
 * Returns the source of the first rule that ignores `path`, or undefined when the file is analysed.
 * Throws a clear error when a user pattern is not a valid regular expression.
 */
export function isIgnoredPath(path: string, options: IgnoreOptions = {}): string | undefined {
  const normalised = path.replace(/\\/g, '/').replace(COMPRESSION_SUFFIX, '');
  for (const source of activeExcludes(options)) {
    let rule: CompiledRule;
    try {
      rule = compile(source);
    } catch (error) {
      throw new Error(`invalid exclude pattern ${JSON.stringify(source)}: ${(error as Error).message}`);
    }
    if (rule.pattern.test(normalised)) return source;
  }
  return undefined;
}

/**
 * A short reason for a report: which part of the path a rule matched (`default rule: ".yaml"`), rather than the
 * whole alternation of the default list, which says nothing to a person reading the skipped files.
 */
export function explainIgnore(path: string, source: string): string {
  const normalised = path.replace(/\\/g, '/').replace(COMPRESSION_SUFFIX, '');
  if (!DEFAULT_EXCLUDES.includes(source)) return `exclude pattern ${source}`;
  const matched = compile(source).pattern.exec(normalised)?.[0].replace(/^\//, '') ?? source;
  return `default rule "${matched}"`;
}
