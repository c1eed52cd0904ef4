#!/bin/sh
# enter-container.sh SCRATCH [HOST_DIR CONTAINER_PATH]... -- NAME=VALUE... COMMAND [ARG]...
#
# Run by `unshare --mount`: every mount below is private to this process and the command it becomes.
# Each HOST_DIR is bind-mounted read-only at its CONTAINER_PATH (the injected absolute path), then the
# command runs with exactly NAME=VALUE... as its environment (env -i). A container path whose parent
# does not exist gets it from an overlay (upper layer on a tmpfs at SCRATCH), so the host's
# filesystem is never written to.
set -eu
scratch=$1
shift
mount -t tmpfs acceptance-scratch "$scratch"
overlays=""
layers=0

under_overlay() {
  for overlay in $overlays; do
    case "$1/" in "$overlay"/*) return 0 ;; esac
  done
  return 1
}

while [ "$1" != "--" ]; do
  source=$1
  target=$2
  shift 2
  if [ ! -d "$target" ]; then
    parent=$(dirname "$target")
    while [ ! -d "$parent" ]; do parent=$(dirname "$parent"); done
    parent=$(realpath "$parent")
    if ! under_overlay "$parent"; then
      if [ "$parent" = / ]; then
        echo "enter-container: $target: no parent directory other than / exists to lay an overlay on" >&2
        exit 125
      fi
      layers=$((layers + 1))
      mkdir "$scratch/upper$layers" "$scratch/work$layers"
      mount -t overlay acceptance-overlay -o "lowerdir=$parent,upperdir=$scratch/upper$layers,workdir=$scratch/work$layers" "$parent"
      overlays="$overlays $parent"
    fi
    mkdir -p "$target"
  fi
  mount --bind "$source" "$target"
  mount -o remount,bind,ro "$target"
done
shift
exec env -i "$@"
