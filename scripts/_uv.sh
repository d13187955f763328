# Sourced by scripts/demo and scripts/test: make sure uv is on PATH, then install the locked environment.
# A fresh Debian machine has only Python 3.11 with pip; uv comes from PyPI through pip.

ensure_uv() {
    local userbin
    userbin="$(python3 -m site --user-base 2>/dev/null)/bin"
    case ":$PATH:" in *":$userbin:"*) ;; *) export PATH="$userbin:$PATH" ;; esac
    if ! command -v uv >/dev/null 2>&1; then
        echo "==> installing uv (python3 -m pip install --user uv)"
        python3 -m pip install --quiet --user uv 2>/dev/null \
            || python3 -m pip install --quiet --user --break-system-packages uv 2>/dev/null \
            || python3 -m pip install --quiet uv
        hash -r
    fi
    if ! command -v uv >/dev/null 2>&1; then
        echo "error: uv was installed but is not on PATH (looked in $userbin)" >&2
        exit 1
    fi
    # Trust the system's certificate store (and any CA a site adds to it) unless told otherwise.
    if [ -z "${SSL_CERT_FILE:-}${UV_NATIVE_TLS:-}${UV_SYSTEM_CERTS:-}" ]; then
        if uv sync --help 2>/dev/null | grep -q -- --system-certs; then
            export UV_SYSTEM_CERTS=1
        else
            export UV_NATIVE_TLS=1  # uv before --system-certs
        fi
    fi
    # Use the machine's Python 3.11; never fetch an interpreter from the network.
    export UV_PYTHON_DOWNLOADS="${UV_PYTHON_DOWNLOADS:-never}"
}

sync_env() {
    echo "==> uv sync --frozen"
    uv sync --frozen --quiet
}
