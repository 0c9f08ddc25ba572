# --- slurm-llm: the model's server, in the model's container when it names one ----------------
# Included into the job templates where they say "# @include container.sh" (the job script stays
# one self-contained file). SLURMLLM_CONTAINER_RUNTIME is podman, apptainer or empty (no
# container); SLURMLLM_IMAGE the image.
#
# podman: the container runs outside the job (conmon double-forks and leaves SLURM's process
# tracking; with cgroupfs the container leaves the job's cgroup too), and SLURM's SIGTERM kills
# podman's signal forwarding before it forwards anything: a plain `podman run` keeps running after
# scancel. So: a trap stops the container when the job ends however it ends; the container's stdin
# is a pipe held open by a process of the job and the watchdog inside stops the server when it
# closes (SLURM's final SIGKILL included); every container is labelled with its job for the sweep (slurm/container/sweep).
# Memory and CPUs are passed to podman explicitly: the job's cgroup no longer holds them.
# apptainer: `apptainer exec` runs inside the job's process tree and cgroup: SLURM's signals and
# limits reach it as they reach any process.

slurmllm_watchdog=$(
  cat <<'WATCHDOG'
# @include watchdog.sh
WATCHDOG
)
slurmllm_containers=0
slurmllm_keepers=()
if [ -n "${SLURMLLM_CONTAINERS_CONF:-}" ]; then export CONTAINERS_CONF="$SLURMLLM_CONTAINERS_CONF"; fi

# The job's GPUs by their index on the node: SLURM_JOB_GPUS, else CUDA_VISIBLE_DEVICES.
slurmllm_gpus() {
  local gpus=${SLURM_JOB_GPUS:-${CUDA_VISIBLE_DEVICES:-}}
  [ "$gpus" = NoDevFiles ] && gpus=
  printf '%s' "${gpus//,/ }"
}

# podman's options for a container of this job: host network, the job's directories at the same
# paths, its memory and CPUs, its GPUs by CDI, the environment the server needs (by name: values,
# the replica's key among them, never appear on a command line).
slurmllm_podman_options() {
  local dirs=("$PWD") ro_dirs=() d f name i=0 visible=()
  for f in "${SLURMLLM_CHUNK_INPUT:-}" "${SLURMLLM_CHUNK_OUTPUT:-}"; do
    [ -n "$f" ] && [ -d "${f%/*}" ] && dirs+=("${f%/*}")
  done
  [ -n "${SLURMLLM_RENDEZVOUS_DIR:-}" ] && [ -d "$SLURMLLM_RENDEZVOUS_DIR" ] && dirs+=("$SLURMLLM_RENDEZVOUS_DIR")
  # the worker's jar and weights given as a path on the node (a file or a directory): read-only
  f=${SLURMLLM_WORKER_JAR:-}
  [ -n "$f" ] && [ -d "${f%/*}" ] && ro_dirs+=("${f%/*}")
  if [[ "${SLURMLLM_WEIGHTS:-}" == /* ]] && [ -e "$SLURMLLM_WEIGHTS" ]; then
    if [ -d "$SLURMLLM_WEIGHTS" ]; then ro_dirs+=("$SLURMLLM_WEIGHTS"); else ro_dirs+=("${SLURMLLM_WEIGHTS%/*}"); fi
  fi
  # each path once (podman refuses a mount point twice); writable wins
  mapfile -t dirs < <(printf '%s\n' "${dirs[@]}" | sort -u)
  for d in "${dirs[@]}"; do opts+=(--volume "$d:$d"); done
  mapfile -t ro_dirs < <(printf '%s\n' ${ro_dirs[@]+"${ro_dirs[@]}"} | sort -u | grep -v '^$' || true)
  for d in ${ro_dirs[@]+"${ro_dirs[@]}"}; do
    printf '%s\n' "${dirs[@]}" | grep -qxF -- "$d" || opts+=(--volume "$d:$d:ro")
  done
  # the host's IPC namespace: vLLM's workers share tensors through /dev/shm, which podman would
  # otherwise make 64 MB
  opts+=(--network host --ipc host --workdir "$PWD" --stop-timeout 3 --label "slurm_job=${SLURM_JOB_ID:-none}"
    --label "slurmllm.model=${SLURMLLM_MODEL:-}")
  # the job's own limits, not podman's defaults: it asks for more open files than a job without
  # CAP_SYS_RESOURCE may set, and the runtime then refuses to start (nproc above 32768 the same)
  local nofile nproc
  nofile=$(ulimit -Hn)
  [ "$nofile" = unlimited ] && nofile=1048576
  nproc=$(ulimit -Hu)
  if [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ]; then nproc=32768; fi
  opts+=(--ulimit "nofile=$nofile:$nofile" --ulimit "nproc=$nproc:$nproc")
  [ -n "${SLURM_MEM_PER_NODE:-}" ] && opts+=(--memory "${SLURM_MEM_PER_NODE}m")
  [ -n "${SLURM_CPUS_PER_TASK:-}" ] && opts+=(--cpus "$SLURM_CPUS_PER_TASK")
  for name in $(compgen -e); do
    case "$name" in SLURMLLM_* | SLURM_* | VLLM_* | LLAMA_* | HF_* | HUGGING_FACE_*) opts+=(--env "$name") ;; esac
  done
  # GPUs untested here (no GPU): each by CDI (nvidia-container-toolkit's spec), renumbered from 0
  for d in $(slurmllm_gpus); do
    opts+=(--device "nvidia.com/gpu=$d")
    visible+=("$i")
    i=$((i + 1))
  done
  if [ ${#visible[@]} -gt 0 ]; then
    opts+=(--env "CUDA_VISIBLE_DEVICES=$(
      IFS=,
      echo "${visible[*]}"
    )")
  fi
}

# Stops every container this job started, then what the job still runs (podman's client, the
# sleeps that hold the containers' stdin).
slurmllm_stop_containers() {
  local n
  for n in $(seq 1 "$slurmllm_containers"); do
    podman stop -t 3 --ignore "slurmllm-${SLURM_JOB_ID:-$$}-$n" >/dev/null 2>&1 || true
    podman rm -f --ignore "slurmllm-${SLURM_JOB_ID:-$$}-$n" >/dev/null 2>&1 || true
  done
  kill ${slurmllm_keepers[@]+"${slurmllm_keepers[@]}"} $(jobs -p) 2>/dev/null || true
}

# start_server CMD...: starts CMD in the background, in the model's container when it names one;
# $server is then what to wait for. The caller's trap should call stop_server.
start_server() {
  case "${SLURMLLM_CONTAINER_RUNTIME:-}" in
    "")
      "$@" &
      server=$!
      ;;
    podman)
      local opts=() name
      slurmllm_containers=$((slurmllm_containers + 1))
      name="slurmllm-${SLURM_JOB_ID:-$$}-$slurmllm_containers"
      slurmllm_podman_options
      podman rm -f --ignore "$name" >/dev/null 2>&1 || true
      # the container's stdin: a pipe whose only writer is a sleep of this job (not a pipeline:
      # bash would wait for its sleep too); when the job ends, killed however, the pipe closes
      local keep
      exec {keep}< <(exec sleep infinity)
      slurmllm_keepers+=($!)
      podman run --interactive --rm --name "$name" "${opts[@]}" \
        --entrypoint /bin/sh "$SLURMLLM_IMAGE" -c "$slurmllm_watchdog" slurmllm-watchdog "$@" <&"$keep" &
      server=$!
      exec {keep}<&-
      ;;
    apptainer)
      local binds=("$PWD")
      [ -n "${SLURMLLM_RENDEZVOUS_DIR:-}" ] && binds+=("$SLURMLLM_RENDEZVOUS_DIR")
      [[ "${SLURMLLM_WEIGHTS:-}" == /* ]] && [ -e "$SLURMLLM_WEIGHTS" ] && binds+=("${SLURMLLM_WEIGHTS%/*}")
      apptainer exec --nv --bind "$(
        IFS=,
        echo "${binds[*]}"
      )" "$SLURMLLM_IMAGE" "$@" &
      server=$!
      ;;
    *)
      echo "unknown container runtime '$SLURMLLM_CONTAINER_RUNTIME'" >&2
      return 1
      ;;
  esac
}

# Stops the server and its container (from the caller's trap: scancel, time limit, exit).
stop_server() {
  trap '' TERM INT # a second TERM (SLURM sends more) must not cut the clean-up short
  if [ -n "${server:-}" ]; then kill "$server" 2>/dev/null || true; fi
  if [ "$slurmllm_containers" -gt 0 ]; then slurmllm_stop_containers; fi
  return 0
}

# run_server CMD...: runs CMD to its end, in the model's container when it names one (the job ends
# with it: call it last); the container is stopped if the job is ended first.
run_server() {
  if [ -z "${SLURMLLM_CONTAINER_RUNTIME:-}" ]; then
    exec "$@" # no container: the job's process is the server itself
  fi
  trap 'trap - EXIT; stop_server' TERM INT EXIT
  start_server "$@"
  local code=0
  wait "$server" || code=$?
  trap '' TERM INT # the server ended: clean up without being cut short
  trap - EXIT
  slurmllm_stop_containers
  return "$code"
}
# --- end of container.sh --------------------------------------------------------------------------
