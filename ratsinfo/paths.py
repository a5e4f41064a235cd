"""Where ratsinfo finds its SQL and puts its files, in a checkout and when installed as a wheel.

In a checkout (the repository's pyproject.toml beside the package), the schema is read from
`warehouse/*.sql` and the warehouse, publish directory and Dagster home live in the repository
(ignored by git). Installed from a wheel, the SQL ships inside the package (`ratsinfo/sql/`, put
there by the build, see pyproject.toml) and the files go to the current directory.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = PACKAGE.parent
IN_CHECKOUT = (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "warehouse").is_dir()

# The SQL of the warehouse: schema, column comments, analytics views.
SQL_DIR = _CHECKOUT / "warehouse" if IN_CHECKOUT else PACKAGE / "sql"
# Instance settings of Dagster (pools, telemetry off).
DAGSTER_YAML = _CHECKOUT / "dagster.yaml" if IN_CHECKOUT else PACKAGE / "dagster.yaml"
# Where files go by default.
HOME = _CHECKOUT if IN_CHECKOUT else Path.cwd()
DEFAULT_DATABASE = HOME / "warehouse" / "ratsinfo.duckdb"
DEFAULT_PUBLISH_DIR = HOME / "publish"
DEFAULT_DAGSTER_HOME = HOME / ".dagster_home"
DEFAULT_COUNCILS_FILE = HOME / "councils.json"  # the deployment's councils (RATSINFO_COUNCILS)


def sql_file(name: str) -> Path:
    """A file of the warehouse SQL; an installation without it is broken, and says so."""
    path = SQL_DIR / name
    if not path.is_file():
        raise FileNotFoundError(
            f"the warehouse SQL {path} is missing: this installation of ratsinfo is incomplete "
            "(reinstall it; a wheel carries it as ratsinfo/sql/)"
        )
    return path
