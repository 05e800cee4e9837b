/** Where a service gets its own token: the provider's token endpoint, client-credentials grant. */
export interface ServiceCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

/**
 * This service's bearer token for calls to other services. Fetched on first use, reused until a
 * minute before it expires; concurrent callers share one fetch.
 */
export class ServiceTokenSource {
  private current?: { token: string; refreshAtMs: number };
  private pending?: Promise<string>;

  constructor(private readonly credentials: ServiceCredentials) {}

  async token(): Promise<string> {
    if (this.current && this.current.refreshAtMs > Date.now()) return this.current.token;
    this.pending ??= this.fetch().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetch(): Promise<string> {
    const response = await fetch(this.credentials.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: this.credentials.clientId,
        client_secret: this.credentials.clientSecret,
      }),
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) {
      throw new Error(
        `token endpoint ${this.credentials.tokenUrl} refused ${this.credentials.clientId}: HTTP ${response.status}`,
      );
    }
    const body = (await response.json()) as { access_token?: string; expires_in?: number };
    if (!body.access_token) throw new Error(`token endpoint ${this.credentials.tokenUrl} returned no access_token`);
    const lifetimeMs = (body.expires_in ?? 300) * 1000;
    this.current = {
      token: body.access_token,
      refreshAtMs: Date.now() + Math.max(lifetimeMs - 60_000, lifetimeMs / 2),
    };
    return body.access_token;
  }
}
