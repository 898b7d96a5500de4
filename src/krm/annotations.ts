/** Annotation and label keys the krm layer and the features share. */

/** Orchestrator bookkeeping the function must never modify (KRM functions spec v1, kustomize, kpt). */
export const ORCHESTRATOR_ANNOTATION_PREFIXES = ['internal.config.kubernetes.io/', 'config.kubernetes.io/', 'kustomize.config.k8s.io/'] as const;
export const LEGACY_ID_ANNOTATION = 'config.k8s.io/id';

export const PATH_ANNOTATION = 'internal.config.kubernetes.io/path';
export const INDEX_ANNOTATION = 'internal.config.kubernetes.io/index';
export const LEGACY_PATH_ANNOTATION = 'config.kubernetes.io/path';
export const LEGACY_INDEX_ANNOTATION = 'config.kubernetes.io/index';
export const LOCAL_CONFIG_ANNOTATION = 'config.kubernetes.io/local-config';
/** Set by kustomize on generated ConfigMaps/Secrets whose name it will suffix with a content hash after the transformers ran. */
export const NEEDS_HASH_ANNOTATION = 'internal.config.kubernetes.io/needsHashSuffix';

/** Marks every object drydock-fn generates, so a later run (kpt keeps generated files) updates or prunes it. */
export const GENERATED_BY_ANNOTATION = 'drydock.io/generated-by';
export const GENERATED_BY_VALUE = 'drydock-fn';

export const ARGO_SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
export const ARGO_HOOK = 'argocd.argoproj.io/hook';
export const ARGO_HOOK_DELETE_POLICY = 'argocd.argoproj.io/hook-delete-policy';

export const COMPONENT_LABEL = 'app.kubernetes.io/component';
export const NAME_LABEL = 'app.kubernetes.io/name';
export const VERSION_ANNOTATION = 'app.kubernetes.io/version';
