# A stand-in for golang:1.26-bookworm where no registry is reachable: the
# local Debian bookworm base, a C compiler (pg_query is cgo), git and the Go
# toolchain of the build context (the host's GOROOT). The e2e test also runs
# act's jobs in it.
ARG BASE_IMAGE=retort-test/bookworm-base
FROM ${BASE_IMAGE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends gcc libc6-dev ca-certificates git \
 && rm -rf /var/lib/apt/lists/*
COPY . /usr/local/go
ENV PATH=/usr/local/go/bin:/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    GOPATH=/go GOTOOLCHAIN=local
