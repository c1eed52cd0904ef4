# syntax=docker/dockerfile:1
# One image, two programs: /app/PodIdentity.Webhook (default) and /app/PodIdentity.Discovery (companion).
#   docker build -t ghcr.io/pod-identity/pod-identity-webhook:dev .
#   docker buildx build --platform linux/amd64,linux/arm64 -t <image> --push .
#
# Framework-dependent publish, not trimmed and not Native AOT: KubernetesClient and the AWS SDK are not
# fully trim-safe (reflection-based JSON/YAML model binding), so trimming would break them at run time.

# ---- build: restore and publish both projects (runs on the build host's platform, cross-targets) ----
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
WORKDIR /src

# Restore first, from the project files only, so source edits keep the restore layer cached.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Core/PodIdentity.Core.csproj src/Core/
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
RUN rid="$(cat /tmp/rid)" \
 && for project in Webhook Discovery; do \
      dotnet publish "src/$project/PodIdentity.$project.csproj" -c Release -r "$rid" --self-contained false \
        --no-restore -p:DebugType=none -p:IsTransformWebConfigDisabled=true -o "/out/$project" || exit 1; \
    done \
 && dotnet run build/merge-publish.cs -- /out/Webhook /out/Discovery /app \
 && test -x /app/PodIdentity.Webhook && test -x /app/PodIdentity.Discovery

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
