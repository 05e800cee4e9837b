// A process under a CPU quota of its own, as a Kubernetes pod with a CPU limit runs (the CFS
// quota of a cgroup): on a small machine the only way to show that replicas add capacity is to give
// each one a fixed share, the way a cluster does, and watch what PostgreSQL does as they are added.
// cgroup v1 (the `cpu` hierarchy) and cgroup v2 (`cpu.max`) are both handled; this needs root.
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PERIOD_US = 100_000;
const V1_ROOT = '/sys/fs/cgroup/cpu';
const V2_ROOTS = ['/sys/fs/cgroup', '/sys/fs/cgroup/unified'];

const readable = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

/** Where CPU quotas can be set on this machine, or why they cannot. */
export function cpuQuotaSupport() {
  if (typeof process.getuid === 'function' && process.getuid() !== 0)
    return { reason: 'CPU quotas need root (cgroups); the benchmark runs as a regular user' };
  if (existsSync(join(V1_ROOT, 'cpu.cfs_quota_us'))) return { kind: 'v1', root: V1_ROOT };
  for (const root of V2_ROOTS) {
    const controllers = readable(join(root, 'cgroup.controllers')).split(/\s+/);
    if (controllers.includes('cpu')) return { kind: 'v2', root };
  }
  return { reason: 'no cgroup with the cpu controller is mounted (neither /sys/fs/cgroup/cpu nor a cgroup2 with cpu)' };
}

/**
 * Moves `pid` (all its threads) into a cgroup of its own limited to `cores` CPUs. Returns release(),
 * which removes the cgroup once the process has exited (a cgroup with a live process cannot go).
 */
export function limitCpu(pid, cores, name) {
  const support = cpuQuotaSupport();
  if (!support.kind) throw new Error(`cannot limit ${name} to ${cores} CPU: ${support.reason}`);
  const dir = join(support.root, `cs-bench-${name}-${pid}`);
  mkdirSync(dir, { recursive: true });
  const quota = Math.round(cores * PERIOD_US);
  if (support.kind === 'v1') {
    writeFileSync(join(dir, 'cpu.cfs_period_us'), String(PERIOD_US));
    writeFileSync(join(dir, 'cpu.cfs_quota_us'), String(quota));
  } else {
    writeFileSync(join(support.root, 'cgroup.subtree_control'), '+cpu');
    writeFileSync(join(dir, 'cpu.max'), `${quota} ${PERIOD_US}`);
  }
  writeFileSync(join(dir, 'cgroup.procs'), String(pid));
  return {
    release() {
      try {
        rmdirSync(dir);
      } catch {
        // still populated (the process outlived its stop) or already gone: nothing to clean
      }
    },
  };
}
