export const bundleFile: string;
/** Packages the bundle leaves in node_modules, besides node built-ins and @opentelemetry/*. */
export const externalPackages: readonly string[];
export function bundleService(serviceDir: string): Promise<string>;
/** Writes a built service's bundle to `file`, with its full source map beside it. */
export function writeBundle(dist: string, file: string): Promise<void>;
