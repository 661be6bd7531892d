#!/bin/sh
# Builds the mixed documentation folder of BENCHMARKS.md (about 100 Markdown, HTML, Python, text and
# PDF files) from Debian 12 packages, with apt-get download and dpkg-deb (no root needed, nothing installed).
# Usage: scripts/phrase-corpus.sh [folder]   (default /tmp/phrase-corpus)
set -eu
out=${1:-/tmp/phrase-corpus}
work=$(mktemp -d)
cd "$work"
apt-get download -q python3-yaml python3-httplib2 python3-websocket python3-requests python3-markdown \
  debian-faq debian-reference-en gnuplot-doc git-doc zstd containerd libsdl2-2.0-0 procps >/dev/null 2>&1
for d in *.deb; do dpkg-deb -x "$d" x; done
find x -type f \( -name '*.md.gz' -o -name '*.pdf.gz' \) -exec gunzip -f {} +
# Evenly spaced picks from the sorted list of each extension, so every package contributes.
pick() {
  find x -type f -name "*.$1" | sort | awk -v n="$2" '
    { a[NR] = $0 }
    END { step = NR > n ? NR / n : 1; for (i = 1; i <= NR && c < n; i += step) { print a[int(i)]; c++ } }'
}
mkdir -p "$out"
{ pick md 20; pick pdf 4; pick py 35; pick html 35; pick txt 10; } | while read -r f; do
  cp "$f" "$out/$(echo "${f#x/}" | tr / _)"
done
rm -rf "$work"
echo "$(ls "$out" | wc -l) files in $out"
