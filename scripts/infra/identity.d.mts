export declare const DEV_AUDIENCE: string;
export declare function devIssuerFiles(authDir: string): { keyFile: string; stateFile: string };
export interface Identity {
  envFor(service: { name: string }): Record<string, string>;
  close(): Promise<void>;
  external: boolean;
}
export declare function ensureIdentity(options: {
  env: NodeJS.ProcessEnv;
  authDir: string;
  services: { name: string }[];
  log: (line: string) => void;
}): Promise<Identity>;
