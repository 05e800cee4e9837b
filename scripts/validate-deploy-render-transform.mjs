// The transformers of scripts/validate-deploy-render.mjs: target selection, patches (JSON 6902 and
// strategic merge) and image replacement, as kustomize 4.5.4 applies them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

const clone = (value) => structuredClone(value);

export function matches(target, r) {
  if (!target) return false;
  const [group, version] = r.apiVersion.includes('/') ? r.apiVersion.split('/') : ['', r.apiVersion];
  const fullMatch = (pattern, value) => new RegExp(`^(?:${pattern})$`).test(value ?? '');
  if (target.group !== undefined && !fullMatch(target.group, group)) return false;
  if (target.version !== undefined && !fullMatch(target.version, version)) return false;
  if (target.kind !== undefined && !fullMatch(target.kind, r.kind)) return false;
  if (target.name !== undefined && !fullMatch(target.name, r.metadata?.name)) return false;
  if (target.labelSelector !== undefined) {
    const labels = r.metadata?.labels ?? {};
    for (const term of target.labelSelector.split(',')) {
      const [key, value] = term.split('=');
      if (labels[key.trim()] !== value?.trim()) return false;
    }
  }
  return true;
}

export function applyPatch(dir, resources, { path, patch, target }) {
  const text = path ? readFileSync(join(dir, path), 'utf8') : patch;
  const parsed = parseYaml(text);
  if (Array.isArray(parsed)) {
    for (const r of resources.filter((r) => matches(target, r))) for (const op of parsed) jsonPatch(r, op);
    return;
  }
  const selector = target ?? { kind: parsed.kind, name: parsed.metadata?.name };
  const hits = resources.filter((r) => matches(selector, r));
  if (!hits.length) throw new Error(`${dir}: the patch for ${selector.kind}/${selector.name} matches nothing`);
  for (const r of hits) mergeInto(r, parsed, 'root');
}

function jsonPatch(object, { op, path, value }) {
  const keys = path
    .split('/')
    .slice(1)
    .map((k) => k.replaceAll('~1', '/').replaceAll('~0', '~'));
  const last = keys.pop();
  let parent = object;
  for (const key of keys) {
    parent = parent?.[Array.isArray(parent) ? Number(key) : key];
    if (parent === undefined) throw new Error(`patch ${op} ${path}: no such path in ${object.kind}`);
  }
  if (op === 'remove') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (op === 'add' && Array.isArray(parent)) {
    parent.splice(last === '-' ? parent.length : Number(last), 0, clone(value));
  } else if (op === 'add' || op === 'replace') {
    if (op === 'replace' && !(last in parent)) throw new Error(`patch replace ${path}: no such path in ${object.kind}`);
    parent[Array.isArray(parent) ? Number(last) : last] = clone(value);
  } else throw new Error(`patch op ${op} is not supported by this renderer`);
}

// Strategic merge: lists of these fields merge by the key; other lists are replaced.
const MERGE_KEYS = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  ports: 'containerPort',
};
function mergeInto(target, patch, field) {
  if (Array.isArray(patch) && Array.isArray(target) && MERGE_KEYS[field]) {
    // As kustomize (kyaml) orders them: the patch's items first, then the other original ones.
    const key = MERGE_KEYS[field];
    const merged = patch.map((item) => {
      const found = target.find((t) => t[key] === item[key]);
      return found ? mergeInto(found, item, '') : clone(item);
    });
    return [...merged, ...target.filter((t) => !patch.some((item) => item[key] === t[key]))];
  }
  if (patch && typeof patch === 'object' && !Array.isArray(patch) && target && typeof target === 'object') {
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete target[key];
      else target[key] = key in target ? mergeInto(target[key], value, key) : clone(value);
    }
    return target;
  }
  return clone(patch);
}

export function setImage(resources, { name, newName, newTag, digest }) {
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const list of ['containers', 'initContainers']) {
      for (const c of Array.isArray(node[list]) ? node[list] : []) {
        const [image, tag] = String(c.image ?? '').split(/[:@](?=[^/]*$)/);
        if (image !== name) continue;
        const suffix = digest ? `@${digest}` : newTag ? `:${newTag}` : tag ? c.image.slice(image.length) : '';
        c.image = `${newName ?? image}${suffix}`;
      }
    }
    Object.values(node).forEach(visit);
  };
  resources.forEach(visit);
}
