#!/usr/bin/env bash
# Installs what Mosaic needs on a fresh Debian machine: uv, then the Python packages from the lock.
# Usage: scripts/bootstrap.sh [--dev]   (--dev adds the test tools and Debian's chromium and postgresql)
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=0.13.8
if ! command -v uv >/dev/null 2>&1 || [ "$(uv --version | cut -d' ' -f2)" != "$UV_VERSION" ]; then
  echo "== installing uv $UV_VERSION"
  # Debian marks its Python as externally managed; uv is a standalone tool, safe to add beside it.
  PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
fi
command -v uv >/dev/null 2>&1 || export PATH="$HOME/.local/bin:$PATH"

missing=()
# WeasyPrint (the development plan's PDF) draws text with Pango, from Debian.
has_library() { /sbin/ldconfig -p 2>/dev/null | grep "$1" >/dev/null; }
has_library 'libpango-1.0.so.0' || missing+=(libpango-1.0-0)
has_library 'libpangoft2-1.0.so.0' || missing+=(libpangoft2-1.0-0)
# `mosaic-match warm` compiles the matching kernels ahead of time with the C compiler.
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
if [ "${1:-}" = "--dev" ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# Bytecode compiled now, not by each new process (a matching command would spend longer
# compiling NumPy's modules than solving).
if [ "${1:-}" = "--dev" ]; then
  echo "== installing Python packages (with test tools) from uv.lock"
  uv sync --frozen --compile-bytecode --quiet
else
  echo "== installing Python packages from uv.lock"
  uv sync --frozen --no-dev --compile-bytecode --quiet
fi
