# syntax=docker/dockerfile:1
# One image, two programs: /app/PodIdentity.Webhook (default) and /app/PodIdentity.Discovery (companion).
#   docker build -t ghcr.io/pod-identity/pod-identity-webhook:dev .
#   docker buildx build --platform linux/amd64,linux/arm64 -t <image> --push .
#
# The webhook is a Native AOT binary (PublishAot in its project): about half the memory of the JIT
# build with 50,000 ServiceAccounts cached (tests/Benchmarks/memory). The discovery companion stays a
# framework-dependent app: the AWS SDK it uses to publish to S3 is not trim-safe.
#
# The build stage runs on the target platform (no --platform=$BUILDPLATFORM): Native AOT compiles and
# links with the platform's own clang, and cross-linking would need a sysroot for the other
# architecture. A multi-platform build therefore emulates the other architecture's build stage.

# ---- build: restore and publish both projects ----
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
WORKDIR /src
# Native AOT links with clang and needs zlib's headers.
RUN apt-get update \
 && apt-get install -y --no-install-recommends clang zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*

# Restore first, from the project files only, so source edits keep the restore layer cached.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Core/PodIdentity.Core.csproj src/Core/
COPY src/CommandLine/PodIdentity.CommandLine.csproj src/CommandLine/
COPY src/Manifests/PodIdentity.Manifests.csproj src/Manifests/
COPY src/Webhook/PodIdentity.Webhook.csproj src/Webhook/
COPY src/Discovery/PodIdentity.Discovery.csproj src/Discovery/
RUN case "$TARGETARCH" in \
      amd64|"") echo linux-x64 ;; \
      arm64) echo linux-arm64 ;; \
      *) echo "unsupported TARGETARCH $TARGETARCH" >&2; exit 1 ;; \
    esac > /tmp/rid \
 && dotnet restore src/Webhook/PodIdentity.Webhook.csproj -r "$(cat /tmp/rid)" \
 && dotnet restore src/Discovery/PodIdentity.Discovery.csproj -r "$(cat /tmp/rid)"

COPY src/ src/
COPY build/merge-publish.cs build/
# Both apps go into /app: shared files must be identical and both appsettings.json are merged.
# StripSymbols: the webhook's debug symbols stay in the build stage (PodIdentity.Webhook.dbg).
RUN rid="$(cat /tmp/rid)" \
 && dotnet publish src/Webhook/PodIdentity.Webhook.csproj -c Release -r "$rid" \
      --no-restore -p:StripSymbols=true -p:IsTransformWebConfigDisabled=true -o /out/Webhook \
 && rm -f /out/Webhook/*.dbg /out/Webhook/*.pdb \
 && dotnet publish src/Discovery/PodIdentity.Discovery.csproj -c Release -r "$rid" --self-contained false \
      --no-restore -p:DebugType=none -p:IsTransformWebConfigDisabled=true -o /out/Discovery \
 && dotnet run build/merge-publish.cs -- /out/Webhook /out/Discovery /app \
 && test -x /app/PodIdentity.Webhook && test -x /app/PodIdentity.Discovery

# ---- signing helper for IAM Roles Anywhere (docs/rolesanywhere.md), built only when asked for:
#   docker buildx build --target signing-helper --platform linux/amd64,linux/arm64 -t <registry>/aws-signing-helper:1.4.0 --push .
# AWS's release binary, pinned by version and SHA-256 (as published in the IAM Roles Anywhere user guide),
# plus busybox's static cp: the webhook's init container copies the helper into an emptyDir with it, so
# neither this image nor the app image needs a shell. Nothing is downloaded when a pod starts.
FROM debian:bookworm-slim AS signing-helper-fetch
ARG TARGETARCH
ARG SIGNING_HELPER_VERSION=1.4.0
ARG SIGNING_HELPER_SHA256_AMD64=4166504134ffd368023b50a2c6f960d22e9be06ad4b4d03ecd9e647bf9d9a17b
ARG SIGNING_HELPER_SHA256_ARM64=37d0ba5f8fecae8922424625541aaef38697ed44c20f729f4be62af7c0c0d324
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl busybox-static \
 && rm -rf /var/lib/apt/lists/*
RUN case "$TARGETARCH" in \
      amd64|"") arch=X86_64; sha256="$SIGNING_HELPER_SHA256_AMD64" ;; \
      arm64) arch=Aarch64; sha256="$SIGNING_HELPER_SHA256_ARM64" ;; \
      *) echo "unsupported TARGETARCH $TARGETARCH" >&2; exit 1 ;; \
    esac \
 && mkdir -p /out/bin \
 && curl -fsSL --proto '=https' --tlsv1.2 -o /out/aws_signing_helper \
      "https://rolesanywhere.amazonaws.com/releases/${SIGNING_HELPER_VERSION}/${arch}/Linux/aws_signing_helper" \
 && echo "${sha256}  /out/aws_signing_helper" | sha256sum -c - \
 && chmod 0755 /out/aws_signing_helper \
 && cp /bin/busybox /out/bin/cp \
 && /out/bin/cp --help 2>&1 | grep -q 'Usage: cp'

# The helper image: two files, no shell, non-root. busybox runs its cp applet when started as "cp".
FROM scratch AS signing-helper
ARG SIGNING_HELPER_VERSION=1.4.0
LABEL org.opencontainers.image.title="aws-signing-helper" \
      org.opencontainers.image.description="AWS IAM Roles Anywhere credential helper ${SIGNING_HELPER_VERSION} (/aws_signing_helper) with a static cp (/bin/cp), for the pod identity webhook" \
      org.opencontainers.image.licenses="Apache-2.0 AND GPL-2.0-only"
COPY --from=signing-helper-fetch --chown=0:0 /out/ /
USER 65532:65532

# ---- runtime: Ubuntu chiseled ASP.NET Core runtime: no shell, no package manager, non-root ----
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
LABEL org.opencontainers.image.title="pod-identity-webhook" \
      org.opencontainers.image.description="Pod identity mutating webhook (AWS IRSA, CoreWeave, GCP WIF) and OIDC discovery companion" \
      org.opencontainers.image.licenses="Apache-2.0"
WORKDIR /app
# Files owned by root and not writable by the app user; the root filesystem is read-only in the chart.
COPY --from=build --chown=0:0 /app /app
# The ports come from configuration (Server__HttpsPort 8443, Server__MetricsPort 9090, Discovery__Port
# 8080), not from the base image's ASPNETCORE_HTTP_PORTS=8080 default.
ENV ASPNETCORE_HTTP_PORTS= \
    DOTNET_NOLOGO=1
EXPOSE 8443 9090 8080
# 65532 (not the chiseled image's own "app" user 1654) to match the chart's runAsUser/runAsGroup;
# numeric, so Kubernetes' runAsNonRoot check can verify it.
USER 65532:65532
ENTRYPOINT ["/app/PodIdentity.Webhook"]
CMD ["serve"]
