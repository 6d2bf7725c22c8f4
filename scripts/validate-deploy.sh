#!/usr/bin/env bash
# Validates the deployment files in deploy/ without a cluster, a Docker engine or the network
# (beyond PyPI and Debian's packages for the first install):
#
#   1. Kubernetes: every manifest in deploy/kubernetes/ against the Kubernetes API schemas
#      (kubernetes-validate, which bundles them; --strict, so unknown fields fail too), for each
#      version in FAZHI_K8S_VERSIONS; then the kustomize base rendered by `kubectl kustomize`
#      (or `kustomize build`), validated the same way. Skipped with a message when neither
#      tool is installed.
#   2. Consistency checks no schema can make (on the rendered base, else on the raw files):
#      selectors match pod labels, Services' target ports exist, every Secret and ConfigMap key
#      referenced exists, HPAs target Deployments that leave replicas to them, StatefulSets
#      have headless Services, volume claims and Parallel pod management, replicas equal the
#      shard/partition counts and the gateway's lists name every pod in order, probes run
#      `healthcheck`, terminationGracePeriodSeconds exceeds preStop + --grace-period-seconds,
#      pods run non-root with a read-only root filesystem and have requests and limits.
#   3. docker-compose.yml: required services, image/build on each, healthchecks that run
#      `healthcheck`, depends_on with condition service_healthy on services that have one,
#      named volumes declared, env_file and its example, gateway lists vs shard services,
#      stop_grace_period vs --grace-period-seconds; then `docker compose config` when a compose
#      CLI is installed (skipped with a message otherwise; it needs no engine).
#   4. The Dockerfile's essentials (static stdlib, all five products, resource bundles, non-root).
#   5. systemd units: TimeoutStopSec vs --grace-period-seconds, KillSignal, Restart, hardening;
#      then `systemd-analyze verify` on each unit (template units instantiated) when
#      systemd-analyze is installed (skipped with a message otherwise). Any warning fails.
#
# Exits non-zero, naming every problem, if any check fails.
#
# Environment:
#   FAZHI_K8S_VERSIONS   Kubernetes versions to validate against (default "1.29.0 1.37.0":
#                        the oldest and newest the manifests are meant for; kubernetes-validate
#                        1.37.0 ships schemas for 1.25.0 .. 1.37.0)
#   FAZHI_DEPLOY_DIR     the directory to check (default: deploy/ of this repository)
#   FAZHI_DEPLOY_VENV    the virtualenv for the Python tools (default .build-venv/deploy, git-ignored)
#
# The first run on a fresh Debian machine installs, when run as root, python3-venv (if `python3
# -m venv` cannot make a virtualenv) and then kubernetes-validate into the virtualenv; later runs
# install nothing and take a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
deploy_dir=${FAZHI_DEPLOY_DIR:-$repo/deploy}
deploy_dir=$(cd "$deploy_dir" && pwd)
venv=${FAZHI_DEPLOY_VENV:-$repo/.build-venv/deploy}
k8s_versions=${FAZHI_K8S_VERSIONS:-"1.29.0 1.37.0"}
kv_version=1.37.0
start=$(date +%s)

failures=0
step() { echo "== $*" >&2; }
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
skip() { echo "SKIP: $*" >&2; }
run() { echo "\$ $*" >&2; "$@"; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- tools ------------------------------------------------------------------------------------
apt_install() {
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
        echo "validate-deploy: need the Debian packages $*; install them (as root: apt-get install $*)" >&2
        exit 2
    fi
    export DEBIAN_FRONTEND=noninteractive
    run apt-get -o DPkg::Lock::Timeout=300 update -qq
    run apt-get -o DPkg::Lock::Timeout=300 install -y -qq "$@" >/dev/null
}

command -v python3 >/dev/null || apt_install python3
if [ ! -x "$venv/bin/python" ]; then
    step "creating the virtualenv $venv"
    mkdir -p "$(dirname "$venv")"
    if ! python3 -m venv "$venv" >"$work/venv.log" 2>&1; then
        rm -rf "$venv"
        echo "python3 -m venv failed ($(tail -n 1 "$work/venv.log")); installing python3-venv" >&2
        apt_install python3-venv python3-pip
        run python3 -m venv "$venv"
    fi
fi
if [ "$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("kubernetes-validate"))' 2>/dev/null)" != "$kv_version" ]; then
    step "installing kubernetes-validate $kv_version into $venv"
    run "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        "kubernetes-validate==$kv_version" "PyYAML>=6"
fi
python=$venv/bin/python
kubernetes_validate=$venv/bin/kubernetes-validate

# Runs kubernetes-validate on the given files for every version; quiet unless something fails.
validate_k8s() {
    local label=$1; shift
    local version
    for version in $k8s_versions; do
        if "$kubernetes_validate" --strict --quiet -k "$version" "$@" >"$work/kv.log" 2>&1; then
            echo "ok: $label against Kubernetes $version" >&2
            cat "$work/kv.log" >&2
        else
            cat "$work/kv.log" >&2
            fail "$label does not validate against Kubernetes $version"
        fi
    done
}

# --- 1. Kubernetes schemas ----------------------------------------------------------------------
k8s_dir=$deploy_dir/kubernetes
mapfile -t manifests < <(find "$k8s_dir" -maxdepth 1 -name '*.yaml' ! -name kustomization.yaml | sort)
step "Kubernetes manifests: ${#manifests[@]} files in ${k8s_dir#"$repo"/}"
if [ ${#manifests[@]} -eq 0 ]; then
    fail "no manifests in $k8s_dir"
else
    validate_k8s "the manifests" "${manifests[@]}"
fi

rendered=""
step "kustomize base"
if [ ! -f "$k8s_dir/kustomization.yaml" ]; then
    fail "$k8s_dir/kustomization.yaml is missing"
elif command -v kubectl >/dev/null && kubectl kustomize --help >/dev/null 2>&1; then
    if kubectl kustomize "$k8s_dir" >"$work/rendered.yaml" 2>"$work/kustomize.log"; then
        rendered=$work/rendered.yaml
        echo "ok: kubectl kustomize rendered $(grep -c '^kind:' "$rendered") objects" >&2
    else
        cat "$work/kustomize.log" >&2
        fail "kubectl kustomize $k8s_dir failed"
    fi
elif command -v kustomize >/dev/null; then
    if kustomize build "$k8s_dir" >"$work/rendered.yaml" 2>"$work/kustomize.log"; then
        rendered=$work/rendered.yaml
        echo "ok: kustomize build rendered $(grep -c '^kind:' "$rendered") objects" >&2
    else
        cat "$work/kustomize.log" >&2
        fail "kustomize build $k8s_dir failed"
    fi
else
    skip "neither kubectl nor kustomize is installed: the kustomize base is not rendered (the raw manifests were validated above)"
fi
if [ -n "$rendered" ]; then
    validate_k8s "the rendered kustomize base" "$rendered"
fi

# --- 2.-5. structure and consistency ------------------------------------------------------------
step "consistency of the Kubernetes objects, docker-compose.yml, the Dockerfile and the systemd units"
if ! "$python" - "$deploy_dir" "$rendered" <<'PY'
import re
import shlex
import sys
from pathlib import Path

import yaml

deploy = Path(sys.argv[1])
rendered = sys.argv[2]
problems = []


def problem(where, message):
    problems.append(f"{where}: {message}")


def grace_from_args(args):
    """--grace-period-seconds N (or =N) in a command line; the binaries' default is 10."""
    for i, arg in enumerate(args):
        if arg == "--grace-period-seconds" and i + 1 < len(args):
            return int(args[i + 1])
        if arg.startswith("--grace-period-seconds="):
            return int(arg.split("=", 1)[1])
    return 10


def duration_seconds(text):
    """Compose (1m30s) and systemd (1min 30s, 45s, 45) durations."""
    text = str(text).strip()
    if re.fullmatch(r"\d+", text):
        return int(text)
    units = {"h": 3600, "min": 60, "m": 60, "s": 1, "sec": 1, "ms": 0.001}
    total = 0.0
    for number, unit in re.findall(r"(\d+(?:\.\d+)?)\s*(h|min|ms|m|sec|s)", text):
        total += float(number) * units[unit]
    return total


# ---------------------------------------------------------------- Kubernetes
if rendered:
    k8s_sources = [Path(rendered)]
else:
    k8s_sources = sorted(p for p in (deploy / "kubernetes").glob("*.yaml") if p.name != "kustomization.yaml")
objects = []
for path in k8s_sources:
    try:
        for doc in yaml.safe_load_all(path.read_text()):
            if doc:
                objects.append(doc)
    except yaml.YAMLError as error:
        problem(path.name, f"not YAML: {error}")

kustomization_path = deploy / "kubernetes" / "kustomization.yaml"
if kustomization_path.exists():
    kustomization = yaml.safe_load(kustomization_path.read_text()) or {}
    for resource in kustomization.get("resources", []):
        if not (deploy / "kubernetes" / resource).exists():
            problem("kustomization.yaml", f"resource {resource} does not exist")
    listed = set(kustomization.get("resources", []))
    for path in (deploy / "kubernetes").glob("*.yaml"):
        if path.name != "kustomization.yaml" and path.name not in listed:
            problem("kustomization.yaml", f"{path.name} is not listed in resources")


def find(kind, name=None):
    return [o for o in objects if o.get("kind") == kind and (name is None or o["metadata"]["name"] == name)]


def name_of(o):
    return f'{o.get("kind")}/{o.get("metadata", {}).get("name")}'


for kind in ["Namespace", "Secret", "ConfigMap", "Deployment", "StatefulSet", "Service",
             "HorizontalPodAutoscaler", "PodDisruptionBudget"]:
    if not find(kind):
        problem("kubernetes", f"no {kind}")

configmaps = {o["metadata"]["name"]: o.get("data", {}) for o in find("ConfigMap")}
secrets = {o["metadata"]["name"]: {**o.get("data", {}), **o.get("stringData", {})} for o in find("Secret")}
workloads = find("Deployment") + find("StatefulSet")


def env_value(container, name):
    """The literal value of an env var, following configMapKeyRef; None when unset or from elsewhere."""
    for var in container.get("env", []):
        if var["name"] != name:
            continue
        if "value" in var:
            return str(var["value"])
        ref = var.get("valueFrom", {}).get("configMapKeyRef")
        if ref:
            return str(configmaps.get(ref["name"], {}).get(ref["key"]))
        return None
    return None


def labels_match(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


roles = {}
for w in workloads:
    where = name_of(w)
    spec = w["spec"]
    pod = spec["template"]["spec"]
    template_labels = spec["template"]["metadata"].get("labels", {})
    if not labels_match(spec["selector"].get("matchLabels", {}), template_labels):
        problem(where, "selector.matchLabels does not match the pod template's labels")
    pod_security = pod.get("securityContext", {})
    if pod_security.get("runAsNonRoot") is not True:
        problem(where, "pod securityContext.runAsNonRoot is not true")
    # A fresh PersistentVolume is owned by root; fsGroup lets the non-root user write to it.
    if (spec.get("volumeClaimTemplates") or any(v.get("persistentVolumeClaim") for v in pod.get("volumes", []))) \
            and "fsGroup" not in pod_security:
        problem(where, "mounts a persistent volume but sets no fsGroup")
    for c in pod["containers"]:
        cwhere = f"{where} container {c['name']}"
        command = c.get("command", []) + c.get("args", [])
        binary = command[0] if command else ""
        if not binary.startswith("fazhi-"):
            problem(cwhere, "command does not start a fazhi-* binary")
        roles[binary] = w
        if not c.get("image"):
            problem(cwhere, "no image")
        security = c.get("securityContext", {})
        if security.get("readOnlyRootFilesystem") is not True:
            problem(cwhere, "readOnlyRootFilesystem is not true")
        if security.get("allowPrivilegeEscalation") is not False:
            problem(cwhere, "allowPrivilegeEscalation is not false")
        for part in ("requests", "limits"):
            for resource in ("cpu", "memory"):
                if resource not in c.get("resources", {}).get(part, {}):
                    problem(cwhere, f"no resources.{part}.{resource}")
        for probe in ("readinessProbe", "livenessProbe"):
            probe_command = " ".join(c.get(probe, {}).get("exec", {}).get("command", []))
            if f"{binary} healthcheck" not in probe_command and not (
                    probe_command.startswith(binary) and " healthcheck" in probe_command):
                problem(cwhere, f"{probe} does not run `{binary} healthcheck`")
        ports = {p.get("name"): p["containerPort"] for p in c.get("ports", [])}
        port = env_value(c, "FAZHI_PORT")
        if port is None or int(port) not in ports.values():
            problem(cwhere, f"FAZHI_PORT ({port}) is not one of its containerPorts {sorted(ports.values())}")
        if env_value(c, "FAZHI_HOST") not in ("0.0.0.0", "::"):
            problem(cwhere, "FAZHI_HOST is not 0.0.0.0: the pod would listen on loopback only")
        for var in c.get("env", []):
            source = var.get("valueFrom", {})
            if "secretKeyRef" in source:
                ref = source["secretKeyRef"]
                if ref["key"] not in secrets.get(ref["name"], {}):
                    problem(cwhere, f"{var['name']}: Secret {ref['name']} has no key {ref['key']}")
            if "configMapKeyRef" in source:
                ref = source["configMapKeyRef"]
                if ref["key"] not in configmaps.get(ref["name"], {}):
                    problem(cwhere, f"{var['name']}: ConfigMap {ref['name']} has no key {ref['key']}")
        if not any(v["name"] == "FAZHI_TOKEN" and "secretKeyRef" in v.get("valueFrom", {}) for v in c.get("env", [])):
            problem(cwhere, "FAZHI_TOKEN does not come from a Secret")
        grace = grace_from_args(command)
        pre_stop = c.get("lifecycle", {}).get("preStop", {})
        pre_stop_command = pre_stop.get("exec", {}).get("command", [])
        pre_stop_seconds = int(pre_stop_command[1]) if pre_stop_command[:1] == ["sleep"] else int(
            pre_stop.get("sleep", {}).get("seconds", 0))
        termination = pod.get("terminationGracePeriodSeconds", 30)
        if termination <= grace + pre_stop_seconds:
            problem(where, f"terminationGracePeriodSeconds {termination} is not above preStop {pre_stop_seconds} s"
                           f" + --grace-period-seconds {grace}")

for hpa in find("HorizontalPodAutoscaler"):
    ref = hpa["spec"]["scaleTargetRef"]
    targets = find(ref["kind"], ref["name"])
    if not targets:
        problem(name_of(hpa), f"targets {ref['kind']}/{ref['name']}, which does not exist")
    elif ref["kind"] != "Deployment":
        problem(name_of(hpa), "autoscales a StatefulSet: shard and partition counts are fixed")
    elif "replicas" in targets[0]["spec"]:
        problem(name_of(targets[0]), "sets replicas although an HPA owns it (every apply would reset it)")

services = {s["metadata"]["name"]: s for s in find("Service")}
for s in services.values():
    selected = [w for w in workloads if labels_match(s["spec"].get("selector", {}), w["spec"]["template"]["metadata"].get("labels", {}))]
    if not selected:
        problem(name_of(s), "its selector matches no workload")
        continue
    port_names = {p.get("name") for c in selected[0]["spec"]["template"]["spec"]["containers"] for p in c.get("ports", [])}
    for p in s["spec"]["ports"]:
        target = p.get("targetPort", p["port"])
        if isinstance(target, str) and target not in port_names:
            problem(name_of(s), f"targetPort {target} is no port name of {name_of(selected[0])}")

for pdb in find("PodDisruptionBudget"):
    selector = pdb["spec"].get("selector", {}).get("matchLabels", {})
    if not any(labels_match(selector, w["spec"]["template"]["metadata"].get("labels", {})) for w in workloads):
        problem(name_of(pdb), "its selector matches no workload")

for kind, binary in [("Deployment", "fazhi-parser"), ("Deployment", "fazhi-gateway"),
                     ("StatefulSet", "fazhi-indexer"), ("StatefulSet", "fazhi-aggregator")]:
    if binary not in roles:
        problem("kubernetes", f"no workload runs {binary}")
    elif roles[binary]["kind"] != kind:
        problem(name_of(roles[binary]), f"{binary} should run in a {kind}")

gateway = roles.get("fazhi-gateway")
gateway_container = gateway["spec"]["template"]["spec"]["containers"][0] if gateway else None

# Shards and partitions: replicas, counts, stable names, and the gateway's ordered lists.
for binary, index_var, count_var, list_var in [
        ("fazhi-indexer", "FAZHI_SHARD", "FAZHI_SHARD_COUNT", "FAZHI_INDEXERS"),
        ("fazhi-aggregator", "FAZHI_PARTITION", "FAZHI_PARTITION_COUNT", "FAZHI_AGGREGATORS")]:
    sts = roles.get(binary)
    if not sts or sts["kind"] != "StatefulSet":
        continue
    where = name_of(sts)
    spec = sts["spec"]
    container = spec["template"]["spec"]["containers"][0]
    replicas = spec.get("replicas", 1)
    if spec.get("podManagementPolicy") != "Parallel":
        problem(where, "podManagementPolicy is not Parallel")
    if not spec.get("volumeClaimTemplates"):
        problem(where, "no volumeClaimTemplates")
    else:
        claim = spec["volumeClaimTemplates"][0]["metadata"]["name"]
        mounts = {m["name"]: m["mountPath"] for m in container.get("volumeMounts", [])}
        if claim not in mounts:
            problem(where, f"volume claim {claim} is not mounted")
        elif env_value(container, "FAZHI_DATA_DIR") != mounts[claim]:
            problem(where, f"FAZHI_DATA_DIR is not the volume's mount path {mounts[claim]}")
    headless = services.get(spec.get("serviceName"))
    if not headless or headless["spec"].get("clusterIP") != "None":
        problem(where, f"serviceName {spec.get('serviceName')} is not a headless Service")
    index_source = next((v for v in container.get("env", []) if v["name"] == index_var), None)
    if not index_source or index_source.get("valueFrom", {}).get("fieldRef", {}).get("fieldPath") != "metadata.name":
        problem(where, f"{index_var} does not come from the pod name (metadata.name)")
    count = env_value(container, count_var)
    if count is None or int(count) != replicas:
        problem(where, f"replicas {replicas} differ from {count_var} {count}")
    if gateway_container is not None:
        port = int(env_value(container, "FAZHI_PORT"))
        name = sts["metadata"]["name"]
        expected = [f"{name}-{i}.{spec.get('serviceName')}:{port}" for i in range(replicas)]
        listed = (env_value(gateway_container, list_var) or "").split(",")
        if listed != expected:
            problem(name_of(gateway), f"{list_var} is {','.join(listed)}, expected {','.join(expected)}")

if gateway_container is not None and "fazhi-parser" in roles:
    parsers = (env_value(gateway_container, "FAZHI_PARSERS") or "").split(",")
    parser_labels = roles["fazhi-parser"]["spec"]["template"]["metadata"]["labels"]
    for entry in parsers:
        host, _, port = entry.rpartition(":")
        service = services.get(host.split(".")[0])
        if not service or service["spec"].get("clusterIP") != "None" or not labels_match(service["spec"]["selector"], parser_labels):
            problem(name_of(gateway), f"FAZHI_PARSERS entry {entry} is not a headless Service of the parsers")
        elif int(port) not in [p["port"] for p in service["spec"]["ports"]]:
            problem(name_of(gateway), f"FAZHI_PARSERS entry {entry}: the Service has no port {port}")

# ---------------------------------------------------------------- docker-compose.yml
compose_path = deploy / "docker-compose.yml"
try:
    compose = yaml.safe_load(compose_path.read_text()) or {}
except (OSError, yaml.YAMLError) as error:
    problem("docker-compose.yml", f"cannot be read: {error}")
    compose = {}
services_c = compose.get("services", {}) or {}
declared_volumes = set((compose.get("volumes") or {}).keys())
for required in ("gateway", "parser"):
    if required not in services_c:
        problem("docker-compose.yml", f"no service {required}")
indexers_c = sorted(n for n in services_c if n.startswith("indexer"))
aggregators_c = sorted(n for n in services_c if n.startswith("aggregator"))
if len(indexers_c) < 2:
    problem("docker-compose.yml", f"expected at least 2 indexer shard services, found {indexers_c}")
if len(aggregators_c) < 1:
    problem("docker-compose.yml", "no aggregator service")
parser_c = services_c.get("parser", {})
if parser_c and (parser_c.get("deploy") or {}).get("replicas", 1) < 3:
    problem("docker-compose.yml", "parser: expected deploy.replicas >= 3")


def compose_env(service):
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


# Key names, so that a typo (healtcheck:, depend_on:) fails here even without a compose CLI.
COMPOSE_TOP_KEYS = {"name", "services", "volumes", "networks", "secrets", "configs", "include", "version", "models"}
COMPOSE_SERVICE_KEYS = set("""
annotations attach blkio_config build cap_add cap_drop cgroup cgroup_parent command configs container_name
cpu_count cpu_percent cpu_period cpu_quota cpu_rt_period cpu_rt_runtime cpu_shares cpus cpuset credential_spec
depends_on deploy develop device_cgroup_rules devices dns dns_opt dns_search domainname driver_opts entrypoint
env_file environment expose extends external_links extra_hosts gpus group_add healthcheck hostname image init
ipc isolation labels label_file links logging mac_address mem_limit mem_reservation mem_swappiness
memswap_limit models network_mode networks oom_kill_disable oom_score_adj pid pids_limit platform ports
post_start pre_stop privileged profiles provider pull_policy read_only restart runtime scale secrets
security_opt shm_size stdin_open stop_grace_period stop_signal storage_opt sysctls tmpfs tty ulimits
use_api_socket user userns_mode uts volumes volumes_from working_dir""".split())
COMPOSE_HEALTHCHECK_KEYS = {"test", "interval", "timeout", "retries", "start_period", "start_interval", "disable"}
for key in compose:
    if key not in COMPOSE_TOP_KEYS and not str(key).startswith("x-"):
        problem("docker-compose.yml", f"unknown top-level key {key}")
for name, service in services_c.items():
    for key in service:
        if key not in COMPOSE_SERVICE_KEYS and not str(key).startswith("x-"):
            problem(f"docker-compose.yml service {name}", f"unknown key {key}")
    for key in service.get("healthcheck") or {}:
        if key not in COMPOSE_HEALTHCHECK_KEYS:
            problem(f"docker-compose.yml service {name}", f"unknown healthcheck key {key}")

for name, service in services_c.items():
    where = f"docker-compose.yml service {name}"
    if not service.get("image") and not service.get("build"):
        problem(where, "neither image nor build")
    command = service.get("command") or []
    if isinstance(command, str):
        command = shlex.split(command)
    binary = command[0] if command else ""
    if not binary.startswith("fazhi-"):
        problem(where, "command does not start a fazhi-* binary")
    test = service.get("healthcheck", {}).get("test") or []
    test_text = " ".join(test) if isinstance(test, list) else str(test)
    if "healthcheck" not in test_text or (binary and binary not in test_text):
        problem(where, f"healthcheck does not run `{binary} healthcheck`")
    env = compose_env(service)
    if "FAZHI_PORT" not in env:
        problem(where, "FAZHI_PORT is not set (the healthcheck finds the service through it)")
    env_files = service.get("env_file") or []
    env_files = [env_files] if isinstance(env_files, (str, dict)) else env_files
    env_files = [f["path"] if isinstance(f, dict) else f for f in env_files]
    if "fazhi.env" not in env_files:
        problem(where, "does not read the shared token from env_file fazhi.env")
    for dependency, condition in (service.get("depends_on") or {}).items() if isinstance(service.get("depends_on"), dict) else []:
        if dependency not in services_c:
            problem(where, f"depends on {dependency}, which does not exist")
        elif (condition or {}).get("condition") != "service_healthy":
            problem(where, f"depends on {dependency} without condition: service_healthy")
        elif not services_c[dependency].get("healthcheck"):
            problem(where, f"waits for {dependency} to be healthy, but it has no healthcheck")
    if isinstance(service.get("depends_on"), list):
        problem(where, "depends_on is a list: use the long form with condition: service_healthy")
    for volume in service.get("volumes") or []:
        source = volume.split(":", 1)[0] if isinstance(volume, str) else volume.get("source", "")
        if source and not source.startswith((".", "/", "~")) and source not in declared_volumes:
            problem(where, f"named volume {source} is not declared under volumes:")
    if binary in ("fazhi-indexer", "fazhi-aggregator") and not service.get("volumes"):
        problem(where, "keeps its data in no volume")
    grace = grace_from_args(command)
    stop = duration_seconds(service.get("stop_grace_period", "10s"))
    if stop <= grace:
        problem(where, f"stop_grace_period {stop:g}s is not above --grace-period-seconds {grace}")

gateway_c = services_c.get("gateway")
if gateway_c:
    env = compose_env(gateway_c)
    ports = [str(p) for p in gateway_c.get("ports") or []]
    if not any(p.endswith("7100:7100") for p in ports):
        problem("docker-compose.yml gateway", "port 7100 is not published")
    for list_var, names, index_var in [("FAZHI_INDEXERS", indexers_c, "FAZHI_SHARD"),
                                       ("FAZHI_AGGREGATORS", aggregators_c, "FAZHI_PARTITION")]:
        by_index = {}
        for n in names:
            e = compose_env(services_c[n])
            by_index[int(e.get(index_var, -1))] = f"{n}:{e.get('FAZHI_PORT')}"
            if int(e.get(index_var + "_COUNT", -1)) != len(names):
                problem(f"docker-compose.yml service {n}", f"{index_var}_COUNT is not {len(names)}")
        expected = [by_index.get(i, "?") for i in range(len(names))]
        if env.get(list_var, "").split(",") != expected:
            problem("docker-compose.yml gateway", f"{list_var} is {env.get(list_var)}, expected {','.join(expected)}")
    for entry in env.get("FAZHI_PARSERS", "").split(","):
        if entry.rpartition(":")[0] not in services_c:
            problem("docker-compose.yml gateway", f"FAZHI_PARSERS entry {entry} names no service")

env_example = deploy / "fazhi.env.example"
if not env_example.exists() or "FAZHI_TOKEN=" not in env_example.read_text():
    problem("fazhi.env.example", "missing, or sets no FAZHI_TOKEN")

# ---------------------------------------------------------------- Dockerfile
dockerfile_path = deploy / "Dockerfile"
dockerfile = dockerfile_path.read_text() if dockerfile_path.exists() else ""
if not dockerfile:
    problem("Dockerfile", "missing")
else:
    if len(re.findall(r"^FROM ", dockerfile, re.M)) < 2:
        problem("Dockerfile", "is not multi-stage")
    if "--static-swift-stdlib" not in dockerfile:
        problem("Dockerfile", "does not build with --static-swift-stdlib")
    for product in ("fazhi", "fazhi-parser", "fazhi-indexer", "fazhi-aggregator", "fazhi-gateway"):
        if not re.search(rf"(?<![\w-]){re.escape(product)}(?![\w-])", dockerfile):
            problem("Dockerfile", f"does not install {product}")
    if ".resources" not in dockerfile:
        problem("Dockerfile", "does not copy the resource bundles (*.resources) next to the executables")
    user = re.findall(r"^USER\s+(\S+)", dockerfile, re.M)
    if not user or user[-1].split(":")[0] in ("root", "0"):
        problem("Dockerfile", "the final stage does not switch to a non-root USER")
    for package in ("zlib1g", "libprotobuf-c1", "ca-certificates"):
        if package not in dockerfile:
            problem("Dockerfile", f"the runtime stage does not install {package}")

# ---------------------------------------------------------------- systemd units
units = sorted((deploy / "systemd").glob("*.service"))
expected_units = {"fazhi-gateway.service", "fazhi-parser@.service", "fazhi-indexer@.service", "fazhi-aggregator@.service"}
missing = expected_units - {u.name for u in units}
if missing:
    problem("systemd", f"missing units {sorted(missing)}")
for unit in units:
    settings = {}
    for line in unit.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith(("#", ";", "[")) and "=" in line:
            key, value = line.split("=", 1)
            settings.setdefault(key.strip(), []).append(value.strip())
    where = f"systemd/{unit.name}"
    exec_start = " ".join(settings.get("ExecStart", []))
    if not exec_start:
        problem(where, "no ExecStart")
        continue
    grace = grace_from_args(shlex.split(exec_start))
    stop = duration_seconds(settings.get("TimeoutStopSec", ["90s"])[-1])
    if stop <= grace:
        problem(where, f"TimeoutStopSec {stop:g}s is not above --grace-period-seconds {grace}")
    required = {"KillSignal": "SIGTERM", "Restart": "on-failure", "NoNewPrivileges": "yes", "ProtectSystem": "strict"}
    for key, value in required.items():
        if settings.get(key, [None])[-1] != value:
            problem(where, f"{key}={value} is not set")
    if settings.get("DynamicUser", ["no"])[-1] != "yes" and not settings.get("User"):
        problem(where, "runs as root: set DynamicUser=yes or User=")
    if not any(f.lstrip("-") == "/etc/fazhi/fazhi.env" for f in settings.get("EnvironmentFile", [])):
        problem(where, "does not read /etc/fazhi/fazhi.env")
    if "@." in unit.name and "%i" not in exec_start:
        problem(where, "is a template but ExecStart does not use the instance (%i)")
    if ("indexer" in unit.name or "aggregator" in unit.name) and not settings.get("StateDirectory"):
        problem(where, "no StateDirectory for the durable data")
if not (deploy / "systemd" / "fazhi.env.example").exists():
    problem("systemd", "no fazhi.env.example")

if problems:
    for p in problems:
        print(f"FAIL: {p}", file=sys.stderr)
    sys.exit(1)
print(f"ok: {len(objects)} Kubernetes objects, {len(services_c)} compose services, {len(units)} systemd units consistent",
      file=sys.stderr)
PY
then
    fail "consistency checks (listed above)"
fi

# --- docker compose config ----------------------------------------------------------------------
step "docker compose config"
compose_cli=()
if docker compose version >/dev/null 2>&1; then
    compose_cli=(docker compose)
elif command -v docker-compose >/dev/null && docker-compose version >/dev/null 2>&1; then
    compose_cli=(docker-compose)
fi
if [ ${#compose_cli[@]} -eq 0 ]; then
    skip "no docker compose CLI installed: the compose file was checked structurally only"
else
    # A copy, with the example env file standing in for the (secret, uncommitted) fazhi.env.
    mkdir -p "$work/compose"
    cp -R "$deploy_dir" "$work/compose/deploy"
    [ -f "$work/compose/deploy/fazhi.env" ] || cp "$deploy_dir/fazhi.env.example" "$work/compose/deploy/fazhi.env"
    if "${compose_cli[@]}" -f "$work/compose/deploy/docker-compose.yml" config --quiet >"$work/compose.log" 2>&1; then
        echo "ok: ${compose_cli[*]} config" >&2
    else
        cat "$work/compose.log" >&2
        fail "${compose_cli[*]} config rejects docker-compose.yml"
    fi
fi

# --- systemd-analyze verify ---------------------------------------------------------------------
step "systemd-analyze verify"
if ! command -v systemd-analyze >/dev/null; then
    skip "systemd-analyze is not installed: the units were checked structurally only"
else
    # The executables are not installed here: point ExecStart at stand-ins, and instantiate the
    # templates (verify wants instances).
    mkdir -p "$work/units" "$work/bin"
    for binary in fazhi fazhi-gateway fazhi-parser fazhi-indexer fazhi-aggregator; do
        printf '#!/bin/sh\nexit 0\n' >"$work/bin/$binary"
        chmod +x "$work/bin/$binary"
    done
    to_verify=()
    for unit in "$deploy_dir"/systemd/*.service "$deploy_dir"/systemd/*.target; do
        [ -e "$unit" ] || continue
        name=$(basename "$unit")
        case $name in
            fazhi-parser@.service) instance=7101 ;;
            *@.service) instance=0 ;;
            *) instance="" ;;
        esac
        sed "s#/usr/local/bin/#$work/bin/#g" "$unit" >"$work/units/$name"
        if [ -n "$instance" ]; then
            cp "$work/units/$name" "$work/units/${name/@./@$instance.}"
            to_verify+=("$work/units/${name/@./@$instance.}")
        else
            to_verify+=("$work/units/$name")
        fi
    done
    if (cd "$work/units" && systemd-analyze verify --man=no "${to_verify[@]}") >"$work/verify.log" 2>&1 \
        && ! grep -q . "$work/verify.log"; then
        echo "ok: systemd-analyze verify, ${#to_verify[@]} units" >&2
    else
        sed "s#$work/units/##g" "$work/verify.log" >&2
        fail "systemd-analyze verify reports problems in the units"
    fi
fi

elapsed=$(($(date +%s) - start))
if [ "$failures" -gt 0 ]; then
    echo "validate-deploy: $failures check(s) failed (${elapsed} s)" >&2
    exit 1
fi
echo "validate-deploy: all checks passed (${elapsed} s)" >&2
