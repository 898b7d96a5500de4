# syntax=docker/dockerfile:1
# drydock-fn images.
#   default target: the KRM function image (ghcr.io/drydock-fn/drydock-fn). Orchestrators run it as
#     `docker run --rm -i --network none --user nobody --security-opt=no-new-privileges IMAGE`:
#     it needs no network, no shell and no writes outside /tmp.
#   target `cmp`: an Argo CD Config Management Plugin sidecar with kustomize and drydock-fn on PATH
#     (ghcr.io/drydock-fn/drydock-fn-cmp), see examples/argocd.
# Where no base image can be pulled, the function image builds from local parts: a runtime base
# written by scripts/runtime-base.js (RUNTIME_BASE) and the bundle of `npm run build` (BUNDLE_FROM=prebuilt).

# Node 24 (active LTS) by default; the bundle also runs on Node 22 (package.json engines: >=22).
ARG NODE_MAJOR=24
# The function image's base: distroless, or any root with node at /nodejs/bin/node and a passwd naming nobody.
ARG RUNTIME_BASE=gcr.io/distroless/nodejs${NODE_MAJOR}-debian12
# Where the bundle comes from: `build` compiles it in the build stage; `prebuilt` takes the context's dist/drydock-fn.js.
ARG BUNDLE_FROM=build

FROM --platform=$BUILDPLATFORM node:${NODE_MAJOR}-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# The Node binaries among the devDependencies (node22, node24) are for the tests, and x64 only.
RUN npm pkg delete devDependencies.node22 devDependencies.node24 \
 && npm install --no-audit --no-fund --ignore-scripts
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
# One bundled file: nothing to resolve at start-up, no node_modules in the runtime image.
RUN node scripts/build.js

FROM scratch AS prebuilt
COPY dist/drydock-fn.js /src/dist/drydock-fn.js

# The stage the images copy the bundle from: the one BUNDLE_FROM names (FROM may take a stage name from
# an argument, COPY --from may not); BuildKit and buildah leave the other stage unbuilt.
FROM ${BUNDLE_FROM} AS bundle

FROM node:${NODE_MAJOR}-bookworm-slim AS cmp
ARG KUSTOMIZE_VERSION=5.5.0
ARG TARGETARCH
ADD https://github.com/kubernetes-sigs/kustomize/releases/download/kustomize%2Fv${KUSTOMIZE_VERSION}/kustomize_v${KUSTOMIZE_VERSION}_linux_${TARGETARCH}.tar.gz /tmp/kustomize.tar.gz
RUN tar -xzf /tmp/kustomize.tar.gz -C /usr/local/bin kustomize \
 && rm /tmp/kustomize.tar.gz \
 && printf '#!/bin/sh\nexec node /usr/local/lib/drydock-fn/drydock-fn.js "$@"\n' > /usr/local/bin/drydock-fn \
 && chmod 0755 /usr/local/bin/drydock-fn
COPY --from=bundle --chmod=0444 /src/dist/drydock-fn.js /usr/local/lib/drydock-fn/drydock-fn.js
# Argo CD runs CMP sidecars as uid 999.
USER 999

# V8's compiled code of the core for the image's own Node (scripts/code-cache.js runs the core on the
# examples): the function reads it beside the bundle, never writes it; a cache of another Node is ignored.
FROM ${RUNTIME_BASE} AS code-cache
COPY --from=bundle /src/dist/drydock-fn.js /usr/local/lib/drydock-fn/drydock-fn.js
COPY scripts/code-cache.js /build/code-cache.js
COPY examples /build/examples
RUN ["/nodejs/bin/node", "/build/code-cache.js", "/usr/local/lib/drydock-fn/drydock-fn.js", "/build/examples"]

FROM ${RUNTIME_BASE} AS function
COPY --from=bundle --chmod=0444 /src/dist/drydock-fn.js /usr/local/lib/drydock-fn/drydock-fn.js
COPY --from=code-cache --chmod=0444 /usr/local/lib/drydock-fn/drydock-fn.cache /usr/local/lib/drydock-fn/drydock-fn.cache
LABEL org.opencontainers.image.title="drydock-fn" \
      org.opencontainers.image.description="Drydock's Open edX deployment features for Tutor manifests, as a KRM function" \
      org.opencontainers.image.licenses="MIT"
# nobody: what kustomize and kpt ask for anyway; distroless has no shell and no package manager.
USER 65534:65534
WORKDIR /tmp
ENTRYPOINT ["/nodejs/bin/node", "/usr/local/lib/drydock-fn/drydock-fn.js"]
