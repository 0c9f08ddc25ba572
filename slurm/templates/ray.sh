# --- slurm-llm: a Ray cluster over the job's nodes, for vLLM (a replica or chunk) over several --
# vLLM's multi-node recipe: a Ray head on this (the job's first) node, a Ray worker on each other
# node (srun, one task per node), then `vllm serve` on the head with pipeline parallelism over the
# nodes and tensor parallelism over each node's GPUs (run-batch alike). Sets ray_args to the
# options for that; leaves it empty on one node. Needs `ray` on every node (vLLM's own dependency).
ray_args=()
slurmllm_ray_cluster() {
  local nodes=${SLURM_JOB_NUM_NODES:-1} head addr port others gpus joined
  [ "$nodes" -gt 1 ] || return 0
  gpus=${SLURM_GPUS_ON_NODE:-1}
  head=$(hostname)
  # the address the other nodes reach this one at (the node's name may resolve to 127.0.1.1 here)
  addr=$(getent ahostsv4 "$head" | awk '$1 !~ /^127\./ {print $1; exit}')
  [ -n "$addr" ] || addr=$(hostname -I | awk '{print $1}')
  port=$(free_port)
  srun --nodes=1 --ntasks=1 -w "$head" --overlap \
    ray start --head --node-ip-address="$addr" --port="$port" --num-gpus="$gpus" --block &
  for _ in $(seq 1 120); do (exec 3<>"/dev/tcp/$addr/$port") 2>/dev/null && break; sleep 1; done
  others=$(scontrol show hostnames "$SLURM_JOB_NODELIST" | grep -vx "$head" | paste -sd, -)
  srun --nodes=$((nodes - 1)) --ntasks=$((nodes - 1)) --ntasks-per-node=1 -w "$others" --overlap \
    ray start --address="$addr:$port" --num-gpus="$gpus" --block &
  # vllm serve only once every node joined (it would place the model on those there)
  for _ in $(seq 1 300); do
    joined=$(ray status --address="$addr:$port" 2>/dev/null | grep -c ' node_' || true)
    [ "${joined:-0}" -ge "$nodes" ] && break
    sleep 1
  done
  echo "Ray cluster at $addr:$port: ${joined:-0} of $nodes nodes joined"
  export RAY_ADDRESS="$addr:$port"
  ray_args=(--pipeline-parallel-size "$nodes" --distributed-executor-backend ray)
}
