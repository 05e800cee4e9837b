// The development issuer as a process of its own, for the dev Kubernetes overlay and
// deploy/compose.yaml (`npm start` runs DevIssuer in-process instead). Never for production: it
// hands a token to anyone who holds a client secret, and `mint` signs whatever it is asked to.
//
//   node libs/auth/dist/dev-issuer.main.js          serves discovery, JWKS and POST /token
//   node libs/auth/dist/dev-issuer.main.js mint --role front-line-agent --agent a-7 [--name 张三]
//        [--team front-line] [--service orders] [--expires 8h]
//                                                   prints a token signed with the running issuer's
//                                                   key (run it where that process runs: kubectl exec,
//                                                   docker compose exec; it reads the same variables)
//
// Environment:
//   DEV_ISSUER_PORT        port to listen on (8400), on DEV_ISSUER_HOST (0.0.0.0)
//   DEV_ISSUER_PUBLIC_URL  the issuer as services and tokens name it, e.g. http://dev-issuer:8400
//                          (default http://127.0.0.1:<port>); services set AUTH_ISSUER to it
//   DEV_ISSUER_AUDIENCE    the `aud` of its tokens (cs-platform); services set AUTH_AUDIENCE to it
//   DEV_ISSUER_CLIENTS     the service accounts: JSON {"service:orders":"secret",...} or
//                          service:orders=secret,service:inquiry=secret
//   DEV_ISSUER_KEY_FILE    where the signing key is kept (created at start when missing); `mint` needs it
import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DevIssuer } from './dev-issuer.js';
import { mintDevToken } from './dev-token.js';

export interface DevIssuerSettings {
  port: number;
  host: string;
  publicUrl: string;
  audience: string;
  clients: Record<string, string>;
  keyFile?: string;
}

/** The settings from the environment; throws, naming the variable, on a value it cannot use. */
export function devIssuerSettings(env: NodeJS.ProcessEnv): DevIssuerSettings {
  const rawPort = env.DEV_ISSUER_PORT?.trim() || '8400';
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port < 1 || port > 65_535) {
    throw new Error(`DEV_ISSUER_PORT must be a port number (1-65535), got "${rawPort}"`);
  }
  return {
    port,
    host: env.DEV_ISSUER_HOST?.trim() || '0.0.0.0',
    publicUrl: env.DEV_ISSUER_PUBLIC_URL?.trim() || `http://127.0.0.1:${port}`,
    audience: env.DEV_ISSUER_AUDIENCE?.trim() || 'cs-platform',
    clients: parseClients(env.DEV_ISSUER_CLIENTS ?? ''),
    keyFile: env.DEV_ISSUER_KEY_FILE?.trim() || undefined,
  };
}

/** DEV_ISSUER_CLIENTS: a JSON object of client id → secret, or `id=secret` pairs separated by commas. */
export function parseClients(raw: string): Record<string, string> {
  const text = raw.trim();
  if (!text) return {};
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error('DEV_ISSUER_CLIENTS is not valid JSON');
    }
    const entries = Object.entries(parsed as Record<string, unknown>);
    if (entries.some(([id, secret]) => !id || typeof secret !== 'string' || !secret)) {
      throw new Error('DEV_ISSUER_CLIENTS (JSON) must map each client id to a non-empty secret string');
    }
    return Object.fromEntries(entries) as Record<string, string>;
  }
  const clients: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const entry = pair.trim();
    if (!entry) continue;
    const at = entry.indexOf('=');
    const id = entry.slice(0, Math.max(at, 0)).trim();
    const secret = entry.slice(at + 1).trim();
    if (at < 0 || !id || !secret) {
      // Never echo the entry: it holds a secret.
      throw new Error('DEV_ISSUER_CLIENTS: every entry must be <client id>=<secret>, e.g. service:orders=…');
    }
    clients[id] = secret;
  }
  return clients;
}

/** Serves until SIGTERM/SIGINT, then closes and exits 0. */
export async function serve(settings: DevIssuerSettings): Promise<DevIssuer> {
  const issuer = await DevIssuer.create({
    audience: settings.audience,
    keyFile: settings.keyFile,
    clients: { ...settings.clients },
    publicUrl: settings.publicUrl,
  });
  await issuer.listen(settings.port, settings.host);
  log('info', 'development issuer listening (not for production)', {
    listen: `${settings.host}:${settings.port}`,
    issuer: issuer.issuer,
    audience: issuer.audience,
    jwks_uri: issuer.jwksUrl,
    token_endpoint: issuer.tokenUrl,
    clients: Object.keys(settings.clients),
    key_file: settings.keyFile ?? null,
  });
  return issuer;
}

/** `mint`: a token for a person (or a service account) signed with the key in DEV_ISSUER_KEY_FILE. */
export async function mint(settings: DevIssuerSettings, args: string[]): Promise<string> {
  if (!settings.keyFile || !existsSync(settings.keyFile)) {
    throw new Error(
      'mint signs with the running issuer’s key: set DEV_ISSUER_KEY_FILE to the file it keeps its key in (run mint where the issuer runs)',
    );
  }
  return mintDevToken({ keyFile: settings.keyFile, audience: settings.audience, issuer: settings.publicUrl }, args);
}

function log(level: 'info' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  const line = `${JSON.stringify({ level, time: new Date().toISOString(), name: 'dev-issuer', msg, ...fields })}\n`;
  (level === 'error' ? process.stderr : process.stdout).write(line);
}

async function main(argv: string[]): Promise<void> {
  const settings = devIssuerSettings(process.env);
  if (argv[0] === 'mint') {
    process.stdout.write(`${await mint(settings, argv.slice(1))}\n`);
    return;
  }
  if (argv.length)
    throw new Error(`unknown arguments "${argv.join(' ')}": run without arguments, or \`mint --role …\``);
  const issuer = await serve(settings);
  const stop = () => {
    // In-flight requests finish; idle keep-alive connections are closed; give up after 5 s.
    setTimeout(() => process.exit(0), 5_000).unref();
    void issuer.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

const invoked = process.argv[1] && existsSync(process.argv[1]) ? realpathSync(process.argv[1]) : undefined;
if (invoked === realpathSync(fileURLToPath(import.meta.url))) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    log('error', error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
