# act's ubuntu-latest for the composite action's test (TestActionJobPython...):
# the toolchain image (bash, git, Go, gcc), curl for the action's download,
# Debian's own python3 with alembic 1.8, SQLAlchemy 1.4 and psycopg2 (what a
# replay in the action's image would run, and what the job's Python must win
# over), and the job's Python: a pyenv build copied to its own path (its
# RUNPATH is absolute), as actions/setup-python installs one, with nothing
# installed on it. The workflow's install step adds the project's
# dependencies from /opt/pydeps (pure-Python source trees: alembic 1.19,
# SQLAlchemy 2.0, psycopg 3) and the app's wheel, to that Python only.
ARG GO_IMAGE=retort-test/go:1.26-bookworm
FROM ${GO_IMAGE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      curl python3-alembic python3-psycopg2 \
 && rm -rf /var/lib/apt/lists/*
ARG PYTHON_HOME
COPY python ${PYTHON_HOME}
COPY pydeps /opt/pydeps
