/** Renders a kustomization directory as kustomize 4.5.4 does (the features deploy/k8s uses). */
export function render(dir: string): Array<Record<string, unknown>>;
/** The 10-character suffix kustomize gives a generated ConfigMap or Secret. */
export function contentHash(object: {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
}): string;
