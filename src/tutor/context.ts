/**
 * What drydock-fn knows about the Tutor deployment: derived from the manifests (Tutor's labels,
 * annotations, Caddyfile, env files, Deployments), with every value overridable from the config.
 * Each value is computed on first use, so a run pays only for what its features ask.
 */
import { NAME_LABEL, VERSION_ANNOTATION } from '../krm/annotations';
import type { ResourceView } from '../krm/resource-set';
import type { DeepReadonly, KubeObject } from '../krm/types';
import { isPlainObject } from '../krm/types';
import type { DrydockSettings } from '../config/settings';
import { canonicalHost } from '../krm/names';
import type { HostChange } from '../krm/names';
import { parseCaddySites } from './caddyfile';
import type { CaddySite } from './caddyfile';

/** Labels Tutor's kustomization puts on every resource, which generated objects carry too. */
export const COMMON_LABEL_KEYS = ['app.kubernetes.io/instance', 'app.kubernetes.io/part-of', 'app.kubernetes.io/managed-by'] as const;

export interface TutorVersion {
  readonly raw: string;
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** Hosts of the deployment (Tutor settings LMS_HOST, CMS_HOST, …). */
export interface TutorHosts {
  readonly lms?: string;
  readonly cms?: string;
  readonly previewLms?: string;
  readonly mfe?: string;
  readonly meilisearch?: string;
  readonly notes?: string;
  readonly minio?: string;
}

/** Where a Tutor host was read: a setting of the config, or a ConfigMap of the manifests. */
export type HostSource =
  | { readonly kind: 'setting'; readonly path: readonly string[] }
  | {
      readonly kind: 'manifest';
      /** The ConfigMap and its data key (`caddy-config-…`, `data.Caddyfile`). */
      readonly item: ResourceView;
      readonly field: string;
      /** Where in that key, for messages: `the Caddy site "lms.example.com{$default_site_port}" (line 24)`, `LMS_BASE`. */
      readonly where: string;
    };

/** A host of the manifests that had to be changed to be an Ingress host, or cannot be one. */
export interface HostFinding {
  readonly key: keyof TutorHosts;
  /** The host as the manifests write it. */
  readonly raw: string;
  /** The host drydock-fn uses instead; absent when it cannot be made valid (then `problem` says why). */
  readonly host?: string;
  readonly changes: readonly HostChange[];
  readonly problem?: string;
  readonly source: Extract<HostSource, { kind: 'manifest' }>;
}

/** The Tutor settings each host stands for, as Tutor names them. */
export const TUTOR_HOST_SETTINGS: Readonly<Record<keyof TutorHosts, string>> = {
  lms: 'LMS_HOST',
  cms: 'CMS_HOST',
  previewLms: 'PREVIEW_LMS_HOST',
  mfe: 'MFE_HOST',
  meilisearch: 'MEILISEARCH_HOST',
  notes: 'NOTES_HOST',
  minio: 'MINIO_HOST',
};

/** Deployments whose presence means a plugin or a service is part of the deployment. */
const PLUGIN_DEPLOYMENTS: Readonly<Record<string, string>> = {
  mfe: 'mfe',
  forum: 'forum',
  notes: 'notes',
  minio: 'minio',
  meilisearch: 'meilisearch',
  elasticsearch: 'elasticsearch',
  mongodb: 'mongodb',
  mysql: 'mysql',
  redis: 'redis',
  superset: 'aspects',
  'credentials': 'credentials',
  'discovery': 'discovery',
  'ecommerce': 'ecommerce',
  'xqueue': 'xqueue',
  'codejail': 'codejail',
};

type Lazy<T> = { value?: T; done: boolean };

/** The Tutor context of one run. All getters are cached. */
export class TutorContext {
  private readonly cache = new Map<string, Lazy<unknown>>();

  constructor(
    private readonly resources: readonly ResourceView[],
    private readonly overrides: DrydockSettings['tutor'],
  ) {}

  private memo<T>(key: string, compute: () => T): T {
    let entry = this.cache.get(key) as Lazy<T> | undefined;
    if (!entry) {
      entry = { done: false };
      this.cache.set(key, entry);
    }
    if (!entry.done) {
      entry.value = compute();
      entry.done = true;
    }
    return entry.value as T;
  }

  /** Tutor's own resources: those labelled managed-by tutor, else every non-pass-through item. */
  get tutorResources(): readonly DeepReadonly<KubeObject>[] {
    return this.memo('tutorResources', () => {
      const objects = this.resources.filter((view) => !view.passThrough && !view.generated).map((view) => view.object);
      const managed = objects.filter((object) => object.metadata.labels?.['app.kubernetes.io/managed-by'] === 'tutor');
      return managed.length > 0 ? managed : objects;
    });
  }

  /** The Tutor version: the config's, else the app.kubernetes.io/version Tutor annotates, else the kustomization's. */
  get version(): TutorVersion | undefined {
    return this.memo('version', () => {
      const raw = this.overrides.version ?? mostCommon(this.tutorResources.map((object) => object.metadata.annotations?.[VERSION_ANNOTATION])) ?? this.kustomization?.commonAnnotations?.[VERSION_ANNOTATION];
      return raw === undefined ? undefined : parseVersion(raw);
    });
  }

  /** The namespace: the config's, else the namespace of Tutor's resources, else the kustomization's. */
  get namespace(): string | undefined {
    return this.memo('namespace', () => {
      if (this.overrides.namespace) return this.overrides.namespace;
      const fromResources = mostCommon(this.tutorResources.map((object) => object.metadata.namespace));
      if (fromResources) return fromResources;
      const namespaceObject = this.tutorResources.find((object) => object.kind === 'Namespace' && object.apiVersion === 'v1');
      return this.kustomization?.namespace ?? namespaceObject?.metadata.name;
    });
  }

  /** app.kubernetes.io/instance, part-of and managed-by as Tutor sets them. */
  get commonLabels(): Readonly<Record<string, string>> {
    return this.memo('commonLabels', () => {
      const labels: Record<string, string> = {};
      for (const key of COMMON_LABEL_KEYS) {
        const value = mostCommon(this.tutorResources.map((object) => object.metadata.labels?.[key])) ?? this.kustomization?.labels?.[key];
        if (value !== undefined) labels[key] = value;
      }
      return labels;
    });
  }

  /** app.kubernetes.io/version as Tutor's commonAnnotations set it. */
  get commonAnnotations(): Readonly<Record<string, string>> {
    return this.memo('commonAnnotations', () => {
      const raw = this.version?.raw;
      const annotated = this.tutorResources.some((object) => object.metadata.annotations?.[VERSION_ANNOTATION] !== undefined) || this.kustomization?.commonAnnotations?.[VERSION_ANNOTATION];
      const annotations: Record<string, string> = {};
      if (raw !== undefined && annotated) annotations[VERSION_ANNOTATION] = raw;
      return annotations;
    });
  }

  /** Names of the Deployments in the input. */
  get deployments(): ReadonlySet<string> {
    return this.memo('deployments', () => new Set(this.tutorResources.filter((object) => object.kind === 'Deployment').map((object) => object.metadata.name)));
  }

  /** Plugins and services recognised from Deployments, plus those the config names. */
  get plugins(): ReadonlySet<string> {
    return this.memo('plugins', () => {
      const plugins = new Set<string>(this.overrides.plugins);
      for (const name of this.deployments) if (PLUGIN_DEPLOYMENTS[name]) plugins.add(PLUGIN_DEPLOYMENTS[name]);
      return plugins;
    });
  }

  /** The Caddy site blocks of the caddy-config ConfigMap (empty when there is none). */
  get caddySites(): readonly CaddySite[] {
    return this.memo('caddySites', () => {
      const caddyfile = this.configMapData('caddy-config')?.Caddyfile;
      return typeof caddyfile === 'string' ? parseCaddySites(caddyfile) : [];
    });
  }

  /**
   * Hosts from the config, else from the Caddyfile sites (by the service each proxies to), else the LMS
   * env file; each in the form the Ingress API takes (see {@link hostFindings}). A host of the manifests
   * that cannot be one is left out, not replaced by another source.
   */
  get hosts(): TutorHosts {
    return this.resolvedHosts.hosts;
  }

  /** Where each host of {@link hosts} was read. */
  get hostSources(): Readonly<Partial<Record<keyof TutorHosts, HostSource>>> {
    return this.resolvedHosts.sources;
  }

  /** Hosts of the manifests that were changed (lower-cased, punycode, trailing dot) or refused. */
  get hostFindings(): readonly HostFinding[] {
    return this.resolvedHosts.findings;
  }

  private get resolvedHosts(): { hosts: TutorHosts; sources: Partial<Record<keyof TutorHosts, HostSource>>; findings: HostFinding[] } {
    return this.memo('hosts', () => {
      // The site Tutor writes for a service proxies it with `import proxy`; other sites may route a path to it.
      const serves = (upstreams: readonly string[], service: string): boolean => upstreams.some((upstream) => upstream.split(':')[0] === service);
      const siteFor = (service: string): CaddySite | undefined =>
        this.caddySites.find((site) => serves(site.proxied, service)) ?? this.caddySites.find((site) => serves(site.upstreams, service));
      const caddyConfig = this.configMapView('caddy-config');
      const lmsEnv = this.configMapView('openedx-config');
      const fromSite = (site: CaddySite | undefined, host: string | undefined) =>
        site && host !== undefined && caddyConfig ? { raw: host, item: caddyConfig, field: 'data.Caddyfile', where: `the Caddy site ${JSON.stringify(site.address)} (line ${site.line + 1})` } : undefined;
      const fromEnv = (key: string) => {
        // LMS_BASE and CMS_BASE are host[:port] to Open edX; an Ingress routes the host.
        const raw = this.lmsEnvScalars[key]?.replace(/:[0-9]+$/, '');
        return raw && lmsEnv ? { raw, item: lmsEnv, field: 'data.lms.env.yml', where: key } : undefined;
      };
      const lmsSite = siteFor('lms');
      const overrides: Record<keyof TutorHosts, string | null> = {
        lms: this.overrides.lmsHost,
        cms: this.overrides.cmsHost,
        previewLms: this.overrides.previewLmsHost,
        mfe: this.overrides.mfeHost,
        meilisearch: this.overrides.meilisearchHost,
        notes: this.overrides.notesHost,
        minio: null,
      };
      const found: Record<keyof TutorHosts, ReturnType<typeof fromSite>> = {
        lms: fromSite(lmsSite, lmsSite?.hosts[0]) ?? fromEnv('LMS_BASE'),
        cms: fromSite(siteFor('cms'), siteFor('cms')?.hosts[0]) ?? fromEnv('CMS_BASE'),
        previewLms: fromSite(lmsSite, lmsSite?.hosts.find((host, index) => index > 0 && host.toLowerCase().startsWith('preview.'))),
        mfe: fromSite(siteFor('mfe'), siteFor('mfe')?.hosts[0]),
        meilisearch: fromSite(siteFor('meilisearch'), siteFor('meilisearch')?.hosts[0]),
        notes: fromSite(siteFor('notes'), siteFor('notes')?.hosts[0]),
        minio: fromSite(siteFor('minio'), siteFor('minio')?.hosts[0]),
      };
      const hosts: Partial<Record<keyof TutorHosts, string>> = {};
      const sources: Partial<Record<keyof TutorHosts, HostSource>> = {};
      const findings: HostFinding[] = [];
      for (const key of Object.keys(overrides) as (keyof TutorHosts)[]) {
        const override = overrides[key];
        if (override !== null) {
          hosts[key] = override;
          sources[key] = { kind: 'setting', path: ['tutor', `${key}Host`] };
          continue;
        }
        const origin = found[key];
        if (!origin) continue;
        const source = { kind: 'manifest' as const, item: origin.item, field: origin.field, where: origin.where };
        const canonical = canonicalHost(origin.raw, { wildcard: false });
        if (canonical.changes.length > 0 || canonical.problem) findings.push({ key, raw: origin.raw, ...canonical, source });
        if (canonical.host === undefined) continue;
        hosts[key] = canonical.host;
        sources[key] = source;
      }
      return { hosts, sources, findings };
    });
  }

  /** CONTACT_EMAIL from the config, else from the LMS env file. */
  get contactEmail(): string | undefined {
    return this.memo('contactEmail', () => this.overrides.contactEmail ?? this.lmsEnvScalars.CONTACT_EMAIL);
  }

  /** Images of the deployment: DOCKER_IMAGE_OPENEDX, _MONGODB, _MYSQL. */
  get images(): { readonly openedx?: string; readonly mongodb?: string; readonly mysql?: string } {
    return this.memo('images', () =>
      dropUndefined({
        openedx: this.overrides.images.openedx ?? this.firstImage('Deployment', 'lms') ?? this.firstImage('Job', 'lms-job'),
        mongodb: this.overrides.images.mongodb ?? this.firstImage('Deployment', 'mongodb'),
        mysql: this.overrides.images.mysql ?? this.firstImage('Job', 'mysql-job') ?? this.firstImage('Deployment', 'mysql'),
      }),
    );
  }

  /**
   * Labels and annotations every generated object carries, as Tutor's kustomization would give them,
   * merged with the object's own; the namespace too, for namespaced kinds.
   */
  decorate(object: KubeObject, namespaced = true): KubeObject {
    const namespace = this.namespace;
    return {
      ...object,
      metadata: {
        ...object.metadata,
        ...(namespaced && namespace && !object.metadata.namespace ? { namespace } : {}),
        labels: { ...this.commonLabels, ...(object.metadata.labels ?? {}) },
        annotations: { ...this.commonAnnotations, ...(object.metadata.annotations ?? {}) },
      },
    };
  }

  /** The item of the ConfigMap Tutor generates under `baseName`, for results about it. */
  private configMapView(baseName: string): ResourceView | undefined {
    const configMap = this.tutorResources.find((object) => object.kind === 'ConfigMap' && hasBaseName(object.metadata.name, baseName));
    return configMap && this.resources.find((view) => view.object === configMap);
  }

  /** The data of the ConfigMap Tutor generates under `baseName` (hash suffix or not). */
  configMapData(baseName: string): Readonly<Record<string, string>> | undefined {
    const configMap = this.tutorResources.find((object) => object.kind === 'ConfigMap' && hasBaseName(object.metadata.name, baseName));
    const data = configMap?.data;
    return isPlainObject(data) ? (data as Record<string, string>) : undefined;
  }

  /** Top-level `KEY: "value"` scalars of lms.env.yml, read without a YAML parser (they are one per line). */
  private get lmsEnvScalars(): Readonly<Record<string, string>> {
    return this.memo('lmsEnvScalars', () => {
      const text = this.configMapData('openedx-config')?.['lms.env.yml'];
      const values: Record<string, string> = {};
      if (typeof text !== 'string') return values;
      for (const match of text.matchAll(/^([A-Z_][A-Z0-9_]*):[ \t]*"?([^"\n]*)"?[ \t]*$/gm)) values[match[1]] = match[2];
      return values;
    });
  }

  private get kustomization(): { namespace?: string; commonAnnotations?: Record<string, string>; labels?: Record<string, string> } | undefined {
    return this.memo('kustomization', () => {
      const item = this.resources.find((view) => view.object.kind === 'Kustomization')?.object as Record<string, unknown> | undefined;
      if (!item) return undefined;
      const labels: Record<string, string> = {};
      const pairsList = Array.isArray(item.labels) ? item.labels : [];
      for (const entry of pairsList) if (isPlainObject(entry) && isPlainObject(entry.pairs)) Object.assign(labels, entry.pairs);
      if (isPlainObject(item.commonLabels)) Object.assign(labels, item.commonLabels);
      return {
        namespace: typeof item.namespace === 'string' ? item.namespace : undefined,
        commonAnnotations: isPlainObject(item.commonAnnotations) ? (item.commonAnnotations as Record<string, string>) : undefined,
        labels: stringValues(labels),
      };
    });
  }

  private firstImage(kind: string, name: string): string | undefined {
    const object = this.tutorResources.find((candidate) => candidate.kind === kind && candidate.metadata.name === name) as Record<string, unknown> | undefined;
    const template = (object?.spec as Record<string, unknown> | undefined)?.template as Record<string, unknown> | undefined;
    const containers = (template?.spec as Record<string, unknown> | undefined)?.containers;
    const first = Array.isArray(containers) ? containers[0] : undefined;
    return isPlainObject(first) && typeof first.image === 'string' ? first.image : undefined;
  }
}

/** Builds the context of a run. */
export function deriveTutorContext(resources: readonly ResourceView[], settings: DrydockSettings): TutorContext {
  return new TutorContext(resources, settings.tutor);
}

/** True for `name` or `name-<kustomize hash>`. */
export function hasBaseName(name: string, baseName: string): boolean {
  return name === baseName || (name.startsWith(`${baseName}-`) && /^[a-z0-9]{10}$/.test(name.slice(baseName.length + 1)));
}

/** Parses "22.0.0" (or "22", "22.1"); undefined when it is not a version. */
export function parseVersion(raw: string): TutorVersion | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(String(raw));
  if (!match) return undefined;
  return { raw: String(raw), major: Number(match[1]), minor: Number(match[2] ?? 0), patch: Number(match[3] ?? 0) };
}

/**
 * The value found most often, empty and undefined values apart; on a tie, the one that appears first.
 * Undefined when there is none.
 */
export function mostCommon(values: readonly (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>();
  for (const value of values) if (value !== undefined && value !== '') counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: string | undefined;
  let bestCount = 0;
  for (const [value, n] of counts) {
    if (n > bestCount) {
      best = value;
      bestCount = n;
    }
  }
  return best;
}

function dropUndefined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

function stringValues(record: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => typeof value === 'string')) as Record<string, string>;
}

/** The app.kubernetes.io/name label of an object, if any. */
export function appName(object: DeepReadonly<KubeObject>): string | undefined {
  return object.metadata.labels?.[NAME_LABEL];
}
