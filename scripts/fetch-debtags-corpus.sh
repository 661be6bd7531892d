#!/usr/bin/env bash
# Fetches the Debian debtags corpus into a folder (default: target/debtags-corpus):
#   corpus.tsv   a fixed seeded sample of packages: name, long description, text-derived debtags
#   vocabulary   the debtags vocabulary (tag descriptions), from the debtags package
# Uses apt with a private lists folder (the machine's apt state is untouched) and Debian's mirrors as
# configured in /etc/apt; works as root or as a user with write access to the folder.
# Usage: scripts/fetch-debtags-corpus.sh [OUT-DIR] [SAMPLE-SIZE]
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mkdir -p "${1:-target/debtags-corpus}" && cd "${1:-target/debtags-corpus}" && pwd)
size=${2:-1200}
lists="$out/lists"
mkdir -p "$lists/partial"
# Translation-en holds the long descriptions; Docker images often switch languages off, so ask for it.
apt-get -q -o Dir::State::Lists="$lists" -o Acquire::Languages=en -o APT::Get::List-Cleanup=0 \
  -o Debug::NoLocking=1 update >/dev/null
pick() { ls "$lists"/*_dists_*[a-z]_main_"$1"* | grep -v -- '-updates_\|-security_' | head -1; }
/usr/lib/apt/apt-helper cat-file "$(pick binary-amd64_Packages)" > "$out/Packages"
/usr/lib/apt/apt-helper cat-file "$(pick i18n_Translation-en)" > "$out/Translation-en"
(cd "$out" && rm -f debtags_*.deb && apt-get -q -o Dir::State::Lists="$lists" download debtags >/dev/null 2>&1 \
  && dpkg-deb --fsys-tarfile debtags_*.deb | tar -xO ./usr/share/debtags/vocabulary > vocabulary)
scripts/test-main.sh io.graphdrive.tagging.DebtagsCorpus "$out/Packages" "$out/Translation-en" "$out" "$size"
echo "corpus in $out: $(wc -l < "$out/corpus.tsv") packages, vocabulary of $(grep -c '^Tag:' "$out/vocabulary") tags"
