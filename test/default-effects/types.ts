/** The contract of a default-effects module (see README.md in this folder). */
export type Item = Record<string, any>;

export interface ExpectedEffects {
  /** "Kind/name path.to.field" for every field the feature changes or adds in existing items. */
  readonly changed: readonly string[];
  /** "Kind/name" of every object the feature adds. */
  readonly added: readonly string[];
}

/** "Kind/name" with kustomize's hash suffix dropped. */
export const keyOf = (item: Item): string => `${item.kind}/${String(item.metadata.name).replace(/-[a-z0-9]{10}$/, '')}`;

export type DefaultEffects = (before: readonly Item[], fixture: string) => ExpectedEffects;

/** The Tutor major release of the manifests (Tutor's app.kubernetes.io/version annotation). */
export const tutorMajor = (before: readonly Item[]): number =>
  Number(String(before.find((item) => item.metadata?.annotations?.['app.kubernetes.io/version'])?.metadata.annotations['app.kubernetes.io/version'] ?? '0').split('.')[0]);

/** Drydock 15.x (the line of Tutor 15) had no uWSGI lines (they came with 16.7.1, 17.5.1, 18.2.2). */
export const drydockLineHasUwsgiLines = (before: readonly Item[]): boolean => tutorMajor(before) >= 16;
