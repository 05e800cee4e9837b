import { withoutPartition } from '@cs/bus';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';

export interface RecordedEvent {
  subject: string;
  headers: Record<string, string>;
  data: Record<string, unknown>;
}

/**
 * Everything published under a subject prefix, as an integrator watching the bus sees it
 * (logical subjects: without the test prefix and without the partition token an event is published
 * under; CloudEvents headers, proto3 JSON body).
 */
export class EventRecorder {
  readonly events: RecordedEvent[] = [];

  private constructor(
    private readonly nc: NatsConnection,
    private readonly subscription: Subscription,
  ) {}

  static async start(natsUrl: string, subjectPrefix: string, filter = 'cs.>'): Promise<EventRecorder> {
    const nc = await connect({ servers: natsUrl.split(',') });
    const subscription = nc.subscribe(subjectPrefix ? `${subjectPrefix}.${filter}` : filter);
    const recorder = new EventRecorder(nc, subscription);
    (async () => {
      for await (const message of subscription) {
        const headers: Record<string, string> = {};
        for (const [key, values] of message.headers ?? []) headers[key] = values[0] ?? '';
        const natsSubject = subjectPrefix ? message.subject.slice(subjectPrefix.length + 1) : message.subject;
        recorder.events.push({ subject: withoutPartition(natsSubject), headers, data: message.json() });
      }
    })();
    await nc.flush();
    return recorder;
  }

  ofSubject(subject: string): RecordedEvent[] {
    return this.events.filter((e) => e.subject === subject);
  }

  async stop(): Promise<void> {
    this.subscription.unsubscribe();
    await this.nc.drain();
  }
}
