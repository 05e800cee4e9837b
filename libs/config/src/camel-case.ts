/** `OTEL_EXPORTER_OTLP_ENDPOINT` → `otelExporterOtlpEndpoint`, at the type level. */
export type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Lowercase<Head>}${Capitalize<CamelCase<Tail>>}`
  : Lowercase<S>;

export type CamelCaseKeys<T> = { [K in keyof T as K extends string ? CamelCase<K> : K]: T[K] };

export function camelCase(name: string): string {
  return name.toLowerCase().replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

export function camelCaseKeys<T extends Record<string, unknown>>(record: T): CamelCaseKeys<T> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [camelCase(key), value])) as CamelCaseKeys<T>;
}
