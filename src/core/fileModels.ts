// File models: which baseline files a target file is compared with. Files of the same kind across runs
// (`audit/audit.log` and `audit/audit.log.1`, `build-123.log` and `build-456.log`) share one model name.
//
// The rules start from Python `filename2modelname` (docs/logreduce.md §4) without its junk (§12.11): run-specific
// parts (numbers, hexadecimal ids, UUIDs, vowel-less random suffixes such as pod names) are dropped, extensions only
// count at the end of the name, compression suffixes and rotation numbers are ignored, and the parent directory is
// the nearest one that still names something after the same cleaning.

const COMPRESSION_SUFFIX = /\.(?:gz|xz|bz2|bzip2)$/i;
const UUID_TEXT = /[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}/g;
/** Directories that say nothing about the file kind. */
const GENERIC_DIRECTORIES = new Set(['logs', 'log', 'current', 'util', 'tasks', 'manager', 'init', 'tmp', 'var', '']);
const HEX_WITH_DIGIT = /^(?=.*[0-9])[0-9a-fA-F]+$/;
const VOWEL = /[aeiouy]/i;
/**
 * A Kubernetes name suffix: the pod's 5 characters, or the 9-10 of its ReplicaSet hash, drawn from an alphabet
 * without vowels or the digits 0, 1 and 3. About a fifth of pod suffixes hold no digit (`nova-api-…-xkpqz`), so
 * "a digit and no vowel" kept them, and a pod log then found no baseline. Only a part after a `-` is such a suffix:
 * a name of its own (`httpd.log`) stays whole.
 */
const KUBERNETES_SUFFIX = /^[bcdfghjklmnpqrstvwxz2456789]{5,10}$/;

/** Model name of a file path (relative, `/` or `\` separated). */
export function modelNameForPath(path: string): string {
  const parts = path.replace(/\\/g, '/').split('/').filter((part) => part !== '' && part !== '.');
  const fileName = (parts.pop() ?? '').replace(COMPRESSION_SUFFIX, '');
  if (/^job-output\b/.test(fileName)) return 'job-output.txt';
  // `.log.txt` is how log servers serve `.log` files; a rotation number (`.1`) is dropped by the cleaning below.
  const name = cleanName(fileName.replace(/(\.[a-zA-Z]+)\.txt$/i, '$1')) || fileName;
  for (let index = parts.length - 1; index >= 0; index -= 1) {
    const directory = cleanName(parts[index] ?? '');
    if (!GENERIC_DIRECTORIES.has(directory.toLowerCase())) return `${directory}/${name}`;
  }
  return name;
}

/**
 * Removes run-specific parts: UUIDs, then every `-`/`_`/`.` separated part that is a number, a hexadecimal id with a
 * digit, a random suffix (a digit and no vowel) or a Kubernetes suffix, then the remaining digits. Separators are
 * kept between survivors.
 */
function cleanName(raw: string): string {
  const pieces = raw.replace(UUID_TEXT, '').split(/([-_.])/);
  let out = '';
  let pendingSeparator = '';
  for (let index = 0; index < pieces.length; index += 2) {
    const piece = pieces[index] ?? '';
    const separator = pieces[index + 1] ?? '';
    const afterDash = index > 0 && pieces[index - 1] === '-';
    const runSpecific = (/[0-9]/.test(piece) && (HEX_WITH_DIGIT.test(piece) || !VOWEL.test(piece))) || (afterDash && KUBERNETES_SUFFIX.test(piece));
    const kept = runSpecific ? '' : piece.replace(/[0-9]+/g, '');
    if (kept !== '') {
      out += (out === '' ? '' : pendingSeparator) + kept;
    }
    // A dropped part takes its leading separator with it: `build-123.log` becomes `build.log`.
    if (out !== '') pendingSeparator = separator;
  }
  return out;
}

/**
 * Assigns each target file the model it is compared with, or undefined when no baseline file shares its kind. When
 * no model has the target's full name, the one model whose file part matches serves: a file named on its own
 * (`--target run/audit/audit.log.1`) has no folder in its name, while the baseline folder gives `audit/audit.log`.
 */
export function pickModel(targetPath: string, modelNames: ReadonlySet<string>): string | undefined {
  // With a single model every target uses it: comparing a renamed log with the only baseline beats skipping it.
  if (modelNames.size === 1) return modelNames.values().next().value;
  const name = modelNameForPath(targetPath);
  if (modelNames.has(name)) return name;
  // Folders that differ only by case are one folder on macOS and Windows, stored under one spelling, which need not
  // be the baseline's (`Neutron/` beside `neutron/`): a model equal but for case serves when it is the only one.
  const folded = [...modelNames].filter((model) => model.toLowerCase() === name.toLowerCase());
  if (folded.length === 1) return folded[0];
  const filePart = lastSegment(name);
  const sameFile = [...modelNames].filter((model) => lastSegment(model) === filePart);
  return sameFile.length === 1 ? sameFile[0] : undefined;
}

function lastSegment(modelName: string): string {
  return modelName.slice(modelName.lastIndexOf('/') + 1);
}
