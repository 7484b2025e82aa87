# syntax=docker/dockerfile:1
# The FHIR edge (partners' FHIR R4 onto the platform's API), reached through the gateway (/fhir) and
# calling the API through it. Build from the repository root:
#   docker build -f deploy/images/fhir-edge.Dockerfile --build-arg DOTNET_REGISTRY=<registry or mirror of Microsoft's .NET images> -t coordination/fhir-edge .
# Multi-stage: the SDK publishes (ReadyToRun, linux-x64); the runtime stage is Microsoft's chiseled
# ASP.NET Core image (Ubuntu, no shell, no package manager, non-root), its "extra" flavour for the
# ICU culture data. Time-zone rules come from the tz database inside the application (NodaTime), not
# from the image (docs/adr/0022). The publish output carries the vendored profiles (Profiles/) and the
# base specification (specification.zip). The root file system may be mounted read-only; only /tmp is
# written: the specification is unpacked there once (FhirEdge__SpecificationCache, about 60 MB).
ARG DOTNET_REGISTRY
ARG DOTNET_VERSION=10.0

FROM ${DOTNET_REGISTRY}/dotnet/sdk:${DOTNET_VERSION}-noble AS build
WORKDIR /src
COPY . .
RUN dotnet publish services/FhirEdge/FhirEdge.Api/FhirEdge.Api.csproj -c Release -r linux-x64 --self-contained false \
      -p:PublishReadyToRun=true -o /app

FROM ${DOTNET_REGISTRY}/dotnet/aspnet:${DOTNET_VERSION}-noble-chiseled-extra AS runtime
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
USER $APP_UID
# Serve.
ENTRYPOINT ["./FhirEdge.Api"]
