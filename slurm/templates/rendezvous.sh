# --- slurm-llm: the rendezvous file, with the proof that this job wrote it ---------------------
# Included into the templates of servers that cannot write it themselves (vLLM, llama-server).
# "host port proof": the proof is HMAC-SHA256 of "host port replica-id" under the replica's key,
# which only this job has; the gateway ignores a file without it (another user's forgery). Only
# shell builtins see the key: printf feeds the padded key to sha256sum on its stdin, so it is on
# no command line a user of the node could read.
slurmllm_hmac_sha256() { # key message: prints the hex HMAC
  local key=$1 message=$2 i c ipad='' opad='' inner
  if ((${#key} > 64)); then
    echo "slurm-llm: a replica key longer than 64 bytes" >&2
    return 1
  fi
  for ((i = 0; i < 64; i++)); do
    c=0
    if ((i < ${#key})); then printf -v c '%d' "'${key:i:1}"; fi
    printf -v ipad '%s\\x%02x' "$ipad" $((c ^ 0x36))
    printf -v opad '%s\\x%02x' "$opad" $((c ^ 0x5c))
  done
  inner=$({ printf "$ipad"; printf '%s' "$message"; } | sha256sum)
  inner=${inner%% *}
  { printf "$opad"; printf "$(sed 's/../\\x&/g' <<<"$inner")"; } | sha256sum | cut -d' ' -f1
}

# publish_endpoint host port: the rendezvous file, written aside and renamed (never half-read)
publish_endpoint() {
  local file="$SLURMLLM_RENDEZVOUS_DIR/$SLURMLLM_REPLICA_ID.endpoint" line="$1 $2"
  if [ -n "${slurmllm_replica_key:-}" ]; then
    line+=" $(slurmllm_hmac_sha256 "$slurmllm_replica_key" "$1 $2 $SLURMLLM_REPLICA_ID")"
  fi
  printf '%s\n' "$line" >"$file.tmp"
  mv "$file.tmp" "$file"
}
