#!/usr/bin/env bash
# Creates the Python virtualenv of the interoperability test and installs its pinned
# requirements. Idempotent; CI runs it before `npm test`.
#
#   test/interop/setup.sh [venv-dir]    default: .venv-interop at the repository root
#
# The jest test finds the interpreter through EVENTLINE_PYTHON, defaulting to
# <repo>/.venv-interop/bin/python, and fails (never skips) when it is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${1:-$root/.venv-interop}"
python="${PYTHON:-python3}"

"$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else "Python 3.9+ is needed")'
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
"$venv/bin/python" -c 'import confluent_kafka, fastavro; print("interop venv ready:", "confluent-kafka", confluent_kafka.version(), "/ librdkafka", confluent_kafka.libversion()[0], "/ fastavro", fastavro.__version__)'
