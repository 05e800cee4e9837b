// Open-loop load at a fixed rate: a request is launched every 1/rate seconds whether or not the
// earlier ones have answered (as independent callers would), so its latency includes any queueing
// in the service. Only requests launched and finished inside the measured window count.
import { latencyStats } from './closed-loop.mjs';
import { startCpuSample } from './cpu.sampler.mjs';

/**
 * Launches `call(n)` at `rate` per second for warmupS + durationS seconds, at most `maxInFlight` at
 * once (beyond that a launch is skipped and counted as `behind`: the service did not keep up).
 * Returns { rate, throughput, p50, p99, ok, errors, behind, cpu }.
 */
export async function pacedLoop({ rate, warmupS, durationS, cpuGroups, call, maxInFlight = 256 }) {
  const measured = [];
  let errors = 0;
  let behind = 0;
  let inFlight = 0;
  let n = 0;
  const start = performance.now();
  const measureFrom = start + warmupS * 1000;
  const measureTo = measureFrom + durationS * 1000;
  const pending = new Set();
  let cpu;
  const cpuTimer = setTimeout(() => (cpu = startCpuSample(cpuGroups)), warmupS * 1000);
  const launch = () => {
    if (inFlight >= maxInFlight) {
      behind++;
      return;
    }
    inFlight++;
    const started = performance.now();
    const request = call(n++)
      .then(
        () => {
          const ended = performance.now();
          if (started >= measureFrom && ended <= measureTo) measured.push(ended - started);
        },
        () => {
          if (started >= measureFrom) errors++;
        },
      )
      .finally(() => {
        inFlight--;
        pending.delete(request);
      });
    pending.add(request);
  };
  // Every tick launches whatever is due by now, so a late timer catches up instead of lowering the rate.
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      if (now >= measureTo) {
        clearInterval(timer);
        resolve();
        return;
      }
      const due = Math.floor(((now - start) / 1000) * rate);
      while (n + behind < due) launch();
    }, 1);
  });
  const sample = cpu?.();
  clearTimeout(cpuTimer);
  await Promise.all(pending);
  const { p50, p99 } = latencyStats(measured);
  return { rate, throughput: measured.length / durationS, p50, p99, ok: measured.length, errors, behind, cpu: sample };
}
