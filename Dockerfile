# syntax=docker/dockerfile:1
# wepaykit in a container: validates the recordings mounted at /data.
#   docker build -t wepaykit --build-arg VERSION=v0.1.0 .
#   docker run --rm -v "$PWD/recordings:/data:ro" wepaykit
#   docker run --rm -v "$PWD:/data:ro" wepaykit lint /data/openapi.yaml

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The tree is copied without .git (.dockerignore): the version comes from
# this argument, else the binary says "devel".
ARG VERSION=""
RUN WEPAYKIT_VERSION="$VERSION" bash scripts/build-static.sh /out/wepaykit

# distroless/static: no shell, no package manager; runs as user nonroot.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/wepaykit /usr/local/bin/wepaykit
WORKDIR /data
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/wepaykit"]
CMD ["validate", "/data"]
