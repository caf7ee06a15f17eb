# Sourced by the Python acceptance checks: ensure_venv NAME DIR MODULE VERSION [REQUIREMENT...] makes sure DIR
# is a virtual environment where `import MODULE` gives MODULE.__version__ == VERSION, installing the
# REQUIREMENTs (default MODULE==VERSION) from PyPI on first use. Exits 3 when that is impossible (no
# python3-venv, no PyPI), which the tests read as "environment unavailable".
ensure_venv() {
    local name=$1 venv=$2 module=$3 version=$4
    shift 4
    local requirements=("$@")
    if [ ${#requirements[@]} -eq 0 ]; then requirements=("$module==$version"); fi
    if "$venv/bin/python" -c "import $module, sys; sys.exit(0 if $module.__version__ == '$version' else 1)" 2>/dev/null; then
        return 0
    fi
    mkdir -p "$(dirname "$venv")"
    if ! python3 -m venv "$venv"; then
        echo "$name: cannot create $venv (install Debian's python3-venv)" >&2
        exit 3
    fi
    if ! "$venv/bin/pip" install --quiet --disable-pip-version-check "${requirements[@]}"; then
        echo "$name: cannot install ${requirements[*]} from PyPI (no network?)" >&2
        exit 3
    fi
}
