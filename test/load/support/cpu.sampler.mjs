// Which component used the 2 cores during a measured window, from /proc (Linux only):
// CPU time per process group between two snapshots, as % of one core.
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

const TICKS_PER_SECOND = 100; // CLK_TCK on Linux x86_64

/** A process's command name, parent and CPU ticks used (user + system), from /proc/<pid>/stat. */
function readStat(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const close = stat.lastIndexOf(')');
  const comm = stat.slice(stat.indexOf('(') + 1, close);
  const fields = stat.slice(close + 2).split(' '); // fields[0] is field 3 (state)
  return { comm, ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
}

/** CPU seconds one process has used so far (user + system). */
export const processCpuSeconds = (pid) => readStat(pid).ticks / TICKS_PER_SECOND;

function readProcesses() {
  const processes = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      processes.set(Number(entry), readStat(entry));
    } catch {
      // the process ended while we read /proc
    }
  }
  return processes;
}

function machineBusyTicks() {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = values;
  return {
    busy: user + nice + system + irq + softirq + steal,
    all: user + nice + system + idle + iowait + irq + softirq + steal,
  };
}

/**
 * groups: name → pid (that process and its descendants), { pid } (that process only) or { comm }
 * (every process with that command name, e.g. all postgres backends); the first group that matches
 * a process gets it. Returns stop() → { name: %core, …, other, machine }.
 */
export function startCpuSample(groups) {
  const classify = (processes) => {
    const descendantOf = (pid, root) => {
      for (let p = pid, hops = 0; p > 1 && hops < 50; hops++) {
        if (p === root) return true;
        p = processes.get(p)?.ppid ?? 0;
      }
      return false;
    };
    const groupOf = new Map();
    for (const [pid, proc] of processes) {
      for (const [name, spec] of Object.entries(groups)) {
        const match =
          typeof spec === 'number' ? descendantOf(pid, spec) : spec.pid ? pid === spec.pid : proc.comm === spec.comm;
        if (match) {
          groupOf.set(pid, name);
          break;
        }
      }
    }
    return groupOf;
  };
  const before = readProcesses();
  const machineBefore = machineBusyTicks();
  const startedAt = performance.now();
  return () => {
    const seconds = (performance.now() - startedAt) / 1000;
    const after = readProcesses();
    const machineAfter = machineBusyTicks();
    const groupOf = classify(after);
    const used = Object.fromEntries(Object.keys(groups).map((name) => [name, 0]));
    const others = new Map();
    for (const [pid, proc] of after) {
      const name = groupOf.get(pid);
      // A process that started during the window counts from zero; one that ended is lost (rare: pools persist).
      const start = before.get(pid)?.comm === proc.comm ? before.get(pid).ticks : 0;
      if (name) used[name] += proc.ticks - start;
      // Kernel threads (children of kthreadd, pid 2) are left out: their per-thread figures do not add up here.
      else if (proc.ppid !== 2 && pid !== 2) others.set(proc.comm, (others.get(proc.comm) ?? 0) + proc.ticks - start);
    }
    const percent = (ticks) => Math.round((ticks / TICKS_PER_SECOND / seconds) * 100);
    const result = Object.fromEntries(Object.entries(used).map(([name, ticks]) => [name, percent(ticks)]));
    const machineTicks = machineAfter.busy - machineBefore.busy;
    const machineShare = machineTicks / Math.max(1, machineAfter.all - machineBefore.all);
    const groupsTotal = Object.values(used).reduce((a, b) => a + b, 0);
    result.other = Math.max(0, percent(machineTicks) - percent(groupsTotal));
    result.machine = Math.round(machineShare * 100 * os.availableParallelism()); // % of one core, of nproc*100
    // Not part of the benchmark (a shared machine): name the biggest, so a noisy run can be recognised.
    result.busiestOther = [...others]
      .map(([comm, ticks]) => [comm, percent(ticks)])
      .filter(([, pct]) => pct >= 5)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([comm, pct]) => `${comm} ${pct}%`)
      .join(', ');
    return result;
  };
}

/** "orders 95% · postgres 70% · …" (percent of one core; the machine has nproc × 100 %). */
export function describeCpu(sample) {
  if (!sample) return '?';
  const { machine, busiestOther, ...groups } = sample;
  const parts = Object.entries(groups).map(([name, pct]) => `${name} ${pct}%`);
  const others = busiestOther ? ` [other: ${busiestOther}]` : '';
  return `${parts.join(' · ')}${others} (machine ${machine}% of ${os.availableParallelism() * 100}%)`;
}
