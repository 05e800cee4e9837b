import { connect, nanos, headers } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, AckPolicy } from '@nats-io/jetstream';
const nc = await connect({ servers: 'nats://127.0.0.1:4222', name: 'probe' });
const jsm = await jetstreamManager(nc);
const js = jetstream(nc);
const s = 'PROBE_' + Date.now();
await jsm.streams.add({ name: s, subjects: [`${s}.>`], duplicate_window: nanos(60000) });
const ci = await jsm.consumers.add(s, { durable_name: 'd1', ack_policy: AckPolicy.Explicit, filter_subject: `${s}.a`, ack_wait: nanos(30000), backoff: [nanos(1000), nanos(5000)], max_deliver: 5 });
console.log('ack_wait', ci.config.ack_wait/1e6, 'backoff', ci.config.backoff, 'maxdel', ci.config.max_deliver);
try { const c2 = await jsm.consumers.add(s, { durable_name: 'd1', ack_policy: AckPolicy.Explicit, filter_subject: `${s}.a`, ack_wait: nanos(20000), max_deliver: 6 }); console.log('re-add different ok', c2.config.max_deliver, c2.config.ack_wait/1e6, c2.config.backoff); } catch (e) { console.log('re-add err', e.constructor.name, e.message, e.code); }
try { const c3 = await jsm.consumers.update(s, 'd1', { ack_wait: nanos(20000), max_deliver: -1, backoff: [] }); console.log('update ok', c3.config.max_deliver, c3.config.ack_wait/1e6, c3.config.backoff); } catch (e) { console.log('update err', e.message); }
try { await jsm.consumers.info(s, 'nope'); } catch (e) { console.log('info missing', e.constructor.name, e.message, e.code, e.apiError?.()); }
try { await js.publish('nostream.x', 'hi', { msgID: '1', timeout: 2000 }); } catch (e) { console.log('pub missing', e.constructor.name, e.message, e.cause?.constructor?.name); }
const h = headers(); h.set('ce-id', 'abc'); h.set('x-cs-error', 'x'.repeat(10));
const pa = await js.publish(`${s}.a`, 'hello', { msgID: 'm1', headers: h });
const pb = await js.publish(`${s}.a`, 'hello', { msgID: 'm1', headers: h });
console.log(pa, pb);
const c = await js.consumers.get(s, 'd1');
const it = await c.fetch({ max_messages: 1, expires: 1000 });
for await (const m of it) { console.log('got', m.subject, [...m.headers], m.info.deliveryCount, m.headers.get('Nats-Msg-Id')); const t=Date.now(); m.nak(300); }
const it2 = await c.fetch({ max_messages: 1, expires: 3000 });
for await (const m of it2) { console.log('redelivered', m.info.deliveryCount, m.info.redelivered); m.term(); }
try { await jsm.streams.add({ name: s, subjects: [`${s}.>`], duplicate_window: nanos(120000) }); console.log('stream re-add different ok'); } catch (e) { console.log('stream re-add err', e.constructor.name, e.message, e.code); }
const si = await jsm.streams.info(s); console.log(si.config.duplicate_window, si.state.messages);
await jsm.streams.delete(s);
await nc.close();
