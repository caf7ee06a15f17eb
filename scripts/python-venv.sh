# Sourced by the Python acceptance checks: ensure_venv NAME DIR MODULE VERSION makes sure DIR is a virtual
# environment with MODULE==VERSION from PyPI (created on first use). Exits 3 when that is impossible (no
# python3-venv, no PyPI), which the tests read as "environment unavailable".
ensure_venv() {
    local name=$1 venv=$2 module=$3 version=$4
    if "$venv/bin/python" -c "import $module, sys; sys.exit(0 if $module.__version__ == '$version' else 1)" 2>/dev/null; then
        return 0
    fi
    mkdir -p "$(dirname "$venv")"
    if ! python3 -m venv "$venv"; then
        echo "$name: cannot create $venv (install Debian's python3-venv)" >&2
        exit 3
    fi
    if ! "$venv/bin/pip" install --quiet --disable-pip-version-check "$module==$version"; then
        echo "$name: cannot install $module==$version from PyPI (no network?)" >&2
        exit 3
    fi
}
