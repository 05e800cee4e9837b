#!/usr/bin/env node
// Writes deploy/k8s/base/<service>/ for the six services from one template, and the list of them
// in deploy/k8s/base/kustomization.yaml. The output is committed; edit this file, not the output,
// then run `node deploy/k8s/generate.mjs`. `--check` fails when the committed output differs
// (scripts/validate-deploy.mjs runs it).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  INTEGRATOR_USER,
  natsAuthorization,
  passwordVariable,
  renderAuthorization,
  renderNatsConfig,
} from '../../scripts/infra/nats-auth.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const baseDir = join(here, 'base');
const PART_OF = 'customer-service';

// Persisted contracts: stream names, subjects and durable names must match libs/bus
// (naming.util.ts): stream CS_<SERVICE> holds cs.<service>.>; events go out on <subject>.<partition>,
// and a consumer has one durable per partition, <consumer>__<subject, . → _>__p<partition>.
// Consumer settings mirror libs/bus durableConfig() and stream settings newStreamConfig(): the
// services reconcile what they find, so a different value here would be flipped back and forth.
export const BUS = Object.freeze({
  duplicateWindow: '2m',
  // How far back integrators can replay: libs/bus's STREAM_MAX_AGE_HOURS, which the services also
  // set on the streams they create (one value; read from the source, which needs no build).
  maxAge: `${streamMaxAgeHours()}h`,
  ackWait: '10s',
  maxDeliver: -1,
  maxAckPending: 1000,
});

function streamMaxAgeHours() {
  return Number(busConstant('streams.setup.ts', 'STREAM_MAX_AGE_HOURS'));
}

/** libs/bus's EVENT_PARTITIONS: how many partitions, so how many durables, each subject has. */
export const EVENT_PARTITIONS = Number(busConstant('naming.util.ts', 'EVENT_PARTITIONS'));

/** A number constant of libs/bus, read from its source (which needs no build). */
function busConstant(file, name) {
  const source = readFileSync(join(here, '../../libs/bus/src', file), 'utf8');
  const found = new RegExp(`^export const ${name} = (\\d+);$`, 'm').exec(source);
  if (!found) throw new Error(`libs/bus/src/${file}: no \`export const ${name} = <number>;\``);
  return found[1];
}

/**
 * The services. `calls`: gRPC peers this one calls, with the variable of its config that holds the
 * address (validate-deploy checks every *_GRPC_ADDRESS in services/<name>/src/*.config.ts is here).
 * From `calls` come the caller's egress policy (components/network-policies/grpc-egress.yaml) and
 * the peer's ingress allowance (its networkpolicy.yaml): nothing else may connect to a gRPC port.
 * `config`: settings of its own written to <name>-env (placeholders the overlays may replace).
 * `consumes`: event subjects this service handles (one durable consumer each), read from the
 * `@OnEvent('…')` handlers in services/<name>/src so the declarations cannot fall behind the code.
 * Every subject must be in libs/contracts' event catalogue (validate-deploy checks).
 * `secretEnv`: variables the Deployment reads from Secrets of its own (prod: the secret store; dev:
 * generated in the dev overlay), beyond the database, NATS and OIDC ones every service has;
 * `job: true` when the config refuses to start without it in production (NODE_ENV=production), so
 * the migration Job, which parses the same config, gets it too.
 * `externalEgress`: ports the service's pods may connect to outside the cluster, written to the
 * network-policies component (components/network-policies/external-egress.yaml).
 */
export const SERVICES = [
  {
    name: 'inquiry',
    http: 3001,
    grpc: 50051,
    calls: [
      { peer: 'orders', env: 'ORDERS_GRPC_ADDRESS' },
      // The reply check before an agent's reply is sent (fails open after INQUIRY_REPLY_CHECK_DEADLINE_MS).
      { peer: 'knowledge', env: 'KNOWLEDGE_GRPC_ADDRESS' },
    ],
  },
  { name: 'orders', http: 3002, grpc: 50052 },
  {
    name: 'aftersales',
    http: 3003,
    grpc: 50053,
    // The courier status feed's HMAC key, shared with the courier (POST /aftersales/webhooks/courier-status);
    // without it the feed refuses every delivery, the rest of the service runs.
    secretEnv: [{ env: 'COURIER_FEED_SECRET', secret: 'aftersales-courier-feed', key: 'secret' }],
  },
  // Calls no one: it follows its after-sales cases through aftersales' events (cs.aftersales.case.*).
  { name: 'complaints', http: 3004, grpc: 50054 },
  {
    name: 'care',
    http: 3005,
    grpc: 50055,
    // A revisit that finds a new problem opens a complaint or an after-sales case.
    calls: [
      { peer: 'complaints', env: 'COMPLAINTS_GRPC_ADDRESS' },
      { peer: 'aftersales', env: 'AFTERSALES_GRPC_ADDRESS' },
    ],
    // Email (campaigns, surveys) through the shop's mail server, with its credentials in the URL
    // (smtp[s]://user:password@host:port); the opt-out links' HMAC key.
    secretEnv: [
      { env: 'CARE_SMTP_URL', secret: 'care-smtp', key: 'url' },
      { env: 'CARE_OPT_OUT_SECRET', secret: 'care-opt-out', key: 'secret', job: true },
    ],
    // The shop's own (placeholders = the code's defaults): the sender of campaign and survey email,
    // and the opt-out page the signed token is appended to. Replace them in the prod overlay.
    config: ['CARE_MAIL_FROM=care@shop.example', 'CARE_OPT_OUT_URL=https://shop.example/optout'],
    externalEgress: [{ name: 'smtp', what: 'the mail server (CARE_SMTP_URL): SMTP submission', ports: [587, 465] }],
  },
  { name: 'knowledge', http: 3006, grpc: 50056 },
];
// Who may call whom, from `calls` only (validate-deploy imports SERVICES and checks both sides).
for (const service of SERVICES) {
  service.grpcCallers = SERVICES.filter((caller) => (caller.calls ?? []).some((c) => c.peer === service.name)).map(
    (caller) => caller.name,
  );
}

function handledSubjects(service) {
  const subjects = new Set();
  const visit = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts')) {
        for (const match of readFileSync(path, 'utf8').matchAll(/@OnEvent\(\s*'([^']+)'/g)) subjects.add(match[1]);
      }
    }
  };
  visit(join(here, '..', '..', 'services', service, 'src'));
  return [...subjects].sort();
}
for (const service of SERVICES) service.consumes = handledSubjects(service.name);

const SHUTDOWN_GRACE_MS = 20_000;
const PRE_STOP_SECONDS = 5;
// The kubelet's countdown includes preStop: 5 s + 20 s of draining + 10 s of margin.
const TERMINATION_GRACE_SECONDS = PRE_STOP_SECONDS + SHUTDOWN_GRACE_MS / 1000 + 10;

const header = (what) => `# Generated by deploy/k8s/generate.mjs: ${what}. Edit the generator, not this file.\n`;

function labels(name, component, indent) {
  const pad = ' '.repeat(indent);
  return [
    `${pad}app.kubernetes.io/name: ${name}`,
    `${pad}app.kubernetes.io/component: ${component}`,
    `${pad}app.kubernetes.io/part-of: ${PART_OF}`,
  ].join('\n');
}

const streamName = (producer) => `CS_${producer.toUpperCase().replaceAll('-', '_')}`;
/** The durable of one partition of a subject a service consumes (libs/bus partitionDurableName). */
export const durableName = (consumer, subject, partition) =>
  `${consumer}__${subject.replaceAll('.', '_')}__p${partition}`;
const k8sName = (value) => value.toLowerCase().replaceAll('_', '-');

// NATS: every service connects as its own user (scripts/infra/nats-auth.mjs has the permissions),
// with NATS_USER/NATS_PASSWORD from the Secret <user>-nats (keys user, password). The NATS servers
// read the same passwords from their environment ($CS_NATS_PASSWORD_<USER>), so no password is in a file.
const NACK_ACCOUNT = 'cs-nats';
const natsSecret = (user) => `${user}-nats`;
const natsUsers = () =>
  natsAuthorization(
    SERVICES.map((s) => s.name),
    { password: (user) => ({ env: passwordVariable(user) }), jetstreamAdmin: true },
  );

function natsEnv(s) {
  return `            # Its own NATS user: it may publish only cs.${s.name}.> (and its dead letters), see deploy/README.md.
            - name: NATS_USER
              valueFrom:
                secretKeyRef:
                  name: ${natsSecret(s.name)}
                  key: user
            - name: NATS_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: ${natsSecret(s.name)}
                  key: password`;
}

// Identity: every call carries a bearer token from the shop's OpenID Connect provider (the
// cs-platform-env AUTH_* variables say which). For its own calls to other services each service has
// a client-credentials account at the provider: AUTH_CLIENT_ID=service:<name> (its <name>-env) and
// AUTH_CLIENT_SECRET from the Secret <name>-oidc, key client-secret (prod: the secret store; dev:
// generated, and the dev issuer registers the same secrets).
const oidcSecret = (name) => `${name}-oidc`;
const OIDC_SECRET_KEY = 'client-secret';
const clientId = (name) => `service:${name}`;

function oidcEnv(s) {
  return `            # Its own client-credentials account at the identity provider (AUTH_CLIENT_ID in ${s.name}-env).
            - name: AUTH_CLIENT_SECRET
              valueFrom:
                secretKeyRef:
                  name: ${oidcSecret(s.name)}
                  key: ${OIDC_SECRET_KEY}`;
}

function secretEnv(s, { job = false } = {}) {
  return (s.secretEnv ?? [])
    .filter((v) => !job || v.job)
    .map(
      (v) => `            - name: ${v.env}
              valueFrom:
                secretKeyRef:
                  name: ${v.secret}
                  key: ${v.key}`,
    )
    .map((text) => `\n${text}`)
    .join('')
    .replace(
      /^\n/,
      `\n            # Its own Secrets (SERVICES secretEnv in deploy/k8s/generate.mjs; deploy/README.md "Configuration").\n`,
    );
}

/** Every Secret a service reads besides its database, NATS and OIDC ones (validate-deploy imports it). */
export const serviceSecrets = () => SERVICES.flatMap((s) => (s.secretEnv ?? []).map((v) => v.secret));

function kustomization(s) {
  const literals = [
    `SERVICE_NAME=${s.name}`,
    `HTTP_PORT=${s.http}`,
    `GRPC_PORT=${s.grpc}`,
    `OTEL_SERVICE_NAME=${s.name}`,
    // Its account at the identity provider, for calls to other services (secret: Secret ${oidcSecret(s.name)}).
    `AUTH_CLIENT_ID=${clientId(s.name)}`,
    // dns:/// plus the headless Service gives grpc-js one subchannel per pod (round_robin in the
    // client's service config) instead of one connection pinned to one pod behind a ClusterIP.
    ...(s.calls ?? []).map((call) => {
      const peer = SERVICES.find((p) => p.name === call.peer);
      return `${call.env}=dns:///${call.peer}-grpc:${peer.grpc}`;
    }),
    ...(s.config ?? []),
  ];
  return `${header(`the ${s.name} service`)}apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - serviceaccount.yaml
  - deployment.yaml
  - service.yaml
  - hpa.yaml
  - pdb.yaml
  - networkpolicy.yaml
  - migration-job.yaml
  - jetstream.yaml
configMapGenerator:
  # This service's own settings; the shared ones (NATS_URL, LOG_LEVEL, ...) are in cs-platform-env.
  - name: ${s.name}-env
    options:
      labels:
${labels(s.name, 'config', 8)}
    literals:
${literals.map((l) => `      - ${l}`).join('\n')}
`;
}

function podSecurity() {
  return `      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        runAsGroup: 10001
        fsGroup: 10001
        seccompProfile:
          type: RuntimeDefault`;
}

function containerSecurity(indent = 10) {
  const pad = ' '.repeat(indent);
  return `${pad}securityContext:
${pad}  allowPrivilegeEscalation: false
${pad}  readOnlyRootFilesystem: true
${pad}  runAsNonRoot: true
${pad}  capabilities:
${pad}    drop: [ALL]`;
}

function commonEnv(s) {
  return `          envFrom:
            - configMapRef:
                name: cs-platform-env
            - configMapRef:
                name: ${s.name}-env
          env:
            # CloudNativePG writes <cluster>-app with a ready-made uri (prod); the dev overlay generates the same.
            - name: DATABASE_URL
              valueFrom:
                secretKeyRef:
                  name: ${s.name}-db-app
                  key: uri
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
            - name: POD_NAMESPACE
              valueFrom:
                fieldRef:
                  fieldPath: metadata.namespace
            - name: OTEL_RESOURCE_ATTRIBUTES
              value: k8s.pod.name=$(POD_NAME),k8s.namespace.name=$(POD_NAMESPACE),service.namespace=${PART_OF}`;
}

function deployment(s) {
  return `${header(`the ${s.name} service`)}apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${s.name}
  labels:
${labels(s.name, 'api', 4)}
spec:
  # No replicas: the HorizontalPodAutoscaler owns the count (minReplicas per overlay).
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      app.kubernetes.io/name: ${s.name}
      app.kubernetes.io/component: api
  strategy:
    type: RollingUpdate
    rollingUpdate:
      # New pods are ready only once the migration Job has run (/readyz checks migrations), so the
      # old ones keep serving until then.
      maxUnavailable: 0
      maxSurge: 25%
  template:
    metadata:
      labels:
${labels(s.name, 'api', 8)}
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "${s.http}"
        prometheus.io/path: /metrics
    spec:
      serviceAccountName: ${s.name}
      automountServiceAccountToken: false
      # > preStop (${PRE_STOP_SECONDS} s) + SHUTDOWN_GRACE_MS (${SHUTDOWN_GRACE_MS / 1000} s): the service drains before the SIGKILL.
      terminationGracePeriodSeconds: ${TERMINATION_GRACE_SECONDS}
${podSecurity()}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app.kubernetes.io/name: ${s.name}
              app.kubernetes.io/component: api
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app.kubernetes.io/name: ${s.name}
              app.kubernetes.io/component: api
      containers:
        - name: ${s.name}
          image: cs-${s.name}
          imagePullPolicy: IfNotPresent
          ports:
            - name: http
              containerPort: ${s.http}
              protocol: TCP
            - name: grpc
              containerPort: ${s.grpc}
              protocol: TCP
${commonEnv(s)}
${natsEnv(s)}
${oidcEnv(s)}${secretEnv(s)}
          # Up: the HTTP server answers /healthz (no dependencies), for up to 60 s after start.
          startupProbe:
            httpGet:
              path: /healthz
              port: http
            periodSeconds: 2
            failureThreshold: 30
          # Alive: the gRPC health service answers for "" (grpc.health.v1, native kubelet probe).
          livenessProbe:
            grpc:
              port: ${s.grpc}
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 3
          # Ready for traffic: database and NATS reachable, migrations applied; fails from SIGTERM on.
          readinessProbe:
            httpGet:
              path: /readyz
              port: http
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 2
          lifecycle:
            # Keeps serving while the endpoint removal reaches every proxy, then SIGTERM starts the drain.
            preStop:
              sleep:
                seconds: ${PRE_STOP_SECONDS}
          resources:
            requests:
              cpu: 100m
              memory: 192Mi
            limits:
              cpu: "1"
              memory: 512Mi
${containerSecurity()}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
`;
}

function service(s) {
  return `${header(`the ${s.name} service`)}apiVersion: v1
kind: Service
metadata:
  name: ${s.name}
  labels:
${labels(s.name, 'api', 4)}
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: ${s.name}
    app.kubernetes.io/component: api
  ports:
    - name: http
      port: ${s.http}
      targetPort: http
      protocol: TCP
      appProtocol: http
    - name: grpc
      port: ${s.grpc}
      targetPort: grpc
      protocol: TCP
      appProtocol: grpc
---
# Headless: DNS returns every ready pod, for gRPC clients that balance per call
# (dns:///${s.name}-grpc:${s.grpc} with the round_robin policy).
apiVersion: v1
kind: Service
metadata:
  name: ${s.name}-grpc
  labels:
${labels(s.name, 'api', 4)}
spec:
  clusterIP: None
  selector:
    app.kubernetes.io/name: ${s.name}
    app.kubernetes.io/component: api
  ports:
    - name: grpc
      port: ${s.grpc}
      targetPort: grpc
      protocol: TCP
      appProtocol: grpc
`;
}

function serviceAccount(s) {
  return `${header(`the ${s.name} service`)}apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${s.name}
  labels:
${labels(s.name, 'api', 4)}
# The service never calls the Kubernetes API.
automountServiceAccountToken: false
`;
}

function hpa(s) {
  return `${header(`the ${s.name} service`)}apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${s.name}
  labels:
${labels(s.name, 'api', 4)}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: ${s.name}
  minReplicas: 2
  maxReplicas: 6
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
    # Scaling on work waiting rather than on CPU needs a metrics adapter (prometheus-adapter or
    # KEDA). Examples, from the services' /metrics and prometheus-nats-exporter:
    # - type: Pods                      # requests in flight per pod, from the per-RPC metrics
    #   pods:
    #     metric:
    #       name: cs_grpc_server_in_flight_requests
    #     target:
    #       type: AverageValue
    #       averageValue: "20"
    # - type: External                  # events waiting for this service's durable consumers
    #   external:
    #     metric:
    #       name: nats_consumer_num_pending
    #       selector:
    #         matchLabels:
    #           consumer_name_prefix: ${s.name}__
    #     target:
    #       type: AverageValue
    #       averageValue: "100"
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 300
      policies:
        - type: Pods
          value: 1
          periodSeconds: 60
`;
}

function pdb(s) {
  return `${header(`the ${s.name} service`)}apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${s.name}
  labels:
${labels(s.name, 'api', 4)}
spec:
  maxUnavailable: 1
  # A pod that is not ready serves nothing: evicting it must not be blocked by the budget.
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels:
      app.kubernetes.io/name: ${s.name}
      app.kubernetes.io/component: api
`;
}

function networkPolicy(s) {
  const grpcFrom = (s.grpcCallers ?? []).map(
    (caller) => `    # gRPC from ${caller}
    - from:
        - podSelector:
            matchLabels:
              app.kubernetes.io/name: ${caller}
              app.kubernetes.io/component: api
      ports:
        - port: grpc
          protocol: TCP`,
  );
  return `${header(`the ${s.name} service`)}# Who may open connections to ${s.name}. Everything else is dropped once a policy selects the pods.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${s.name}-ingress
  labels:
${labels(s.name, 'api', 4)}
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: ${s.name}
      app.kubernetes.io/component: api
  policyTypes: [Ingress]
  ingress:
    # HTTP/JSON API from the ingress controller and consoles: label their namespace
    # customer-service.io/access=http.
    - from:
        - namespaceSelector:
            matchLabels:
              customer-service.io/access: http
      ports:
        - port: http
          protocol: TCP
    # /metrics (served on the HTTP port) for Prometheus in the monitoring namespace.
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: monitoring
      ports:
        - port: http
          protocol: TCP
${grpcFrom.length ? `${grpcFrom.join('\n')}\n` : `    # No other service calls ${s.name} over gRPC; its events travel through NATS.\n`}`;
}

function migrationJob(s) {
  return `${header(`the ${s.name} service`)}# Runs the ${s.name} migrations (\`main.bundle.js migrate\`: creates the database when missing, migrates,
# exits 0) once per rollout. The Deployment sets MIGRATE_ON_START=false. A Job's pod template is
# immutable: delete the finished Job before applying a new image (see deploy/README.md); Argo CD and
# Flux recreate it themselves through the annotations below. It parses the same configuration as the
# service (AUTH_* included, from cs-platform-env; its Secrets the config requires in production) but
# calls no one: no NATS or client credentials.
apiVersion: batch/v1
kind: Job
metadata:
  name: ${s.name}-migrate
  labels:
${labels(s.name, 'migration', 4)}
  annotations:
    argocd.argoproj.io/sync-options: Replace=true
    kustomize.toolkit.fluxcd.io/force: enabled
spec:
  backoffLimit: 6
  activeDeadlineSeconds: 900
  template:
    metadata:
      labels:
${labels(s.name, 'migration', 8)}
    spec:
      restartPolicy: Never
      serviceAccountName: ${s.name}
      automountServiceAccountToken: false
${podSecurity()}
      containers:
        - name: migrate
          image: cs-${s.name}
          imagePullPolicy: IfNotPresent
          args: [migrate]
${commonEnv(s)}${secretEnv(s, { job: true })}
          resources:
            requests:
              cpu: 50m
              memory: 128Mi
            limits:
              cpu: 500m
              memory: 384Mi
${containerSecurity()}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
`;
}

function stream(name, subjects, description) {
  return `apiVersion: jetstream.nats.io/v1beta2
kind: Stream
metadata:
  name: ${k8sName(name)}
  labels:
    app.kubernetes.io/part-of: ${PART_OF}
spec:
  name: ${name}
  description: ${JSON.stringify(description)}
  subjects:
${subjects.map((subject) => `    - "${subject}"`).join('\n')}
  storage: file
  retention: limits
  discard: old
  duplicateWindow: ${BUS.duplicateWindow}
  maxAge: ${BUS.maxAge}
  replicas: 1
  # Deleting this object must not delete the events in it.
  preventDelete: true
  account: ${NACK_ACCOUNT}
`;
}

function jetstream(s) {
  const producer = stream(streamName(s.name), [`cs.${s.name}.>`], `Events published by ${s.name}`);
  const partitions = Array.from({ length: EVENT_PARTITIONS }, (_, partition) => partition);
  const consumers = (s.consumes ?? []).flatMap((subject) =>
    partitions.map((partition) => consumer(s, subject, partition)),
  );
  return `${header(`the ${s.name} service`)}# JetStream objects reconciled by the NACK controller (jetstream.nats.io/v1beta2): the stream
# ${s.name} publishes to${
    consumers.length
      ? `, and the durable pull consumers of the events ${s.name} handles, one per
# subject and partition (${EVENT_PARTITIONS} partitions by aggregate; the replicas share the partitions out)`
      : ''
  }.
# Shared by all replicas of ${s.name}; the settings match what libs/bus would create itself.
${[producer, ...consumers].join('---\n')}`;
}

function consumer(s, subject, partition) {
  const producerName = subject.split('.')[1];
  const durable = durableName(s.name, subject, partition);
  return `apiVersion: jetstream.nats.io/v1beta2
kind: Consumer
metadata:
  name: ${k8sName(durable)}
  labels:
    app.kubernetes.io/name: ${s.name}
    app.kubernetes.io/part-of: ${PART_OF}
spec:
  streamName: ${streamName(producerName)}
  durableName: ${durable}
  description: ${JSON.stringify(`${s.name} handles ${subject}`)}
  filterSubject: ${subject}.${partition}
  deliverPolicy: all
  ackPolicy: explicit
  replayPolicy: instant
  ackWait: ${BUS.ackWait}
  # The services count deliveries and dead-letter to CS_DLQ themselves, so the server never gives up.
  maxDeliver: ${BUS.maxDeliver}
  maxAckPending: ${BUS.maxAckPending}
  preventDelete: true
  account: ${NACK_ACCOUNT}
`;
}

function platformKustomization() {
  return `${header('what all services share')}apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - jetstream-dlq.yaml
  - nats-account.yaml
configMapGenerator:
  # Settings every service reads (libs/config platformEnvShape). Overlays merge their values in.
  - name: cs-platform-env
    options:
      labels:
        app.kubernetes.io/part-of: ${PART_OF}
        app.kubernetes.io/component: config
    literals:
      - NATS_URL=nats://nats:4222
      - LOG_LEVEL=info
      # Kubernetes runs migrations in the <service>-migrate Job, before the new pods can be ready.
      - MIGRATE_ON_START=false
      - SHUTDOWN_GRACE_MS=${SHUTDOWN_GRACE_MS}
      # Replicas of the streams the services declare; must equal the Stream objects' spec.replicas.
      - BUS_STREAM_REPLICAS=1
      - NODE_ENV=production
      # The OpenID Connect provider whose tokens every call must carry. Placeholders: the overlays
      # set them (prod: the shop's provider; dev: the dev issuer in the namespace). See deploy/README.md.
      - AUTH_ISSUER=${PLACEHOLDER_PROVIDER.issuer}
      - AUTH_AUDIENCE=${PLACEHOLDER_PROVIDER.audience}
      - AUTH_JWKS_URL=${PLACEHOLDER_PROVIDER.jwksUrl}
      - AUTH_TOKEN_URL=${PLACEHOLDER_PROVIDER.tokenUrl}
      # Where tokens carry the roles; Keycloak without a \`roles\` mapper: realm_access.roles.
      - AUTH_ROLES_CLAIM=roles
`;
}

// Placeholders for the shop's provider (Keycloak-style paths), in the base; the overlays replace them.
const PLACEHOLDER_REALM = 'https://login.shop.example/realms/customer-service';
const PLACEHOLDER_PROVIDER = Object.freeze({
  issuer: PLACEHOLDER_REALM,
  audience: 'cs-platform',
  jwksUrl: `${PLACEHOLDER_REALM}/protocol/openid-connect/certs`,
  tokenUrl: `${PLACEHOLDER_REALM}/protocol/openid-connect/token`,
});

// The dev overlay's identity provider: libs/auth's DevIssuer as a process of its own
// (libs/auth/dist/dev-issuer.main.js is in every service image), with the services' accounts.
export const DEV_ISSUER = Object.freeze({
  name: 'dev-issuer',
  port: 8400,
  image: 'cs-orders',
  script: '/app/libs/auth/dist/dev-issuer.main.js',
  keyDir: '/var/lib/dev-issuer',
});
const devClientSecretVariable = (name) => `CLIENT_SECRET_${name.toUpperCase().replaceAll('-', '_')}`;

function devIssuer() {
  const secrets = SERVICES.map(
    (s) => `            - name: ${devClientSecretVariable(s.name)}
              valueFrom:
                secretKeyRef:
                  name: ${oidcSecret(s.name)}
                  key: ${OIDC_SECRET_KEY}`,
  );
  const clients = SERVICES.map((s) => `${clientId(s.name)}=$(${devClientSecretVariable(s.name)})`).join(',');
  const labelsOf = (indent) =>
    [
      `${' '.repeat(indent)}app.kubernetes.io/name: ${DEV_ISSUER.name}`,
      `${' '.repeat(indent)}app.kubernetes.io/part-of: customer-service-dev-infra`,
    ].join('\n');
  return `${header('the development identity provider')}# The dev overlay's OpenID Connect issuer: discovery, JWKS and the client-credentials grant for
# the services' accounts (the Secrets <service>-oidc, which the services read as AUTH_CLIENT_SECRET).
# It runs libs/auth/dist/dev-issuer.main.js from the orders image (every service image has it).
# Its signing key is made at start in an emptyDir: a new pod means a new key, and tokens signed by
# the old one are refused (the services refetch the key set; mint new tokens).
# Tokens for people: kubectl -n cs-dev exec deploy/${DEV_ISSUER.name} -- node ${DEV_ISSUER.script} mint --role front-line-agent --agent a-7
# Never in prod: anyone who can exec into it can sign any token.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${DEV_ISSUER.name}
  labels:
${labelsOf(4)}
spec:
  replicas: 1
  # One signing key at a time: a second pod would publish a different key set.
  strategy:
    type: Recreate
  selector:
    matchLabels:
      app.kubernetes.io/name: ${DEV_ISSUER.name}
  template:
    metadata:
      labels:
${labelsOf(8)}
    spec:
      automountServiceAccountToken: false
${podSecurity()}
      containers:
        - name: ${DEV_ISSUER.name}
          image: ${DEV_ISSUER.image}
          imagePullPolicy: IfNotPresent
          command: [/usr/bin/tini, --, node, --enable-source-maps, ${DEV_ISSUER.script}]
          env:
            # The services' client secrets, from the same Secrets the services read.
${secrets.join('\n')}
            - name: DEV_ISSUER_CLIENTS
              value: ${clients}
            # The issuer and audience the services trust (cs-platform-env), so they cannot disagree.
            - name: DEV_ISSUER_PUBLIC_URL
              valueFrom:
                configMapKeyRef:
                  name: cs-platform-env
                  key: AUTH_ISSUER
            - name: DEV_ISSUER_AUDIENCE
              valueFrom:
                configMapKeyRef:
                  name: cs-platform-env
                  key: AUTH_AUDIENCE
            - name: DEV_ISSUER_PORT
              value: "${DEV_ISSUER.port}"
            - name: DEV_ISSUER_KEY_FILE
              value: ${DEV_ISSUER.keyDir}/signing-key.json
          ports:
            - name: http
              containerPort: ${DEV_ISSUER.port}
              protocol: TCP
          readinessProbe:
            httpGet:
              path: /.well-known/openid-configuration
              port: http
            periodSeconds: 5
          livenessProbe:
            httpGet:
              path: /.well-known/openid-configuration
              port: http
            periodSeconds: 20
          resources:
            requests:
              cpu: 20m
              memory: 64Mi
            limits:
              cpu: 200m
              memory: 128Mi
${containerSecurity()}
          volumeMounts:
            - name: keys
              mountPath: ${DEV_ISSUER.keyDir}
      volumes:
        - name: keys
          emptyDir:
            sizeLimit: 1Mi
---
apiVersion: v1
kind: Service
metadata:
  name: ${DEV_ISSUER.name}
  labels:
${labelsOf(4)}
spec:
  selector:
    app.kubernetes.io/name: ${DEV_ISSUER.name}
  ports:
    - name: http
      port: ${DEV_ISSUER.port}
      targetPort: http
      protocol: TCP
      appProtocol: http
---
# With the network-policies component: the services fetch the key set and their own tokens here.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: cs-egress-dev-issuer
  labels:
    app.kubernetes.io/part-of: ${PART_OF}
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/part-of: ${PART_OF}
      app.kubernetes.io/component: api
  policyTypes: [Egress]
  egress:
    - to:
        - podSelector:
            matchLabels:
              app.kubernetes.io/name: ${DEV_ISSUER.name}
      ports:
        - port: ${DEV_ISSUER.port}
          protocol: TCP
`;
}

function postgresClusters() {
  const clusters = SERVICES.map(
    (s) => `apiVersion: postgresql.cnpg.io/v1
kind: Cluster
metadata:
  name: ${s.name}-db
  labels:
    app.kubernetes.io/name: ${s.name}-db
    app.kubernetes.io/component: database
    # Not part-of customer-service: the network-policies component must not isolate the database pods.
    app.kubernetes.io/part-of: customer-service-data
spec:
  # One primary and two streaming replicas on different nodes; the operator fails over.
  instances: 3
  imageName: ghcr.io/cloudnative-pg/postgresql:18
  primaryUpdateStrategy: unsupervised
  # CloudNativePG creates the database and its owner, and the Secret ${s.name}-db-app whose key
  # \`uri\` the ${s.name} pods and migration Job read as DATABASE_URL.
  bootstrap:
    initdb:
      database: cs_${s.name}
      owner: ${s.name}
  storage:
    size: 20Gi
  walStorage:
    size: 5Gi
  postgresql:
    parameters:
      max_connections: "200"
      shared_buffers: 256MB
  affinity:
    enablePodAntiAffinity: true
    podAntiAffinityType: required
    topologyKey: kubernetes.io/hostname
  resources:
    requests:
      cpu: 250m
      memory: 512Mi
    limits:
      memory: 1Gi
`,
  );
  return `${header('one CloudNativePG cluster per service database')}# Needs the CloudNativePG operator (postgresql.cnpg.io/v1). Backups: add a barman-cloud plugin
# ObjectStore and a ScheduledBackup per cluster for your object storage (not set here).
${clusters.join('---\n')}`;
}

function nackAccount() {
  return `${header('how the NACK controller connects to NATS')}# The Stream and Consumer objects name this Account (spec.account): NACK connects with the
# \`nack\` user, which may manage JetStream but publish no event. Its password is the Secret
# nack-nats (keys user, password). The overlays set the servers.
apiVersion: jetstream.nats.io/v1beta2
kind: Account
metadata:
  name: ${NACK_ACCOUNT}
  labels:
    app.kubernetes.io/part-of: ${PART_OF}
spec:
  servers:
    - nats://nats:4222
  user:
    secret:
      name: ${natsSecret('nack')}
    user: user
    password: password
`;
}

/** The same users as a file nats-server can \`include\` (for NATS not installed with the Helm chart). */
function natsAuthConf() {
  return `${header('the NATS users and their permissions')}# Include it in a nats-server config (\`include nats-auth.conf\`); the server reads each password
# from its environment: ${passwordVariable('orders')} etc., from the Secrets <user>-nats.
${renderAuthorization(natsUsers())}`;
}

/** The whole config of the development NATS pod (overlays/dev/infra). */
function devNatsConf() {
  return `${header('the development NATS server')}${renderNatsConfig(natsUsers(), {
    host: '0.0.0.0',
    port: 4222,
    storeDir: '/data',
    monitorPort: 8222,
  })}`;
}

const yamlString = (value) => JSON.stringify(value);
const yamlList = (values, indent) =>
  values.length ? values.map((v) => `\n${' '.repeat(indent)}- ${yamlString(v)}`).join('') : ' []';

/** Helm values for the official NATS chart: the users, and their passwords from the Secrets. */
function natsHelmAuthValues() {
  const { users } = natsUsers();
  const userEntries = users.map(
    ({ user, permissions }) => `        # ${user}
        - user: ${user}
          # The chart writes << >> unquoted: nats-server takes the value from its environment.
          password: << $${passwordVariable(user)} >>
          permissions:
            publish:
              allow:${yamlList(permissions.publish.allow, 16)}
              deny:${yamlList(permissions.publish.deny ?? [], 16)}
            subscribe:
              allow:${yamlList(permissions.subscribe.allow, 16)}`,
  );
  const env = users.map(
    ({ user }) => `    ${passwordVariable(user)}:
      valueFrom:
        secretKeyRef:
          name: ${natsSecret(user)}
          key: password`,
  );
  return `${header('the NATS users for the Helm chart')}# One user per service (publishes only its own cs.<service>.> and cs.dlq.<service>.>),
# ${INTEGRATOR_USER} (read-only) and nack (the NACK controller). Use with values-prod.yaml:
#   helm upgrade --install nats nats/nats -n nats -f deploy/k8s/nats/values-prod.yaml -f deploy/k8s/nats/values-auth.yaml
# Needs the Secrets <user>-nats (key password) in the nats namespace, filled from the secret store
# with the same passwords as the <user>-nats Secrets in the services' namespace (deploy/README.md).
config:
  merge:
    authorization:
      users:
${userEntries.join('\n')}
container:
  env:
${env.join('\n')}
`;
}

// Service-to-service gRPC, from `calls`: the caller's pods may connect to the peer's pods on its
// gRPC port and nothing else (the peer's <peer>-ingress admits the same callers).
function grpcEgress() {
  const policies = SERVICES.flatMap((s) =>
    (s.calls ?? []).map((call) => {
      const peer = SERVICES.find((p) => p.name === call.peer);
      return `# ${s.name} → ${peer.name} (${call.env}).
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${s.name}-egress-${peer.name}
  labels:
    app.kubernetes.io/part-of: ${PART_OF}
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: ${s.name}
      app.kubernetes.io/component: api
  policyTypes: [Egress]
  egress:
    - to:
        - podSelector:
            matchLabels:
              app.kubernetes.io/name: ${peer.name}
              app.kubernetes.io/component: api
      ports:
        - port: ${peer.grpc}
          protocol: TCP
`;
    }),
  );
  return `${header('gRPC calls between the services')}# Part of the network-policies component: each service reaches the gRPC port of the peers in its
# \`calls\` (SERVICES), ${SERVICES.flatMap((s) => (s.calls ?? []).map((c) => `${s.name} → ${c.peer}`)).join(', ')}.
${policies.join('---\n')}`;
}

// Outside the cluster: any address (0.0.0.0/0, ::/0), only on the declared ports. Narrow the
// range to the provider's addresses (or your egress proxy's) where you know them.
function externalEgress() {
  const policies = SERVICES.flatMap((s) =>
    (s.externalEgress ?? []).map(
      (e) => `# ${s.name} → ${e.what}.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${s.name}-egress-${e.name}
  labels:
    app.kubernetes.io/part-of: ${PART_OF}
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: ${s.name}
      app.kubernetes.io/component: api
  policyTypes: [Egress]
  egress:
    - to:
        - ipBlock:
            cidr: 0.0.0.0/0
        - ipBlock:
            cidr: ::/0
      ports:
${e.ports.map((port) => `        - port: ${port}\n          protocol: TCP`).join('\n')}
`,
    ),
  );
  return `${header('egress to servers outside the cluster')}# Part of the network-policies component: what the services reach outside the cluster, from
# \`externalEgress\` in SERVICES. The identity provider is allowed per overlay (prod:
# overlays/prod/identity-egress.yaml).
${policies.join('---\n')}`;
}

function baseKustomization() {
  return `${header('the list of bases')}apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - platform
${SERVICES.map((s) => `  - ${s.name}`).join('\n')}
`;
}

function render() {
  const files = new Map();
  files.set('base/kustomization.yaml', baseKustomization());
  for (const s of SERVICES) {
    const put = (file, text) => files.set(`base/${s.name}/${file}`, text);
    put('kustomization.yaml', kustomization(s));
    put('deployment.yaml', deployment(s));
    put('service.yaml', service(s));
    put('serviceaccount.yaml', serviceAccount(s));
    put('hpa.yaml', hpa(s));
    put('pdb.yaml', pdb(s));
    put('networkpolicy.yaml', networkPolicy(s));
    put('migration-job.yaml', migrationJob(s));
    put('jetstream.yaml', jetstream(s));
  }
  files.set('base/platform/kustomization.yaml', platformKustomization());
  files.set('base/platform/nats-account.yaml', nackAccount());
  files.set('nats/nats-auth.conf', natsAuthConf());
  files.set('nats/values-auth.yaml', natsHelmAuthValues());
  files.set('overlays/dev/infra/nats-server.conf', devNatsConf());
  files.set('overlays/dev/infra/dev-issuer.yaml', devIssuer());
  files.set('overlays/prod/postgres-clusters.yaml', postgresClusters());
  files.set('components/network-policies/external-egress.yaml', externalEgress());
  files.set('components/network-policies/grpc-egress.yaml', grpcEgress());
  files.set(
    'base/platform/jetstream-dlq.yaml',
    `${header('the dead-letter stream')}# Messages a consumer gave up on: cs.dlq.<consumer>.<original subject> (libs/bus).
${stream('CS_DLQ', ['cs.dlq.>'], 'Dead letters: events a consumer kept failing on')}`,
  );
  return files;
}

function main() {
  const check = process.argv.includes('--check');
  const files = render();
  const stale = [];
  for (const [file, text] of files) {
    const path = join(here, file);
    const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (current === text) continue;
    if (check) stale.push(relative(process.cwd(), path));
    else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
  }
  // A service directory that the generator no longer produces is stale too.
  for (const entry of readdirSync(baseDir, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== 'platform' && !SERVICES.some((s) => s.name === entry.name)) {
      stale.push(`${relative(process.cwd(), join(baseDir, entry.name))}/ (not a service any more)`);
    }
  }
  if (check && stale.length) {
    console.error(`deploy/k8s is out of date; run node deploy/k8s/generate.mjs. Differs: ${stale.join(', ')}`);
    process.exit(1);
  }
  if (!check && stale.length) console.error(`Remove by hand: ${stale.join(', ')}`);
  console.log(
    check ? `deploy/k8s matches the generator (${files.size} files)` : `wrote ${files.size} files under deploy/k8s`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
