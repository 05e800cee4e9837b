// The NATS authentication checks of scripts/validate-deploy.mjs: the users and permissions of
// scripts/infra/nats-auth.mjs reach the NATS servers (Helm values, the dev pod's config) and the
// services (NATS_USER/NATS_PASSWORD from the Secrets <user>-nats), and the configs parse.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { INTEGRATOR_USER, natsAuthorization, passwordVariable } from './infra/nats-auth.mjs';

export const natsSecret = (user) => `${user}-nats`;
/** The Secret's name, or the same with the hash suffix kustomize gives generated Secrets. */
const isSecret = (name, secret) => new RegExp(`^${secret}(-[a-z0-9]{10})?$`).test(name ?? '');

/** Every NATS user of the deployment: the services, the integrator and the NACK controller. */
export function natsUsers(services) {
  return natsAuthorization(services, { jetstreamAdmin: true }).users.map(({ user }) => user);
}

/**
 * The Secrets an overlay expects from the secret store: every <user>-nats when it generates none
 * of them (prod), none when it generates any (dev generates them all, so each must be there).
 */
export function secretsFromStore(resources, services) {
  const names = natsUsers(services).map(natsSecret);
  const generated = resources.some((r) => r.kind === 'Secret' && names.some((n) => isSecret(r.metadata?.name, n)));
  return new Set(generated ? [] : names);
}

const secretRef = (container, variable) => container?.env?.find((e) => e.name === variable)?.valueFrom?.secretKeyRef;

/** Per rendered overlay: the services' NATS credentials, the JetStream objects' Account, the NATS pod's variables. */
export function checkOverlayNats(where, resources, services, { expect, secretExists }) {
  const named = (kind, name) => resources.find((r) => r.kind === kind && r.metadata?.name === name);
  for (const name of services) {
    const container = named('Deployment', name)?.spec?.template?.spec?.containers?.find((c) => c.name === name);
    const user = secretRef(container, 'NATS_USER');
    const password = secretRef(container, 'NATS_PASSWORD');
    expect(
      isSecret(user?.name, natsSecret(name)) &&
        user.key === 'user' &&
        isSecret(password?.name, natsSecret(name)) &&
        password.key === 'password',
      `${where} ${name}: NATS_USER/NATS_PASSWORD from Secret ${natsSecret(name)} (keys user, password)`,
    );
  }
  const accounts = resources.filter((r) => r.kind === 'Account' && r.apiVersion?.startsWith('jetstream.nats.io/'));
  for (const object of resources.filter((r) => ['Stream', 'Consumer'].includes(r.kind))) {
    expect(
      accounts.some((a) => a.metadata.name === object.spec?.account),
      `${where} ${object.kind}/${object.metadata?.name}: NACK connects through Account ${object.spec?.account}`,
    );
  }
  for (const account of accounts) {
    const secret = account.spec?.user?.secret?.name;
    expect(
      secret && secretExists(secret) && account.spec.servers?.length > 0,
      `${where} Account/${account.metadata.name}: servers, and user credentials from Secret ${secret}`,
    );
  }
  // A NATS server in the overlay (dev): every password variable its config names is in its environment.
  const nats = named('Deployment', 'nats')?.spec?.template?.spec;
  const configMapName = nats?.volumes?.find((v) => v.configMap)?.configMap?.name;
  const config = configMapName && named('ConfigMap', configMapName)?.data?.['nats-server.conf'];
  if (nats) {
    const variables = [...(config ?? '').matchAll(/password: \$([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]);
    const env = new Set((nats.containers?.[0]?.env ?? []).map((e) => e.name));
    const missing = variables.filter((v) => !env.has(v));
    expect(
      config && variables.length > 0 && missing.length === 0,
      `${where} Deployment/nats: runs with users, and has every password its config reads${missing.length ? ` (missing ${missing.join(', ')})` : ''}`,
    );
  }
}

/** The Helm values for NATS, and (with nats-server installed) that the generated configs parse. */
export function checkNatsFiles(root, services, { expect, note, onPath }) {
  const file = join(root, 'deploy/k8s/nats/values-auth.yaml');
  const values = existsSync(file) ? parseYaml(readFileSync(file, 'utf8')) : undefined;
  const users = values?.config?.merge?.authorization?.users ?? [];
  const expected = natsUsers(services);
  expect(
    JSON.stringify(users.map((u) => u.user)) === JSON.stringify(expected),
    `deploy/k8s/nats/values-auth.yaml: users ${expected.join(', ')}`,
  );
  for (const { user, password, permissions } of users) {
    const variable = passwordVariable(user);
    const ref = values?.container?.env?.[variable]?.valueFrom?.secretKeyRef;
    expect(
      password === `<< $${variable} >>` && ref?.name === natsSecret(user) && ref?.key === 'password',
      `values-auth.yaml ${user}: password from $${variable}, i.e. Secret ${natsSecret(user)} key password`,
    );
    const publishesCs = (permissions?.publish?.allow ?? []).filter((s) => s.startsWith('cs.'));
    if (services.includes(user)) {
      expect(
        JSON.stringify(publishesCs) === JSON.stringify([`cs.${user}.>`, `cs.dlq.${user}.>`]),
        `values-auth.yaml ${user}: publishes only cs.${user}.> and cs.dlq.${user}.> (${publishesCs.join(', ')})`,
      );
    } else {
      expect(publishesCs.length === 0, `values-auth.yaml ${user}: publishes no cs subject`);
    }
    if (user === INTEGRATOR_USER)
      expect(permissions?.publish?.deny?.includes('cs.>'), `values-auth.yaml ${user}: denied publishing cs.>`);
  }

  const server = onPath('nats-server') ?? (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : null);
  if (!server) {
    note('nats-server not installed: the generated NATS configs are not parsed (`nats-server -t`)');
    return;
  }
  // The passwords come from the environment at run time; any value does for parsing.
  const env = { ...process.env, ...Object.fromEntries(expected.map((user) => [passwordVariable(user), 'x'])) };
  for (const config of ['deploy/k8s/nats/nats-auth.conf', 'deploy/k8s/overlays/dev/infra/nats-server.conf']) {
    const run = spawnSync(server, ['-t', '-c', join(root, config)], { encoding: 'utf8', env });
    expect(run.status === 0, `nats-server -t accepts ${config}${run.status === 0 ? '' : `: ${run.stderr.trim()}`}`);
  }
}
