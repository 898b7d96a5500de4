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
