# syntax=docker/dockerfile:1
# The portal (Blazor, backend for frontend), reached through the gateway. Build from the repository root:
#   docker build -f deploy/images/portal.Dockerfile --build-arg DOTNET_REGISTRY=<registry or mirror of Microsoft's .NET images> -t coordination/portal .
# Multi-stage: the SDK publishes (ReadyToRun, linux-x64); the runtime stage is Microsoft's chiseled
# ASP.NET Core image (Ubuntu, no shell, no package manager, non-root), its "extra" flavour for the
# ICU culture data. Time-zone rules come from the tz database inside the application (NodaTime), not
# from the image (docs/adr/0022). The root file system may be mounted read-only; only /tmp is written.
ARG DOTNET_REGISTRY
ARG DOTNET_VERSION=10.0

FROM ${DOTNET_REGISTRY}/dotnet/sdk:${DOTNET_VERSION}-noble AS build
WORKDIR /src
COPY . .
RUN dotnet publish portal/Coordination.Portal/Coordination.Portal.csproj -c Release -r linux-x64 --self-contained false \
      -p:PublishReadyToRun=true -o /app

FROM ${DOTNET_REGISTRY}/dotnet/aspnet:${DOTNET_VERSION}-noble-chiseled-extra AS runtime
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
USER $APP_UID
# Serve; or, given as arguments, run one command and exit: `demo` (loads the demo families through the gateway).
ENTRYPOINT ["./Coordination.Portal"]
