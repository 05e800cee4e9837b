// Who may do what on NATS: one user per service, a read-only `integrator`, and optionally a
// JetStream administrator (the NACK controller in Kubernetes). The one permission table that
// `npm start` (a generated nats-server config), the Kubernetes files (deploy/k8s/generate.mjs) and
// test/start/nats-permissions.test.ts all use.
//
// Subjects follow libs/bus naming.util.ts: a service publishes cs.<service>.<entity>.<event> into
// the stream CS_<SERVICE> and its dead letters to cs.dlq.<service>.<subject> (stream CS_DLQ). Tests
// put a prefix in front: "<prefix>.cs.orders…", stream "<PREFIX>_CS_ORDERS". JetStream API subjects
// ($JS.API…, $JS.ACK…) carry no prefix; stream names inside them do.

export const INTEGRATOR_USER = 'integrator';
export const JETSTREAM_ADMIN_USER = 'nack';
const DEAD_LETTERS = 'dlq';

/**
 * The inbox prefix a service's connection uses (libs/bus connectBus sets it): replies and pulled
 * messages for `orders` arrive on _INBOX_orders.…, which no other user may subscribe to, so no one
 * can read (or ack) what another service fetches.
 */
export function serviceInboxPrefix(service) {
  return `_INBOX_${service}`;
}

/** The environment variable a deployed nats-server reads a user's password from. */
export function passwordVariable(user) {
  return `CS_NATS_PASSWORD_${user.toUpperCase().replaceAll('-', '_')}`;
}

/**
 * The users and their permissions. `services`: every platform service (each one creates the
 * streams of all of them on start, so all are needed even when fewer run). `password(user)`: a
 * literal string, or { env: 'VAR' } for a password the server takes from its environment.
 * Returns { users: [{ user, role, password, permissions: { publish, subscribe } }] }.
 */
export function natsAuthorization(
  services,
  { subjectPrefix = '', password = () => undefined, jetstreamAdmin = false } = {},
) {
  if (!/^[A-Za-z0-9_-]*$/.test(subjectPrefix))
    throw new Error(`subjectPrefix must be one NATS token: ${subjectPrefix}`);
  for (const service of services) {
    if (!/^[a-z][a-z0-9_-]*$/.test(service) || [DEAD_LETTERS, INTEGRATOR_USER, JETSTREAM_ADMIN_USER].includes(service))
      throw new Error(`not a usable service name: ${service}`);
  }
  const subject = (s) => (subjectPrefix ? `${subjectPrefix}.${s}` : s);
  const stream = (s) => (subjectPrefix ? `${subjectPrefix.toUpperCase().replaceAll('-', '_')}_${s}` : s);
  const streams = [...services.map((s) => `CS_${s.toUpperCase().replaceAll('-', '_')}`), 'CS_DLQ'].map(stream);

  // Pull consumers: create or update (CREATE, DURABLE.CREATE), look up, fetch (MSG.NEXT), and the
  // acks/naks/terms of what was fetched ($JS.ACK). Never deleting: a durable holds a service's place.
  const consume = [
    '$JS.API.CONSUMER.CREATE.>',
    '$JS.API.CONSUMER.DURABLE.CREATE.>',
    '$JS.API.CONSUMER.INFO.>',
    '$JS.API.CONSUMER.NAMES.>',
    '$JS.API.CONSUMER.LIST.>',
    '$JS.API.CONSUMER.MSG.NEXT.>',
    '$JS.ACK.>',
    '$JS.FC.>',
  ];
  const lookUp = ['$JS.API.INFO', '$JS.API.STREAM.NAMES', '$JS.API.STREAM.LIST'];
  // Deny wins over allow: stated outright so that widening an allow list later cannot hand these out.
  const destroy = [
    '$JS.API.STREAM.DELETE.>',
    '$JS.API.STREAM.PURGE.>',
    '$JS.API.STREAM.MSG.DELETE.>',
    '$JS.API.CONSUMER.DELETE.>',
  ];

  const users = services.map((service) => ({
    user: service,
    role: 'service',
    password: password(service),
    permissions: {
      publish: {
        allow: [
          subject(`cs.${service}.>`),
          subject(`cs.${DEAD_LETTERS}.${service}.>`),
          ...lookUp,
          // libs/bus ensureStreams: every service declares (and corrects) the streams of all producers.
          ...streams.flatMap((name) => [
            `$JS.API.STREAM.INFO.${name}`,
            `$JS.API.STREAM.CREATE.${name}`,
            `$JS.API.STREAM.UPDATE.${name}`,
          ]),
          ...consume,
        ],
        deny: destroy,
      },
      // Events reach a service through its pull consumers, i.e. on its own inbox; it needs no cs.> subscription.
      subscribe: { allow: [`${serviceInboxPrefix(service)}.>`] },
    },
  }));

  users.push({
    user: INTEGRATOR_USER,
    role: 'integrator',
    password: password(INTEGRATOR_USER),
    permissions: {
      publish: {
        allow: [
          ...lookUp,
          '$JS.API.STREAM.INFO.*',
          // Reading single messages (by sequence or last per subject), classic and direct get.
          '$JS.API.STREAM.MSG.GET.*',
          '$JS.API.DIRECT.GET.>',
          ...consume,
        ],
        deny: [subject('cs.>'), '$JS.API.STREAM.CREATE.>', '$JS.API.STREAM.UPDATE.>', ...destroy],
      },
      // Live events, and replies/pulled messages on the default inbox or its own prefixed one.
      subscribe: { allow: [subject('cs.>'), '_INBOX.>', `${serviceInboxPrefix(INTEGRATOR_USER)}.>`] },
    },
  });

  if (jetstreamAdmin) {
    users.push({
      user: JETSTREAM_ADMIN_USER,
      role: 'jetstream-admin',
      password: password(JETSTREAM_ADMIN_USER),
      // Reconciles the Stream/Consumer objects; it manages JetStream but publishes no events.
      permissions: {
        publish: { allow: ['$JS.API.>'], deny: [subject('cs.>')] },
        subscribe: { allow: ['_INBOX.>'] },
      },
    });
  }
  return { users };
}

/** A password as nats-server config text: a quoted literal, or `$VAR` (taken from the environment). */
function configPassword(password) {
  if (password && typeof password === 'object') return `$${password.env}`;
  if (typeof password !== 'string' || password === '') throw new Error('every NATS user needs a password');
  return JSON.stringify(password);
}

/** A config array, one subject a line (the generated files are read by people). */
function list(values, indent) {
  if (values.length === 0) return '[]';
  const pad = ' '.repeat(indent + 2);
  return `[\n${values.map((v) => `${pad}${JSON.stringify(v)}`).join(',\n')}\n${' '.repeat(indent)}]`;
}

/** What a user may do, for the comment above it. */
function roleNote(user, role) {
  if (role === 'service')
    return `publishes only its own events (cs.${user}.>) and dead letters (cs.${DEAD_LETTERS}.${user}.>)`;
  if (role === 'integrator') return 'read-only: consumes cs.>, publishes no cs subject';
  return 'manages streams and consumers (the NACK controller), publishes no cs subject';
}

/** The `authorization { users = [...] }` block of a nats-server config. */
export function renderAuthorization({ users }) {
  const lines = ['authorization {', '  users = ['];
  for (const { user, role, password, permissions } of users) {
    lines.push(
      `    # ${user}: ${roleNote(user, role)}`,
      '    {',
      `      user: ${JSON.stringify(user)}`,
      `      password: ${configPassword(password)}`,
      '      permissions: {',
      '        publish: {',
      `          allow: ${list(permissions.publish.allow, 10)}`,
      `          deny: ${list(permissions.publish.deny ?? [], 10)}`,
      '        }',
      `        subscribe: { allow: ${list(permissions.subscribe.allow, 8)} }`,
      '      }',
      '    }',
    );
  }
  lines.push('  ]', '}');
  return `${lines.join('\n')}\n`;
}

/**
 * A whole nats-server config: listen address, JetStream with its store, optional monitoring port,
 * and the authorization block.
 */
export function renderNatsConfig(authorization, { host = '127.0.0.1', port = 4222, storeDir, monitorPort } = {}) {
  if (!storeDir) throw new Error('renderNatsConfig: storeDir is required (JetStream keeps the streams there)');
  return [
    `listen: ${JSON.stringify(`${host}:${port}`)}`,
    ...(monitorPort ? [`http_port: ${monitorPort}`] : []),
    `jetstream: { store_dir: ${JSON.stringify(storeDir)} }`,
    '',
    renderAuthorization(authorization),
  ].join('\n');
}
