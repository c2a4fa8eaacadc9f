#!/usr/bin/env bash
# Installs the peers measured beside this package: PySAL (libpysal, esda, spreg) in a virtual environment
# under Benchmarks/peers/.venv, and R with spdep/spatialreg from Debian's packages when apt-get is available.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -x "$here/.venv/bin/python" ]; then
  echo "peers: creating a Python virtual environment with libpysal, esda, spreg, geopandas (pip)" >&2
  python3 -m venv "$here/.venv"
  "$here/.venv/bin/pip" install -q libpysal esda spreg geopandas shapely
fi
if ! command -v Rscript >/dev/null 2>&1 && [ "${PEERS_R:-1}" = "1" ] && command -v apt-get >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" = "0" ] || sudo=sudo
  echo "peers: installing R with spdep and spatialreg from Debian's packages (apt-get)" >&2
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq r-base-core r-cran-spdep r-cran-spatialreg >/dev/null
fi
