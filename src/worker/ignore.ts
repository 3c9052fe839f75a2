// Decides which files found under a folder are not logs worth analysing (images, databases, configuration).
// Interim list taken from LogJuicer's defaults (logreduce.md §5) with its unescaped dots fixed; to be replaced
// by the engine's own rules once src/core exports them, so the reader and the engine agree.
import type { AnalysisOptions } from '../core/options';

const DEFAULT_EXCLUDES: readonly string[] = [
  '\\.(ico|png|clf|subunit|sqlite|db|bin|rpm|pkl|jar|pyc|py|sh|eot|otf|woff2?|ttf|yaml|ini|conf|html)$',
  '\\.tar\\.bzip2$',
  '\\.pcap\\.log\\.txt$',
  '(^|/)job-output\\.json$',
  '(^|/)zuul-manifest\\.json$',
  'sos_commands/.*/(lsof|ps|journalctl|ls)_',
  'sos_commands/scsi',
  'cacerts$',
  'local/creds$',
  '(^|/)authkey$',
  'mysql/tc\\.log\\.txt$',
  'log/\\.tmp$',
  'lib/systemd/systemd-coredump$',
  'os-diff/os-diff$',
  '(object|account|container)\\.builder$',
  'crio/pods/crictl_inspectp_',
  'crio/containers/crictl_inspect_',
  '(^|/)(etc|proc|sys|usr/lib|var/lib/selinux|venv)/',
  '(^|/)\\.[a-zA-Z0-9]',
];

/**
 * Builds the matcher for one job. Paths are relative with `/`; a trailing `.gz` or `.xz` is ignored so
 * compressed copies follow the same rules. Throws SyntaxError for an invalid user pattern.
 */
export function ignoreMatcher(options: Pick<AnalysisOptions, 'excludes' | 'replaceDefaultExcludes'>): (relativePath: string) => string | undefined {
  const sources = [...(options.replaceDefaultExcludes ? [] : DEFAULT_EXCLUDES), ...(options.excludes ?? [])];
  const rules = sources.map((source) => {
    try {
      return { source, regex: new RegExp(source) };
    } catch (error) {
      throw new SyntaxError(`Invalid exclude regular expression ${JSON.stringify(source)}: ${(error as Error).message}`);
    }
  });
  return (relativePath) => {
    const name = relativePath.replace(/\.(gz|xz)$/, '');
    for (const rule of rules) if (rule.regex.test(name)) return rule.source;
    return undefined;
  };
}
