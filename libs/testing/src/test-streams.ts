import { connect } from '@nats-io/transport-node';

const pageSize = 1024;

/**
 * Deletes the JetStream streams of a test prefix (named `<PREFIX>_CS_<SERVICE>`), so test runs do
 * not pile up streams on a shared NATS server. Speaks the JetStream API directly (request/reply on
 * `$JS.API.…`), which needs only the core client.
 */
export async function deleteTestStreams(natsUrl: string, subjectPrefix: string): Promise<number> {
  const streamPrefix = `${subjectPrefix.toUpperCase().replaceAll('-', '_')}_`;
  const nc = await connect({ servers: natsUrl.split(',') });
  try {
    const ours: string[] = [];
    for (let offset = 0; ; offset += pageSize) {
      const reply = await nc.request('$JS.API.STREAM.NAMES', JSON.stringify({ offset }), { timeout: 5000 });
      const page = reply.json<{ total: number; streams: string[] | null; error?: { description: string } }>();
      if (page.error) throw new Error(`listing JetStream streams: ${page.error.description}`);
      ours.push(...(page.streams ?? []).filter((name) => name.startsWith(streamPrefix)));
      if (offset + pageSize >= page.total) break;
    }
    for (const name of ours) {
      const reply = await nc.request(`$JS.API.STREAM.DELETE.${name}`, '', { timeout: 5000 });
      const result = reply.json<{ success?: boolean; error?: { code: number; description: string } }>();
      // Already gone (another cleanup got there first) is fine.
      if (result.error && result.error.code !== 404) throw new Error(`deleting ${name}: ${result.error.description}`);
    }
    return ours.length;
  } finally {
    await nc.close();
  }
}
