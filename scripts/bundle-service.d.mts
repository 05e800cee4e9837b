export const bundleFile: string;
/** Packages the bundle leaves in node_modules, besides node built-ins and @opentelemetry/*. */
export const externalPackages: readonly string[];
export function bundleService(serviceDir: string): Promise<string>;
