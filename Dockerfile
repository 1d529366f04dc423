# retort's image (the Docker action, docker/action.yml, and the release's
# ghcr.io/retortdev/retort): the retort binary plus what `retort replay` needs
# to run a project's Alembic (python3, alembic, SQLAlchemy, psycopg2) and git
# (history rules, the changed plan). Debian packages and Go modules only.
#
# On GitHub the defaults below come from Docker Hub and the Go module proxy.
# Where neither is reachable, build from local images and vendored modules:
#   go mod vendor      # in a copy of the repository: the context needs vendor/
#   docker build --build-arg GO_IMAGE=<bookworm + Go 1.26 + gcc> \
#                --build-arg BASE_IMAGE=<bookworm> --build-arg MODULES=vendor .
# (e2e/images_test.go does exactly that on the test machine.)
ARG GO_IMAGE=golang:1.26-bookworm
ARG BASE_IMAGE=debian:bookworm-slim

FROM ${GO_IMAGE} AS build
# download: fetch the modules; vendor: use vendor/ from the build context.
ARG MODULES=download
ENV CGO_ENABLED=1 GOFLAGS=-trimpath
WORKDIR /src
COPY go.mod go.sum ./
# Fetch and compile the heavy dependencies (pg_query's C parser above all) in
# their own layer, so that a change to retort's code does not rebuild them.
RUN if [ "$MODULES" = download ]; then \
      go mod download \
      && { go build github.com/pganalyze/pg_query_go/v5 \
             github.com/jackc/pgx/v5 \
             github.com/testcontainers/testcontainers-go/modules/postgres \
             github.com/sethvargo/go-githubactions \
             github.com/BurntSushi/toml \
             github.com/fatih/color \
           || echo "prebuilding the dependencies failed; the next step builds them"; }; \
    fi
COPY . .
ARG VERSION=dev
RUN if [ "$MODULES" = vendor ]; then export GOFLAGS="$GOFLAGS -mod=vendor"; fi \
 && go build -ldflags "-s -w -X github.com/retortdev/retort/cli.Version=${VERSION}" -o /out/retort . \
 && /out/retort version

FROM ${BASE_IMAGE}
# Python first: these layers stay cached when only retort's code changes.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      python3 python3-alembic python3-sqlalchemy python3-psycopg2 python3-pip \
      git ca-certificates \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/* /usr/share/doc/* /usr/share/man/*
# GitHub's rules for Docker actions: run as the default user (root), leave
# WORKDIR alone (the runner passes --workdir /github/workspace).
COPY action/entrypoint.sh /usr/local/bin/retort-action
# entrypoint.sh also serves the composite action on the runner; here it marks
# the workspace a safe git directory and lets pip into Debian's Python.
ENV RETORT_ACTION_CONTAINER=1
COPY --from=build /out/retort /usr/local/bin/retort
ENTRYPOINT ["/usr/local/bin/retort-action"]
