#!/usr/bin/env bash
# Lays out and packs the release the build has made the parts of: the launcher (the same script a checkout
# runs), the CLI's and its modules' jars, the jlink'd runtime, completion and man pages, the licence and the
# README. Called by the build: archive.sh TARGET_DIR VERSION REPOSITORY_ROOT.
set -euo pipefail
target="$1" version="$2" root="$3"
name="udpkit-$version"
dir="$target/release/$name"

mkdir -p "$dir/bin" "$dir/lib"
cp "$root/udpkit" "$dir/bin/udpkit"
chmod 755 "$dir/bin/udpkit"
# The launcher finds the CLI's jar by this name; the others keep theirs (HdrHistogram's names its module).
cp "$target/udpkit-cli-$version.jar" "$dir/lib/udpkit-cli.jar"
cp "$target"/lib/*.jar "$dir/lib/"
cp "$root/LICENSE" "$root/README.md" "$dir/"

case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64) arch=aarch64 ;;
  *) arch="$(uname -m)" ;;
esac
tar -C "$target/release" -czf "$target/$name-linux-$arch.tar.gz" "$name"
