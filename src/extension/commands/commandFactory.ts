// A command is built from the services; its arguments come from VS Code (palette, links, tests) and are unchecked,
// so each command validates them itself.
import type { Services } from '../services';

export type CommandHandler = (...args: unknown[]) => unknown;
export type CommandFactory = (services: Services) => CommandHandler;
