#!/usr/bin/env bash
# Installs the Debian packages the tests need, when they are missing:
#   chromium             - the real-browser test drives JupyterLab in headless Chromium (never a browser download)
#   postgresql           - the store tests run against a real PostgreSQL server on 127.0.0.1
#   default-jre-headless - Java for the Spark backend (pyspark runs Spark in a JVM; Java 17 on Debian 12)
set -euo pipefail

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -n "$(ls /usr/lib/postgresql/*/bin/postgres 2>/dev/null)" ]] || missing+=(postgresql)
command -v java >/dev/null || [[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/java" ]] || missing+=(default-jre-headless)
((${#missing[@]} == 0)) && exit 0

if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null; then SUDO=sudo; else
    echo "install-system-deps: missing ${missing[*]}; run as root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
echo "install-system-deps: installing ${missing[*]} from Debian's packages"
export DEBIAN_FRONTEND=noninteractive
${SUDO:-} apt-get update -qq
${SUDO:-} apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
