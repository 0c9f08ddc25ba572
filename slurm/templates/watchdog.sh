#!/bin/sh
# slurm-llm's watchdog: PID 1's child inside a model server's container. Runs the server, passes
# TERM and INT on to it, and stops it when its stdin closes: podman's client (in the SLURM job) keeps
# the container's stdin open, so when SLURM kills the job, client and all, the stdin closes and the
# server stops (TERM, then KILL after 5 s) even though conmon, which runs the container, has
# escaped the job. POSIX sh: it runs in any image, the project's or a site's vLLM image. Only for
# podman with -i: on a closed stdin it stops the server at once.
exec 3<&0 # the stdin to watch: a background list's own stdin is /dev/null in sh
"$@" &
server=$!
stop() { kill -TERM "$server" 2>/dev/null; }
trap stop TERM INT
(
  cat <&3 >/dev/null # returns at EOF: the job that held the stdin is gone
  kill -TERM "$server" 2>/dev/null
  sleep 5
  kill -KILL "$server" 2>/dev/null
) &
watcher=$!
while :; do
  wait "$server" # returns early when a signal is trapped; the server may still run
  code=$?
  kill -0 "$server" 2>/dev/null || break # an exited server is gone once waited for
done
kill "$watcher" 2>/dev/null
exec 3<&-
exit "$code"
