# Shared shell helpers of scripts/run and scripts/test (sourced, not run).

# ensure_venv REQUIREMENTS_FILE: create .venv with Python 3.11 and install the
# pinned requirements, skipping pip when they have not changed since the last
# install.
ensure_venv() {
  local requirements=$1
  local python=${PYTHON:-python3}
  if [ ! -x .venv/bin/python ]; then
    echo "==> Creating the virtual environment in .venv"
    "$python" -m venv .venv
  fi
  local stamp=.venv/.installed-$(basename "$requirements")
  local wanted
  wanted=$(cat requirements*.txt | sha256sum | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    echo "==> Installing the pinned packages of $requirements"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
    echo "$wanted" > "$stamp"
  fi
}
