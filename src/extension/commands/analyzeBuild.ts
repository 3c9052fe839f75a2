import type { CommandFactory } from './commandFactory';
import { askForLink, linkArgument } from './askForLink';

/** Log Triage: Analyze Zuul Build… — a build page, buildset page or log URL. */
export const analyzeBuild: CommandFactory = (services) => async (link?: unknown) => {
  const url =
    linkArgument(link) ??
    (await askForLink({
      title: 'Log Triage: Analyze Zuul Build',
      prompt: 'Zuul build URL (…/build/<uuid>) or the build\'s log URL',
      looksRight: (candidate) => /\/build(?:set)?\/[0-9a-f]{32}/.test(candidate) || /\/logs?\//.test(candidate),
    }));
  return url === undefined ? undefined : services.runner.analyzeLink(url);
};
