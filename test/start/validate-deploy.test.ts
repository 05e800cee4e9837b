import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scratchDir } from './helpers.js';

const repo = resolve(import.meta.dirname, '../..');
const validator = join(repo, 'scripts/validate-deploy.mjs');

function validate(root: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [validator, '--root', root], { encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** A copy of what validate-deploy reads: deploy/, .dockerignore, the event catalogue, the NATS permission table, the streams' max age and partitions. */
function copyOfDeploy(dir: string): void {
  cpSync(join(repo, 'deploy'), join(dir, 'deploy'), { recursive: true });
  cpSync(join(repo, 'scripts/infra/nats-auth.mjs'), join(dir, 'scripts/infra/nats-auth.mjs'));
  cpSync(join(repo, '.dockerignore'), join(dir, '.dockerignore'));
  // The generator reads the streams' max age from the code (STREAM_MAX_AGE_HOURS).
  cpSync(join(repo, 'libs/bus/src/streams.setup.ts'), join(dir, 'libs/bus/src/streams.setup.ts'));
  cpSync(join(repo, 'libs/bus/src/naming.util.ts'), join(dir, 'libs/bus/src/naming.util.ts'));
  mkdirSync(join(dir, 'libs/contracts/src/gen'), { recursive: true });
  cpSync(
    join(repo, 'libs/contracts/src/gen/event-catalogue.ts'),
    join(dir, 'libs/contracts/src/gen/event-catalogue.ts'),
  );
}

function edit(path: string, from: string | RegExp, to: string): void {
  const text = readFileSync(path, 'utf8');
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`${path}: nothing matched ${from}`);
  writeFileSync(path, changed);
}

describe('scripts/validate-deploy.mjs', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it('passes on the committed deploy/ and says what it checked', () => {
    const { status, output } = validate(repo);
    expect(output).toMatch(/kustomize build|deploy\/k8s\/overlays\/prod: \d+ resources/);
    expect(output).toContain('kubernetes-models');
    expect(output).toContain('== Dockerfile');
    expect(status, output).toBe(0);
    expect(output).toMatch(/validate-deploy: all \d+ checks passed/);
  });

  it('fails, naming each problem, on a typo, a schema error, an unknown event, a stale base, NATS rights and a root image', () => {
    const scratch = scratchDir('validate');
    cleanups.push(scratch.remove);
    copyOfDeploy(scratch.dir);
    const k8s = join(scratch.dir, 'deploy/k8s');
    // A misspelt field: schema validation alone lets it through.
    edit(join(k8s, 'base/orders/deployment.yaml'), '          readinessProbe:', '          readinessProb:');
    // A wrong type in an overlay patch.
    edit(join(k8s, 'overlays/prod/kustomization.yaml'), /value: 12\n/, 'value: twelve\n');
    // A consumer of an event nobody publishes.
    edit(
      join(k8s, 'base/aftersales/jetstream.yaml'),
      'filterSubject: cs.orders.order.handed_to_aftersales',
      'filterSubject: cs.orders.order.vanished',
    );
    // A partition past the last, and so no consumer left for the last one.
    edit(
      join(k8s, 'base/care/jetstream.yaml'),
      'durableName: care__cs_aftersales_case_closed__p7',
      'durableName: care__cs_aftersales_case_closed__p9',
    );
    edit(
      join(k8s, 'base/care/jetstream.yaml'),
      'filterSubject: cs.aftersales.case.closed.7',
      'filterSubject: cs.aftersales.case.closed.9',
    );
    // A consumer as they were before partitions: one per subject.
    edit(
      join(k8s, 'base/care/jetstream.yaml'),
      'filterSubject: cs.aftersales.case.opened.0\n',
      'filterSubject: cs.aftersales.case.opened\n',
    );
    // orders connecting as another service, and allowed to publish every service's events.
    edit(join(k8s, 'base/orders/deployment.yaml'), 'name: orders-nats', 'name: aftersales-nats');
    edit(join(k8s, 'nats/values-auth.yaml'), '- "cs.orders.>"', '- "cs.>"');
    // The image running as root, built with ADD.
    edit(join(scratch.dir, 'deploy/Dockerfile'), 'USER 10001:10001', 'USER root');
    edit(join(scratch.dir, 'deploy/Dockerfile'), 'COPY proto ./proto', 'ADD proto ./proto');

    const { status, output } = validate(scratch.dir);
    expect(status, output).toBe(1);
    expect(output).toMatch(/deploy\/k8s is out of date/);
    expect(output).toMatch(/Deployment\/orders: TS2353: .*readinessProb/);
    expect(output).toMatch(/HorizontalPodAutoscaler\/orders: .*maxReplicas must be integer/);
    expect(output).toMatch(/cs\.orders\.order\.vanished is in the event catalogue/);
    expect(output).toMatch(/filter cs\.aftersales\.case\.closed\.9 = <subject>\.<partition below 8>/);
    expect(output).toMatch(/care: a Consumer for cs\.aftersales\.case\.closed in partitions 7\n/);
    expect(output).toMatch(/filter cs\.aftersales\.case\.opened = <subject>\.<partition below 8>/);
    expect(output).toMatch(/care__cs_aftersales_case_opened__p0 = <service>__<subject>__p<partition>/);
    expect(output).toMatch(/FAIL .*overlays\/prod orders: NATS_USER\/NATS_PASSWORD from Secret orders-nats/);
    expect(output).toMatch(
      /FAIL values-auth\.yaml orders: publishes only cs\.orders\.> and cs\.dlq\.orders\.> \(cs\.>, /,
    );
    expect(output).toMatch(/non-root USER \(root\) \(DL3002\)/);
    expect(output).toMatch(/use COPY, not ADD \(DL3020\)/);
    expect(output).toMatch(/validate-deploy: \d+ problem\(s\)/);
  });

  it('fails on identity: a borrowed client secret, a dev issuer that does not know a secret, plain http to the provider, no egress, compose gaps; and care without egress to its mail server', () => {
    const scratch = scratchDir('validate-oidc');
    cleanups.push(scratch.remove);
    copyOfDeploy(scratch.dir);
    const k8s = join(scratch.dir, 'deploy/k8s');
    // inquiry reads orders' client secret.
    edit(join(k8s, 'base/inquiry/deployment.yaml'), 'name: inquiry-oidc', 'name: orders-oidc');
    // The dev issuer registers a stale secret for orders instead of reading orders-oidc.
    edit(
      join(k8s, 'overlays/dev/infra/dev-issuer.yaml'),
      'service:orders=$(CLIENT_SECRET_ORDERS)',
      'service:orders=orders-oidc-dev-old',
    );
    // Prod trusting a provider over plain http.
    edit(
      join(k8s, 'overlays/prod/kustomization.yaml'),
      'AUTH_JWKS_URL=https://login.shop.example',
      'AUTH_JWKS_URL=http://login.shop.example',
    );
    // The services may not reach the dev issuer.
    edit(join(k8s, 'overlays/dev/infra/dev-issuer.yaml'), '        - port: 8400', '        - port: 8401');
    // care may not reach the mail server on 465 (SMTPS).
    edit(join(k8s, 'components/network-policies/external-egress.yaml'), '        - port: 465', '        - port: 466');
    // compose: care without its client secret, and NATS waiting for the issuer.
    const compose = join(scratch.dir, 'deploy/compose.yaml');
    edit(compose, '      AUTH_CLIENT_SECRET: care-oidc-dev\n', '');
    edit(
      compose,
      '    command: [-js, -sd, /data, -m, "8222"]\n',
      '    command: [-js, -sd, /data, -m, "8222"]\n    depends_on: [dev-issuer]\n',
    );

    const { status, output } = validate(scratch.dir);
    expect(status, output).toBe(1);
    expect(output).toMatch(
      /FAIL .*overlays\/prod inquiry: AUTH_CLIENT_SECRET from Secret inquiry-oidc key client-secret \(orders-oidc key client-secret\)/,
    );
    expect(output).toMatch(
      /FAIL .*overlays\/dev orders: the dev issuer's client service:orders has the secret of orders-oidc \(different secret\)/,
    );
    expect(output).toMatch(/FAIL .*overlays\/prod \w+: AUTH_JWKS_URL is https \(http:/);
    expect(output).toMatch(/FAIL .*overlays\/dev: egress from the services to the dev issuer \(port 8400\)/);
    expect(output).toMatch(
      /FAIL .*overlays\/prod care: egress to the mail server \(CARE_SMTP_URL\): SMTP submission \(port 465\)/,
    );
    expect(output).not.toMatch(/FAIL .*care: egress to the mail server .*\(port 587\)/);
    expect(output).toMatch(
      /FAIL deploy\/compose\.yaml care: AUTH_CLIENT_SECRET registered with the dev issuer as service:care \(unset\)/,
    );
    expect(output).toMatch(/FAIL deploy\/compose\.yaml: `up nats` starts no dev-issuer/);
    // The other services are still fine: the failures name only what was broken.
    expect(output).not.toMatch(/FAIL .*(knowledge|complaints): AUTH_CLIENT_SECRET/);
  });

  it('fails on gRPC peers (an address in the code but not in `calls`, a call without egress, a stale allowance, compose gaps) and on care without its production opt-out key', () => {
    const scratch = scratchDir('validate-grpc');
    cleanups.push(scratch.remove);
    copyOfDeploy(scratch.dir);
    // The services' configs, where the validator reads the peer addresses the code can call.
    for (const service of readdirSync(join(repo, 'services'))) {
      const src = join(repo, 'services', service, 'src');
      for (const file of readdirSync(src).filter((f) => f.endsWith('.config.ts'))) {
        mkdirSync(join(scratch.dir, 'services', service, 'src'), { recursive: true });
        cpSync(join(src, file), join(scratch.dir, 'services', service, 'src', file));
      }
    }
    const k8s = join(scratch.dir, 'deploy/k8s');
    // complaints' code starts calling knowledge, but nobody declared it.
    edit(
      join(scratch.dir, 'services/complaints/src/complaints.config.ts'),
      '    ...platformEnvShape(defaults),\n',
      "    ...platformEnvShape(defaults),\n    KNOWLEDGE_GRPC_ADDRESS: envString().default('127.0.0.1:50056'),\n",
    );
    // care may not reach complaints' gRPC port any more.
    edit(
      join(k8s, 'components/network-policies/grpc-egress.yaml'),
      /(name: care-egress-complaints[\s\S]*?- port: )50054/,
      '$150055',
    );
    // A hand-written allowance for a call the code no longer makes.
    appendFileSync(
      join(k8s, 'components/network-policies/egress.yaml'),
      `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: complaints-egress-aftersales
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: complaints
      app.kubernetes.io/component: api
  policyTypes: [Egress]
  egress:
    - to:
        - podSelector:
            matchLabels:
              app.kubernetes.io/name: aftersales
      ports:
        - port: 50053
          protocol: TCP
`,
    );
    // care's migration Job without the opt-out key its config requires in production.
    edit(join(k8s, 'base/care/migration-job.yaml'), '- name: CARE_OPT_OUT_SECRET', '- name: CARE_OPT_OUT_KEY');
    // compose: care without after-sales' address and its opt-out key, complaints with a stale address.
    const compose = join(scratch.dir, 'deploy/compose.yaml');
    edit(compose, '      AFTERSALES_GRPC_ADDRESS: aftersales:50053\n', '');
    edit(compose, '      CARE_OPT_OUT_SECRET: care-opt-out-dev\n', '');
    edit(compose, '      GRPC_PORT: "50054"\n', '      GRPC_PORT: "50054"\n      ORDERS_GRPC_ADDRESS: orders:50052\n');

    const { status, output } = validate(scratch.dir);
    expect(status, output).toBe(1);
    expect(output).toMatch(
      /FAIL complaints: KNOWLEDGE_GRPC_ADDRESS \(services\/complaints\/src\/complaints\.config\.ts\) is in its `calls`/,
    );
    expect(output).toMatch(/FAIL .*overlays\/prod complaints: KNOWLEDGE_GRPC_ADDRESS set to a peer address \(unset\)/);
    expect(output).toMatch(
      /FAIL .*overlays\/prod care: egress to complaints gRPC \(port 50054, COMPLAINTS_GRPC_ADDRESS\) past the default-deny/,
    );
    expect(output).toMatch(
      /FAIL .*overlays\/dev NetworkPolicy\/complaints-egress-aftersales: opens aftersales's gRPC port to complaints/,
    );
    expect(output).toMatch(/FAIL deploy\/compose\.yaml care: AFTERSALES_GRPC_ADDRESS=aftersales:50053 \(unset\)/);
    expect(output).toMatch(
      /FAIL deploy\/compose\.yaml complaints: ORDERS_GRPC_ADDRESS is set but complaints calls no such peer/,
    );
    expect(output).toMatch(/FAIL deploy\/compose\.yaml complaints: KNOWLEDGE_GRPC_ADDRESS=<not in calls>/);
    expect(output).toMatch(
      /FAIL .*overlays\/prod care migration Job: CARE_OPT_OUT_SECRET from Secret care-opt-out key secret \(unset\)/,
    );
    expect(output).not.toMatch(/FAIL .*care Deployment: CARE_OPT_OUT_SECRET/);
    expect(output).toMatch(/FAIL deploy\/compose\.yaml care: CARE_OPT_OUT_SECRET set/);
    // The declared calls that were left alone still pass.
    expect(output).not.toMatch(/FAIL .*(inquiry: egress to|admits gRPC from inquiry|care: egress to aftersales)/);
  });
});
