/** The hash of everything a package's build reads from its own directory (and the shared compiler options). */
export function sourceHash(dir: string): string;
/** The hash dist/ was stamped with, or undefined when it was never stamped. */
export function builtFromHash(dir: string): string | undefined;
export function stampBuilt(dir: string): void;
export function workspacePackages(): string[];
