"""The deployment on several machines (deploy/, docs/deploy.md), checked as far as a machine
without a Docker daemon or a Kubernetes cluster allows: the instance configurations validate
against Dagster's own schemas and build the run queue we rely on (one crawl per council server,
one run per council); the launcher and coordinator classes they name import and accept their
config; the compose file, the Dockerfile and the Helm values agree with each other and with the
code (module, pools, RATSINFO_* variables, the shared volume). Building the image needs a Docker
daemon and is skipped without one; rendering the Helm chart needs the chart and helm."""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"
CODE_DIRS = ("ratsinfo", "assets", "pipelines")


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


COMPOSE = _yaml(DEPLOY / "compose.yaml")
INSTANCE = _yaml(DEPLOY / "dagster.yaml")
HELM = _yaml(DEPLOY / "helm" / "values.yaml")
WORKSPACE = _yaml(DEPLOY / "workspace.yaml")
DOCKERFILE = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))

# What the deployment promises (docs/deploy.md, "Politeness")
TAG_LIMITS = [
    {"key": "ris_host", "value": {"applyLimitPerUniqueValue": True}, "limit": 1},
    {"key": "dagster/partition", "value": {"applyLimitPerUniqueValue": True}, "limit": 1},
]
CODE_LOCATION_MODULE = "ratsinfo_dagster.pipelines.definitions"
POOLS = ("duckdb_writer", "pdf_text")
DATA = "/data"  # where the shared volume is mounted, in every container and pod
# in the Helm deployment these come from the Secret ratsinfo-env, not from values.yaml
HELM_SECRET_VARS = {"RATSINFO_LAKE", "RATSINFO_CONTACT"}

DAGSTER_SERVICES = ("init", "code-server", "webserver", "daemon")


def _sorted_limits(limits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(limits, key=lambda limit: limit["key"])


def _interpolate(value: Any, env: dict[str, str] | None = None) -> Any:
    """A compose value as `docker compose` would pass it: ${VAR}, ${VAR:-default} and
    ${VAR:?message} resolved from `env` (an unset ${VAR:?} becomes "set-in-.env")."""
    env = env or {}

    def one(match: re.Match[str]) -> str:
        parts = re.fullmatch(r"(\w+)(?:(:-|:\?)(.*))?", match.group(1), re.S)
        assert parts is not None, match.group(0)
        name, op, rest = parts.groups()
        if env.get(name):
            return env[name]
        return rest if op == ":-" else "set-in-.env" if op == ":?" else ""

    if isinstance(value, dict):
        return {k: _interpolate(v, env) for k, v in value.items()}
    if isinstance(value, list):
        return [_interpolate(v, env) for v in value]
    if isinstance(value, str):
        return re.sub(r"\$\{([^}]*)\}", one, value)
    return value


def _service(name: str) -> dict[str, Any]:
    return _interpolate(COMPOSE["services"][name])


def _compose_env() -> dict[str, str]:
    """The environment of the Dagster containers of compose.yaml (defaults, test passwords)."""
    env = _service("daemon")["environment"]
    return {k: str(v) for k, v in env.items()}


def _helm_deployment() -> dict[str, Any]:
    [deployment] = HELM["dagster-user-deployments"]["deployments"]
    return deployment


def _helm_env() -> dict[str, str]:
    """The RATSINFO_* environment of the Helm code location and its runs (the Secret's values
    are examples)."""
    env = {e["name"]: e["value"] for e in _helm_deployment()["env"]}
    example = "postgres:dbname=ratsinfo host=postgres user=ratsinfo password=secret"
    return {**env, "RATSINFO_LAKE": example, "RATSINFO_CONTACT": "ops@example.org"}


def _camel_to_snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _chart_instance(values: dict[str, Any], namespace: str = "ratsinfo") -> dict[str, Any]:
    """The dagster.yaml the dagster/dagster chart renders from `values`, for the parts these
    values set: a mirror, written from the chart's templates as read on GitHub
    (configmap-instance.yaml; the helpers for the postgres storage, the Custom scheduler and run
    coordinator, the K8sRunLauncher, the compute log manager and `concurrency`). It is not the
    chart: test_helm_template_renders_an_instance_dagster_accepts renders the real one where helm
    and the chart are at hand."""
    pg = values["postgresql"]
    storage = {
        "postgres_db": {
            "username": pg["postgresqlUsername"],
            "password": {"env": "DAGSTER_PG_PASSWORD"},
            "hostname": pg["postgresqlHost"] or "postgres.example.org",
            "db_name": pg["postgresqlDatabase"],
            "port": pg["service"]["port"],
            "scheme": pg["postgresqlScheme"],
        }
    }
    coordinator = values["dagsterDaemon"]["runCoordinator"]
    assert coordinator["type"] == "CustomRunCoordinator"
    assert values["scheduler"]["type"] == "CustomScheduler"
    k8s = values["runLauncher"]["config"]["k8sRunLauncher"]
    launcher: dict[str, Any] = {
        "job_namespace": namespace,
        "service_account_name": "dagster",
        "dagster_home": "/opt/dagster/dagster_home",
        "instance_config_map": "dagster-instance",
        "postgres_password_secret": values["global"]["postgresqlSecretName"],
    }
    for key, value in k8s.items():
        if key in ("envConfigMaps", "envSecrets"):
            value = [item["name"] for item in value]
        elif key == "runK8sConfig":
            value = {_camel_to_snake(k): v for k, v in value.items()}
        elif key == "image":
            value = f"{value['repository']}:{value['tag']}"
            key = "job_image"
        launcher[_camel_to_snake(key)] = value
    concurrency = values["concurrency"]
    runs = concurrency["runs"]
    logs = values["computeLogManager"]["config"]["customComputeLogManager"]
    return {
        "scheduler": values["scheduler"]["config"]["customScheduler"],
        "run_storage": {
            "module": "dagster_postgres.run_storage",
            "class": "PostgresRunStorage",
            "config": storage,
        },
        "event_log_storage": {
            "module": "dagster_postgres.event_log",
            "class": "PostgresEventLogStorage",
            "config": storage,
        },
        "schedule_storage": {
            "module": "dagster_postgres.schedule_storage",
            "class": "PostgresScheduleStorage",
            "config": storage,
        },
        "run_coordinator": coordinator["config"]["customRunCoordinator"],
        "run_launcher": {"module": "dagster_k8s", "class": "K8sRunLauncher", "config": launcher},
        "compute_logs": {
            "module": logs["module"],
            "class": logs["class"],
            "config": logs["config"],
        },
        "concurrency": {
            "pools": {"default_limit": concurrency["pools"]["defaultLimit"]},
            "runs": {
                "max_concurrent_runs": runs["maxConcurrentRuns"],
                "tag_concurrency_limits": runs["tagConcurrencyLimits"],
            },
        },
        "telemetry": {"enabled": values["telemetry"]["enabled"]},
        **values.get("additionalInstanceConfig", {}),
    }


def _validated_instance(config: dict[str, Any] | Path, tmp_path: Path) -> dict[str, Any]:
    """`config` (a dict, or deploy/'s dagster.yaml) loaded the way a Dagster process loads
    $DAGSTER_HOME/dagster.yaml: Dagster's instance schema and its concurrency rules."""
    from dagster._core.instance.config import dagster_instance_config

    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    text = config.read_text() if isinstance(config, Path) else yaml.safe_dump(config)
    (home / "dagster.yaml").write_text(text)
    value, _ = dagster_instance_config(str(home))
    return dict(value)


# --- (1) deploy/dagster.yaml: Dagster's schema, and the queue we rely on ---------------------


def test_the_compose_instance_validates_against_dagsters_schema(tmp_path):
    config = _validated_instance(DEPLOY / "dagster.yaml", tmp_path)
    assert config["telemetry"] == {"enabled": False}
    assert "postgres" in config["storage"]


def test_dagsters_postgres_storage_names_the_driver_that_is_installed():
    """dagster-postgres installs psycopg2; the SQLAlchemy of uv.lock maps a bare `postgresql`
    URL to psycopg 3 (SQLAlchemy 2.1), so storage without an explicit scheme cannot connect."""
    from sqlalchemy.engine import make_url

    schemes = {
        "compose": INSTANCE["storage"]["postgres"]["postgres_db"]["scheme"],
        "helm": HELM["postgresql"]["postgresqlScheme"],
    }
    for where, scheme in schemes.items():
        driver = make_url(f"{scheme}://u@h/db").get_dialect().import_dbapi()
        assert driver.__name__ == "psycopg2", where


def test_the_compose_instance_names_the_coordinator_launcher_and_limits_we_require():
    assert (INSTANCE["run_coordinator"]["class"], INSTANCE["run_launcher"]["class"]) == (
        "QueuedRunCoordinator",
        "DockerRunLauncher",
    )
    runs = INSTANCE["concurrency"]["runs"]
    assert _sorted_limits(runs["tag_concurrency_limits"]) == _sorted_limits(TAG_LIMITS)
    assert runs["max_concurrent_runs"] > 1
    assert INSTANCE["concurrency"]["pools"] == {"default_limit": 1}
    # Dagster refuses the limits in both places; here they must be in `concurrency` only
    assert not {"max_concurrent_runs", "tag_concurrency_limits"} & set(
        INSTANCE["run_coordinator"].get("config", {})
    )


def test_the_instance_built_from_the_file_queues_one_crawl_per_server_and_run_per_council(
    tmp_path, monkeypatch
):
    """The real instance classes built from deploy/dagster.yaml (storage swapped for SQLite:
    PostgreSQL is not reachable here), and Dagster's own tag-limit counter deciding which queued
    runs may start while one council of a server is crawled."""
    from dagster import DagsterInstance, DagsterRun
    from dagster._core.instance.ref import InstanceRef
    from dagster._core.run_coordinator import QueuedRunCoordinator
    from dagster._utils.tags import TagConcurrencyLimitsCounter
    from dagster_docker import DockerRunLauncher

    for name, value in _compose_env().items():
        monkeypatch.setenv(name, value)
    local = {"module": "dagster._core.storage.root", "class": "LocalArtifactStorage"}
    logs = {"module": "dagster._core.storage.local_compute_log_manager"}
    overrides = {
        "storage": {"sqlite": {"base_dir": str(tmp_path / "storage")}},
        "local_artifact_storage": {**local, "config": {"base_dir": str(tmp_path)}},
        "compute_logs": {
            **logs,
            "class": "LocalComputeLogManager",
            "config": {"base_dir": str(tmp_path / "logs")},
        },
    }
    ref = InstanceRef.from_dir(str(tmp_path), config_dir=str(DEPLOY), overrides=overrides)
    with DagsterInstance.from_ref(ref) as instance:
        assert isinstance(instance.run_coordinator, QueuedRunCoordinator)
        assert isinstance(instance.run_launcher, DockerRunLauncher)
        assert instance.run_launcher.networks == [INSTANCE["run_launcher"]["config"]["network"]]
        queue = instance.get_concurrency_config().run_queue_config
        pool_config = instance.get_concurrency_config().pool_config
    assert queue is not None
    assert queue.max_concurrent_runs == INSTANCE["concurrency"]["runs"]["max_concurrent_runs"]
    assert _sorted_limits(list(queue.tag_concurrency_limits)) == _sorted_limits(TAG_LIMITS)
    assert pool_config.default_pool_limit == 1

    def run(job: str, council: str | None, host: str | None) -> DagsterRun:
        tags = {"dagster/partition": council, "ris_host": host} if council and host else {}
        return DagsterRun(job_name=job, tags=tags)

    crawling = run("nightly_ingestion", "frechen-a", "sdnetrim.kdvz-frechen.de")
    counter = TagConcurrencyLimitsCounter(list(queue.tag_concurrency_limits), [crawling])
    # another council of the same server waits; so does the same council's weekly run
    assert counter.is_blocked(run("nightly_ingestion", "frechen-b", "sdnetrim.kdvz-frechen.de"))
    assert counter.is_blocked(run("weekly_reconciliation", "frechen-a", "other.example"))
    # a council on another server starts; so does the unpartitioned publication
    assert not counter.is_blocked(run("nightly_ingestion", "braunschweig", "ratsinfo.bs.de"))
    assert not counter.is_blocked(run("combined_publication", None, None))


# --- (2) the classes the configurations name import and accept their config -----------------


def _class(module: str, name: str) -> Any:
    return getattr(importlib.import_module(module), name)


def _named_classes() -> list[Any]:
    keys = (
        "scheduler",
        "run_coordinator",
        "run_launcher",
        "compute_logs",
        "local_artifact_storage",
    )
    cases = []
    for origin, instance in (("compose", INSTANCE), ("helm", _chart_instance(HELM))):
        for key in keys:
            if key in instance:
                cases.append(pytest.param(f"{origin}:{key}", instance[key], id=f"{origin}:{key}"))
    return cases


@pytest.mark.parametrize(("where", "entry"), _named_classes())
def test_each_named_class_imports_and_accepts_its_config(where, entry):
    from dagster._config import validate_config

    cls = _class(entry["module"], entry["class"])
    result = validate_config(cls.config_type(), entry.get("config", {}))
    assert result.success, f"{where}: {[e.message for e in result.errors]}"


def test_every_module_the_configurations_name_imports():
    """Including the chart's scheduler and run coordinator: the chart's own defaults name
    `dagster.core.*`, which the dagster 1.13 here does not have (it has dagster._core)."""
    for path in (DEPLOY / "dagster.yaml", DEPLOY / "helm" / "values.yaml"):
        modules = re.findall(r"^\s*module: (\S+)", path.read_text(), re.M)
        assert modules, path
        for module in modules:
            importlib.import_module(module)


def test_the_docker_run_launcher_is_built_from_its_config(monkeypatch):
    """Beyond the schema: DockerRunLauncher's own checks of network and container_kwargs."""
    from dagster._serdes import ConfigurableClassData

    for name, value in _compose_env().items():
        monkeypatch.setenv(name, value)
    launcher = INSTANCE["run_launcher"]
    data = ConfigurableClassData(
        launcher["module"], launcher["class"], yaml.safe_dump(launcher["config"])
    )
    built = data.rehydrate(as_type=object)
    assert built.image == _compose_env()["DAGSTER_CURRENT_IMAGE"]


# --- (3) compose.yaml: image, services, environment, volumes ---------------------------------


def _build_image() -> str:
    return COMPOSE["x-image"]["image"]


def test_every_service_runs_the_image_built_from_the_dockerfile_or_postgres():
    image = _build_image()
    assert COMPOSE["x-image"]["build"] == {"context": "..", "dockerfile": "deploy/Dockerfile"}
    assert (DEPLOY / COMPOSE["x-image"]["build"]["context"] / "deploy" / "Dockerfile").is_file()
    for name, service in COMPOSE["services"].items():
        if name == "postgres":
            assert service["image"].startswith("postgres:16"), name
            assert "healthcheck" in service
            continue
        assert service["image"] == image, name
        assert service["build"] == COMPOSE["x-image"]["build"], name
    assert set(COMPOSE["services"]) == {"postgres", *DAGSTER_SERVICES}


def test_the_code_server_serves_the_module_the_wheel_installs():
    command = COMPOSE["services"]["code-server"]["command"]
    assert command[:3] == ["dagster", "code-server", "start"]
    module = command[command.index("-m") + 1]
    assert module == CODE_LOCATION_MODULE
    # the wheel installs the repository's pipelines/ as ratsinfo_dagster/pipelines
    sources = PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]["sources"]
    installed_as = {v.replace("/", "."): k for k, v in sources.items()}
    package, _, leaf = module.rpartition(".")
    assert (REPO / installed_as[package] / f"{leaf}.py").is_file()
    port = command[command.index("-p") + 1]
    location = command[command.index("--location-name") + 1]
    [entry] = WORKSPACE["load_from"]
    assert entry["grpc_server"] == {
        "host": "code-server",
        "port": int(port),
        "location_name": location,
    }


def test_webserver_and_daemon_read_the_workspace_and_instance_files_they_mount():
    for name in DAGSTER_SERVICES:
        mounts = _service(name)["volumes"]
        for file in ("dagster.yaml", "workspace.yaml"):
            assert f"./{file}:/opt/dagster/dagster_home/{file}:ro" in mounts, (name, file)
            assert (DEPLOY / file).is_file()
    for name in ("webserver", "daemon"):
        command = _service(name)["command"]
        assert command[command.index("-w") + 1] == "/opt/dagster/dagster_home/workspace.yaml"
        # the DockerRunLauncher talks to the host's Docker
        assert "/var/run/docker.sock:/var/run/docker.sock" in _service(name)["volumes"]


def test_runs_get_every_variable_the_dagster_services_have():
    """The daemon hands each name in env_vars from its own environment to the run container
    (an unset one fails the launch); the runs need all of them."""
    env_vars = INSTANCE["run_launcher"]["config"]["env_vars"]
    assert sorted(env_vars) == sorted(_compose_env())
    for name in DAGSTER_SERVICES:
        assert _service(name)["environment"] == _service("daemon")["environment"], name


def test_runs_join_the_compose_network_and_the_shared_volume():
    config = INSTANCE["run_launcher"]["config"]
    networks = {key: n.get("name", key) for key, n in COMPOSE["networks"].items()}
    assert config["network"] in networks.values()
    [volume_spec] = config["container_kwargs"]["volumes"]
    volume_name, mount = volume_spec.split(":")
    assert mount == DATA
    [data_key] = [k for k, v in COMPOSE["volumes"].items() if v.get("name") == volume_name]
    for name in DAGSTER_SERVICES:
        service = _service(name)
        assert f"{data_key}:{DATA}" in service["volumes"], name
        assert [networks[n] for n in service["networks"]] == [config["network"]], name
    assert "postgres" in _service("postgres")["volumes"][0]


def test_every_path_the_containers_share_is_on_the_shared_volume():
    env = _compose_env()
    for name in ("RATSINFO_WAREHOUSE", "RATSINFO_PUBLISH_DIR", "RATSINFO_COUNCILS"):
        assert env[name].startswith(f"{DATA}/"), name
    assert env["RATSINFO_LAKE_DATA"].startswith(f"{DATA}/")
    for key in ("local_artifact_storage", "compute_logs"):
        assert INSTANCE[key]["config"]["base_dir"].startswith(f"{DATA}/"), key
    # init creates the folders the code writes into
    script = _service("init")["command"][-1]
    warehouse_dir = str(Path(env["RATSINFO_WAREHOUSE"]).parent)
    for folder in (f"{warehouse_dir}/councils", env["RATSINFO_PUBLISH_DIR"]):
        assert folder in script, folder


def test_postgres_credentials_agree():
    postgres = _service("postgres")["environment"]
    env = _compose_env()
    assert postgres["POSTGRES_USER"] == env["DAGSTER_POSTGRES_USER"]
    assert postgres["POSTGRES_DB"] == env["DAGSTER_POSTGRES_DB"]
    assert postgres["POSTGRES_PASSWORD"] == env["DAGSTER_POSTGRES_PASSWORD"]
    lake = dict(p.split("=", 1) for p in env["RATSINFO_LAKE"].removeprefix("postgres:").split())
    assert env["RATSINFO_LAKE"].startswith("postgres:")
    assert lake["host"] == env["DAGSTER_POSTGRES_HOST"]
    assert lake["user"] == postgres["POSTGRES_USER"]
    assert lake["password"] == env["DAGSTER_POSTGRES_PASSWORD"]
    assert lake["dbname"] != env["DAGSTER_POSTGRES_DB"]  # the lake's catalog has its own database


def test_the_init_container_waits_migrates_and_sets_the_pools_the_code_uses():
    init = COMPOSE["services"]["init"]
    assert init["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert init["restart"] == "no"
    for name in ("code-server", "webserver", "daemon"):
        dependency = COMPOSE["services"][name]["depends_on"]["init"]
        assert dependency == {"condition": "service_completed_successfully"}, name
    script = init["command"][-1]
    assert init["command"][:2] == ["sh", "-ec"]
    assert "dagster instance migrate" in script
    slots = dict(re.findall(r"dagster instance concurrency set (\w+) \$\{\w+:-(\d+)\}", script))
    assert set(slots) == set(POOLS)
    # each run writes only its own council's working file, one step at a time (in_process)
    assert int(slots["duckdb_writer"]) == INSTANCE["concurrency"]["runs"]["max_concurrent_runs"]
    code = _code_text()
    for pool in POOLS:
        assert re.search(rf"[\"']{pool}[\"']", code), f"no asset or op uses the pool {pool!r}"
    # the embedded Python compiles and the shell script parses
    python = re.search(r"<<'PY'\n(.*?)\nPY\n", script, re.S)
    assert python is not None
    compile(python.group(1), "init", "exec")
    if shutil.which("sh"):
        subprocess.run(["sh", "-n", "-c", script], check=True, timeout=10)


@pytest.mark.slow
def test_the_init_script_prepares_a_real_postgres_twice(tmp_path, monkeypatch):
    """compose.yaml's init script, run as it is (but /data under tmp_path and the test server's
    port) against a throwaway PostgreSQL: it creates the lake's catalog database, migrates
    Dagster's schema and sets the pools; run again, it changes nothing and does not fail."""
    from dagster import DagsterInstance

    from tests.postgres import postgres_server

    data = tmp_path / "data"
    with postgres_server() as pg:
        pg.create_database("dagster")
        home = tmp_path / "home"
        home.mkdir()
        instance = (DEPLOY / "dagster.yaml").read_text().replace(f"{DATA}/", f"{data}/")
        assert instance.count("port: 5432\n") == 1
        (home / "dagster.yaml").write_text(instance.replace("port: 5432\n", f"port: {pg.port}\n"))
        lake = f"postgres:dbname=ratsinfo host={pg.host} user={pg.user} password=unused"
        env = {
            **os.environ,
            **_compose_env(),
            "PATH": f"{REPO / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}",
            "DAGSTER_HOME": str(home),
            "DAGSTER_POSTGRES_HOST": pg.host,
            "DAGSTER_POSTGRES_USER": pg.user,
            "DAGSTER_POSTGRES_PASSWORD": "unused",
            "PGPORT": str(pg.port),  # libpq's default port, for the script's own connection
            "RATSINFO_LAKE": lake,
        }
        script = _service("init")["command"][-1].replace(f"{DATA}/", f"{data}/")
        for attempt in (1, 2):
            done = subprocess.run(
                ["sh", "-ec", script], env=env, capture_output=True, text=True, timeout=300
            )
            assert done.returncode == 0, f"run {attempt}: {done.stdout}{done.stderr}"
            assert ("created the lake catalog database" in done.stdout) == (attempt == 1)
        assert (data / "warehouse" / "councils").is_dir()
        for name in ("DAGSTER_HOME", *(n for n in env if n.startswith("DAGSTER_POSTGRES_"))):
            monkeypatch.setenv(name, env[name])
        monkeypatch.setenv("DAGSTER_CURRENT_IMAGE", env["DAGSTER_CURRENT_IMAGE"])
        with DagsterInstance.get() as dagster:
            storage = dagster.event_log_storage
            limits = {p: storage.get_concurrency_info(p).slot_count for p in POOLS}
    raw = COMPOSE["services"]["init"]["command"][-1]
    slots = dict(re.findall(r"concurrency set (\w+) \$\{\w+:-(\d+)\}", raw))
    assert limits == {p: int(slots[p]) for p in POOLS}


def test_the_deployment_environment_is_accepted_by_the_code(monkeypatch):
    """Settings.from_env, the one place the code reads RATSINFO_*, takes the compose and the
    Helm environments without a SettingsError."""
    from ratsinfo.settings import Settings

    for env in (_compose_env(), _helm_env()):
        for name in list(os.environ):
            if name.startswith("RATSINFO_"):
                monkeypatch.delenv(name)
        for name, value in env.items():
            if name.startswith("RATSINFO_"):
                monkeypatch.setenv(name, value)
        settings = Settings.from_env()
        assert str(settings.warehouse) == env["RATSINFO_WAREHOUSE"]
        assert str(settings.publish_dir) == env["RATSINFO_PUBLISH_DIR"]


# --- RATSINFO_* variables of the deploy files are read by the code ---------------------------


def _code_text() -> str:
    return "\n".join(
        path.read_text(encoding="utf-8")
        for folder in CODE_DIRS
        for path in sorted((REPO / folder).rglob("*.py"))
    )


def _deploy_variables() -> list[str]:
    files = ("compose.yaml", "dagster.yaml", "helm/values.yaml", "Dockerfile")
    text = "\n".join((DEPLOY / f).read_text(encoding="utf-8") for f in files)
    return sorted(set(re.findall(r"\bRATSINFO_[A-Z0-9_]*[A-Z0-9]\b", text)))


@pytest.mark.parametrize("name", _deploy_variables())
def test_every_ratsinfo_variable_the_deployment_sets_is_read_by_the_code(name):
    """A variable the deployment sets but no module reads is a setting that silently does
    nothing (RATSINFO_LAKE, RATSINFO_LAKE_DATA, RATSINFO_COUNCILS, RATSINFO_EXECUTOR came with
    the partitioned, lake-layout code location)."""
    assert re.search(rf"\b{name}\b", _code_text()), (
        f"{name} is set in deploy/ but no module under {', '.join(CODE_DIRS)}/ reads it"
    )


def test_a_run_executes_its_steps_one_at_a_time_by_default():
    """Pools count steps instance-wide, not per council: with duckdb_writer at max runs and the
    multiprocess executor, two steps of one run opened the council's DuckDB file at once (seen:
    lake_tables against table_files). in_process runs a run's steps one after another."""
    helm = {e["name"]: e["value"] for e in _helm_deployment()["env"]}
    assert _compose_env()["RATSINFO_EXECUTOR"] == helm["RATSINFO_EXECUTOR"] == "in_process"


def test_compose_and_helm_give_the_code_the_same_variables():
    compose = {n for n in _compose_env() if n.startswith("RATSINFO_")}
    helm = {e["name"] for e in _helm_deployment()["env"]} | HELM_SECRET_VARS
    assert compose == helm
    docs = (REPO / "docs" / "deploy.md").read_text(encoding="utf-8")
    assert re.search(r"kubectl( -n \S+)? create secret generic ratsinfo-env", docs)
    for name in HELM_SECRET_VARS:
        assert f"{name}=" in docs, f"docs/deploy.md does not show how to put {name} in the Secret"


# --- the Dockerfile -----------------------------------------------------------------------------


def _copy_sources() -> list[str]:
    sources: list[str] = []
    for line in DOCKERFILE.splitlines():
        if line.startswith("COPY ") and "--from=" not in line:
            sources += line.split()[1:-1]
    return sources


def test_the_dockerfile_copies_what_the_wheel_is_built_from_and_nothing_missing():
    sources = _copy_sources()
    for source in sources:
        assert (REPO / source).exists(), f"COPY {source}: no such file in the repository"
    wheel = PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]
    needed = [*wheel["only-include"], *wheel["force-include"], "pyproject.toml", "uv.lock"]
    needed.append(PYPROJECT["project"]["readme"])
    for path in needed:
        assert path in sources, f"the wheel needs {path}, the Dockerfile does not copy it"
    # the build context holds them: deploy/Dockerfile.dockerignore ignores everything else
    allowed = [
        line[1:]
        for line in (DEPLOY / "Dockerfile.dockerignore").read_text().splitlines()
        if line.startswith("!")
    ]
    for source in sources:
        assert any(Path(source).match(a) or source.startswith(a) for a in allowed), source


def test_the_dockerfile_installs_from_the_lock_with_both_launchers_as_a_non_root_user():
    assert re.search(r"^ARG PYTHON_IMAGE=python:3\.11-slim$", DOCKERFILE, re.M)
    installs = re.findall(r"^RUN uv sync (--locked[^\n]*)", DOCKERFILE, re.M)
    assert installs, "the project is not installed with `uv sync --locked`"
    extras = set(PYPROJECT["project"]["optional-dependencies"])
    for install in installs:
        assert "--no-dev" in install
        named = set(re.findall(r"--extra (\S+)", install))
        assert named == {"docker", "k8s"} and named <= extras, install
    assert "--no-editable" in installs[-1]  # the wheel layout: ratsinfo_dagster.*
    [user] = re.findall(r"^USER (\S+)$", DOCKERFILE, re.M)
    assert user.split(":")[0] not in ("0", "root") and user.split(":")[0].isdigit()
    assert re.search(r"DAGSTER_HOME=/opt/dagster/dagster_home\b", DOCKERFILE)
    assert "DAGSTER_DISABLE_TELEMETRY=1" in DOCKERFILE
    assert CODE_LOCATION_MODULE in DOCKERFILE.split("\nCMD ")[-1]
    bootstrap = (REPO / "scripts" / "bootstrap-uv.py").read_text()
    [pinned] = re.findall(r'^UV_VERSION = "([^"]+)"', bootstrap, re.M)
    assert f"ARG UV_VERSION={pinned}\n" in DOCKERFILE, "the image's uv differs from the pinned one"


def _docker_daemon() -> str | None:
    """Why the image cannot be built here, or None when a Docker daemon answers."""
    if shutil.which("docker") is None:
        return "no docker CLI"
    try:
        done = subprocess.run(["docker", "info"], capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired:
        return "no docker daemon (docker info timed out)"
    return None if done.returncode == 0 else "no docker daemon (docker info failed)"


@pytest.mark.slow
def test_the_image_builds_and_holds_the_code_location():
    """Minutes when it runs; skipped where no Docker daemon answers."""
    if reason := _docker_daemon():
        pytest.skip(reason)
    tag = "ratsinfo:test-deploy"
    build = ["docker", "build", "-f", "deploy/Dockerfile", "-t", tag, "."]
    done = subprocess.run(build, cwd=REPO, capture_output=True, text=True, timeout=3600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    probe = f"import importlib.util as u; assert u.find_spec({CODE_LOCATION_MODULE!r})"
    run = ["docker", "run", "--rm", tag, "python", "-c", probe]
    done = subprocess.run(run, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def test_docker_compose_accepts_the_file(tmp_path):
    """`docker compose config` (no daemon needed) where the compose plugin is installed."""
    if shutil.which("docker") is None:
        pytest.skip("no docker CLI")
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True, timeout=20)
    if probe.returncode != 0:
        pytest.skip("no docker compose plugin")
    env = {**os.environ, "POSTGRES_PASSWORD": "secret", "RATSINFO_CONTACT": "ops@example.org"}
    cmd = ["docker", "compose", "-f", str(DEPLOY / "compose.yaml"), "config", "--quiet"]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


# --- (4) the Helm values ------------------------------------------------------------------------


def test_the_helm_values_set_what_the_deployment_relies_on():
    deployment = _helm_deployment()
    assert HELM["dagster-user-deployments"]["enabled"] is True
    assert deployment["codeServerArgs"] == ["-m", CODE_LOCATION_MODULE]
    assert deployment["includeConfigInLaunchedRuns"] == {"enabled": True}
    assert "resources" not in deployment  # they would be copied to the run pods
    assert HELM["runLauncher"]["type"] == "K8sRunLauncher"
    coordinator = HELM["dagsterDaemon"]["runCoordinator"]
    assert (coordinator["enabled"], coordinator["type"]) == (True, "CustomRunCoordinator")
    # the class the chart's default would name, from a module dagster 1.13 has; the limits are
    # under `concurrency` only (Dagster refuses them in both places)
    custom = coordinator["config"]["customRunCoordinator"]
    assert (custom["module"], custom["class"]) == ("dagster", "QueuedRunCoordinator")
    assert not {"max_concurrent_runs", "tag_concurrency_limits"} & set(custom["config"])
    assert HELM["telemetry"] == {"enabled": False}
    assert HELM["postgresql"]["enabled"] is False
    assert HELM["generatePostgresqlPasswordSecret"] is False


def test_the_helm_values_queue_runs_exactly_like_the_compose_instance():
    concurrency = HELM["concurrency"]
    assert concurrency["enabled"] is True
    runs = concurrency["runs"]
    assert _sorted_limits(runs["tagConcurrencyLimits"]) == _sorted_limits(
        INSTANCE["concurrency"]["runs"]["tag_concurrency_limits"]
    )
    assert runs["maxConcurrentRuns"] == INSTANCE["concurrency"]["runs"]["max_concurrent_runs"]
    assert concurrency["pools"]["defaultLimit"] == INSTANCE["concurrency"]["pools"]["default_limit"]


def test_the_helm_image_is_the_compose_image():
    image = _helm_deployment()["image"]
    name, _, tag = _interpolate(_build_image()).rpartition(":")
    assert image["repository"].rsplit("/", 1)[-1] == name
    assert str(image["tag"]) == tag


def test_the_instance_the_chart_renders_validates_against_dagsters_schema(tmp_path):
    config = _validated_instance(_chart_instance(HELM), tmp_path)
    assert config["run_launcher"]["class"] == "K8sRunLauncher"
    assert config["local_artifact_storage"]["config"]["base_dir"].startswith(f"{DATA}/")


def test_the_helm_kubernetes_fragments_are_valid_kubernetes_objects():
    from dagster_k8s.models import k8s_model_from_dict, k8s_snake_case_dict
    from kubernetes import client

    def check(model: Any, value: dict[str, Any]) -> None:
        k8s_model_from_dict(model, k8s_snake_case_dict(model, value))

    deployment = _helm_deployment()
    pods = [deployment, HELM["dagsterWebserver"], HELM["dagsterDaemon"]]
    for pod in pods:
        for volume in pod["volumes"]:
            check(client.V1Volume, volume)
        for mount in pod["volumeMounts"]:
            check(client.V1VolumeMount, mount)
        # every pod mounts the one claim at the one path
        assert [v["persistentVolumeClaim"]["claimName"] for v in pod["volumes"]] == [
            "ratsinfo-data"
        ]
        assert [m["mountPath"] for m in pod["volumeMounts"]] == [DATA]
    for env in deployment["env"]:
        check(client.V1EnvVar, env)
    check(client.V1PodSecurityContext, deployment["podSecurityContext"])
    check(client.V1SecurityContext, deployment["securityContext"])
    launcher = HELM["runLauncher"]["config"]["k8sRunLauncher"]
    check(client.V1ResourceRequirements, launcher["resources"])
    k8s_snake_case_dict(client.V1PodSpec, launcher["runK8sConfig"]["podSpecConfig"])
    env = _helm_env()
    for name in ("RATSINFO_WAREHOUSE", "RATSINFO_PUBLISH_DIR", "RATSINFO_COUNCILS"):
        assert env[name].startswith(f"{DATA}/"), name


def test_helm_template_renders_an_instance_dagster_accepts(tmp_path):
    """The real chart, where helm is installed and DEPLOY_HELM_CHART names the dagster chart
    (a directory or .tgz, e.g. from `helm pull dagster/dagster --version 1.13.27`)."""
    chart = os.environ.get("DEPLOY_HELM_CHART")
    if shutil.which("helm") is None or not chart:
        pytest.skip("no helm binary or no DEPLOY_HELM_CHART (the chart is not fetched here)")
    cmd = [
        "helm", "template", "ratsinfo", chart, "--namespace", "ratsinfo",
        "-f", str(DEPLOY / "helm" / "values.yaml"),
        "--set", "postgresql.postgresqlHost=postgres.example.org",
        "--show-only", "templates/configmap-instance.yaml",
    ]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    rendered = yaml.safe_load(yaml.safe_load(done.stdout)["data"]["dagster.yaml"])
    config = _validated_instance(rendered, tmp_path)
    assert _sorted_limits(config["concurrency"]["runs"]["tag_concurrency_limits"]) == (
        _sorted_limits(TAG_LIMITS)
    )
    assert config["run_launcher"]["class"] == "K8sRunLauncher"
