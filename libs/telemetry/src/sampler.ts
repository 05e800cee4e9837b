import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  type Sampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace';

/**
 * OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG as the specification reads them (e.g.
 * `parentbased_traceidratio` with `0.01`). Unset: every trace is sampled where spans are exported;
 * where nothing exports them, a trace started here is not recorded at all (its span still carries
 * a trace id to log lines and message headers, at no cost), while one sampled upstream stays
 * sampled, so the decision travels on to the services that export.
 */
export function samplerFromEnv(env: NodeJS.ProcessEnv, exporting: boolean): Sampler {
  const ratio = () => {
    const value = Number(env.OTEL_TRACES_SAMPLER_ARG);
    return env.OTEL_TRACES_SAMPLER_ARG?.trim() && value >= 0 && value <= 1 ? value : 1;
  };
  switch (env.OTEL_TRACES_SAMPLER?.trim()) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio());
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio()) });
    default:
      return new ParentBasedSampler({ root: exporting ? new AlwaysOnSampler() : new AlwaysOffSampler() });
  }
}
