import type { CommandFactory } from './commandFactory';
import { askForLink, linkArgument } from './askForLink';

/** Log Triage: Analyze Gerrit Change… — resolves the change's failed Zuul build and its baselines. */
export const analyzeChange: CommandFactory = (services) => async (link?: unknown) => {
  const url =
    linkArgument(link) ??
    (await askForLink({
      title: 'Log Triage: Analyze Gerrit Change',
      prompt: 'Gerrit change URL, e.g. https://review.opendev.org/c/openstack/nova/+/912345',
      looksRight: (candidate) => /\/(?:#\/)?c\/|\/\d+\/?$/.test(candidate),
    }));
  return url === undefined ? undefined : services.runner.analyzeLink(url);
};
