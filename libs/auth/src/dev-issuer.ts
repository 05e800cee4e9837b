import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';

export interface DevTokenClaims {
  sub: string;
  roles: string[];
  agent_id?: string;
  name?: string;
  team?: string;
}

export interface DevIssuerOptions {
  audience?: string;
  /** Where the signing key is kept, so tokens minted by `npm run token` outlive a restart. */
  keyFile?: string;
  /** Service accounts for the client-credentials grant: client id (`service:<name>`) → secret. */
  clients?: Record<string, string>;
  /**
   * The issuer URL tokens and the discovery document carry, when clients reach the issuer under
   * another address than the one it listens on (`http://dev-issuer:8400` in a cluster, while it
   * listens on 0.0.0.0). An origin: http(s), no path. Without it the issuer is the listen address.
   */
  publicUrl?: string;
}

const algorithm = 'ES256';

/**
 * A local OpenID Connect issuer for `npm start` and the tests: it serves its discovery document
 * and JWKS on localhost, mints tokens for people (`sign`) and hands out service tokens by the
 * client-credentials grant at /token. Never deployed: production points AUTH_* at the shop's provider.
 */
export class DevIssuer {
  private server?: Server;
  private issuerUrl = '';

  private readonly retiredKeys: JWK[] = [];

  private constructor(
    private privateKey: CryptoKey,
    private publicJwk: JWK,
    readonly audience: string,
    private readonly clients: Record<string, string>,
    private readonly publicUrl?: string,
  ) {
    this.issuerUrl = publicUrl ?? '';
  }

  static async create(options: DevIssuerOptions = {}): Promise<DevIssuer> {
    const publicUrl = options.publicUrl === undefined ? undefined : originOf(options.publicUrl);
    const { privateJwk, publicJwk } = await loadOrCreateKey(options.keyFile);
    const privateKey = (await importJWK(privateJwk, algorithm)) as CryptoKey;
    return new DevIssuer(privateKey, publicJwk, options.audience ?? 'cs-platform', options.clients ?? {}, publicUrl);
  }

  get issuer(): string {
    return this.issuerUrl;
  }

  get jwksUrl(): string {
    return `${this.issuerUrl}/.well-known/jwks.json`;
  }

  get tokenUrl(): string {
    return `${this.issuerUrl}/token`;
  }

  /** The AUTH_* variables a service needs to trust this issuer. */
  env(): Record<string, string> {
    return {
      AUTH_ISSUER: this.issuer,
      AUTH_AUDIENCE: this.audience,
      AUTH_JWKS_URL: this.jwksUrl,
      AUTH_TOKEN_URL: this.tokenUrl,
    };
  }

  addClient(clientId: string, secret: string): void {
    this.clients[clientId] = secret;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => reply(res, 500, { error: 'server_error' }));
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    this.issuerUrl = this.publicUrl ?? `http://${host}:${address.port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Signs with a new key from now on; the old one stays published so its tokens still verify. */
  async rotateKey(): Promise<void> {
    const { privateJwk, publicJwk } = await loadOrCreateKey();
    this.retiredKeys.push(this.publicJwk);
    this.privateKey = (await importJWK(privateJwk, algorithm)) as CryptoKey;
    this.publicJwk = publicJwk;
  }

  /** A signed token; `expiresIn` as jose reads it ("8h", "-1m" for an already expired one). */
  sign(
    claims: DevTokenClaims,
    options: { expiresIn?: string; audience?: string; issuer?: string } = {},
  ): Promise<string> {
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: algorithm, kid: this.publicJwk.kid, typ: 'JWT' })
      .setIssuer(options.issuer ?? this.issuer)
      .setAudience(options.audience ?? this.audience)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(options.expiresIn ?? '8h')
      .sign(this.privateKey);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.issuerUrl).pathname;
    if (req.method === 'GET' && path === '/.well-known/jwks.json')
      return reply(res, 200, { keys: [this.publicJwk, ...this.retiredKeys] });
    if (req.method === 'GET' && path === '/.well-known/openid-configuration') {
      return reply(res, 200, {
        issuer: this.issuer,
        jwks_uri: this.jwksUrl,
        token_endpoint: this.tokenUrl,
        grant_types_supported: ['client_credentials'],
        id_token_signing_alg_values_supported: [algorithm],
      });
    }
    if (req.method === 'POST' && path === '/token') return this.clientCredentials(req, res);
    reply(res, 404, { error: 'not_found' });
  }

  private async clientCredentials(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await readBody(req));
    const basic = req.headers.authorization?.match(/^Basic (.+)$/)?.[1];
    const [basicId, basicSecret] = basic ? Buffer.from(basic, 'base64').toString().split(':') : [];
    const clientId = form.get('client_id') ?? decodeURIComponent(basicId ?? '');
    const secret = form.get('client_secret') ?? decodeURIComponent(basicSecret ?? '');
    if (form.get('grant_type') !== 'client_credentials') return reply(res, 400, { error: 'unsupported_grant_type' });
    if (!clientId || this.clients[clientId] === undefined || this.clients[clientId] !== secret) {
      return reply(res, 401, { error: 'invalid_client' });
    }
    const expiresIn = 3600;
    const token = await this.sign(
      { sub: clientId, roles: ['service'], name: clientId },
      { expiresIn: `${expiresIn}s` },
    );
    reply(res, 200, { access_token: token, token_type: 'Bearer', expires_in: expiresIn });
  }
}

/** `publicUrl` as the issuer: an http(s) origin without a trailing slash; anything else is refused. */
function originOf(publicUrl: string): string {
  const url = URL.canParse(publicUrl) ? new URL(publicUrl) : undefined;
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.pathname !== '/' || url.search || url.hash) {
    throw new Error(`publicUrl must be an http(s) origin such as http://dev-issuer:8400, got "${publicUrl}"`);
  }
  return url.origin;
}

async function loadOrCreateKey(keyFile?: string): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  if (keyFile) {
    try {
      const privateJwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
      const { d: _secret, ...publicJwk } = privateJwk;
      return { privateJwk, publicJwk: { ...publicJwk, use: 'sig', alg: algorithm } };
    } catch {
      // no key yet: make one below
    }
  }
  const pair = await generateKeyPair(algorithm, { extractable: true });
  const kid = randomUUID();
  const privateJwk = { ...(await exportJWK(pair.privateKey)), kid, alg: algorithm };
  const publicJwk = { ...(await exportJWK(pair.publicKey)), kid, alg: algorithm, use: 'sig' };
  if (keyFile) {
    mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
    writeFileSync(keyFile, JSON.stringify(privateJwk), { mode: 0o600 });
  }
  return { privateJwk, publicJwk };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 16_384) req.destroy();
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
