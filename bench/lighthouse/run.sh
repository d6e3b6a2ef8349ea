#!/usr/bin/env bash
# A browser's view of the store: Lighthouse 12 in its default mobile mode (emulated phone, simulated slow 4G and a
# slower CPU) on the home page, an article, the shop and a product of a store seeded with the demo content. Prints
# the performance, accessibility, best practices and SEO scores and the total blocking time of each page, and keeps
# each page's JSON report in bench/results/lighthouse-<time>/ (git-ignored).
# Lighthouse (npm lighthouse@12.8.2; 13 needs a newer Node than 20) is installed on first use into
# bench/lighthouse/.tool/ (git-ignored). It drives Debian's Chromium (CHROME_PATH, default /usr/bin/chromium)
# headless, without sandbox and without background networking: this machine has no outside network.
# Scores depend on the machine: Lighthouse slows the page down from what this CPU does, so run it with the machine
# otherwise idle. Starts a throwaway PostgreSQL and the store (Release) on loopback and stops and deletes everything
# it started, even when interrupted.
# Env: BENCH_PAGES (any of "home article shop product", default all four), CHROME_PATH.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$repo/bench/lighthouse
cd "$repo"
# shellcheck source=bench/common.sh
source bench/common.sh

version=12.8.2
pages=${BENCH_PAGES:-home article shop product}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
tool=$here/.tool
lighthouse=$tool/node_modules/.bin/lighthouse

command -v node >/dev/null || { echo "error: node not found; Lighthouse $version needs Node 18 or 20" >&2; exit 1; }
[[ -x $CHROME_PATH ]] || pg_apt_install chromium
[[ -x $CHROME_PATH ]] || { echo "error: no Chromium at $CHROME_PATH" >&2; exit 1; }
for page in $pages; do
  [[ $page =~ ^(home|article|shop|product)$ ]] || { echo "error: unknown page '$page' in BENCH_PAGES" >&2; exit 1; }
done
if [[ ! -x $lighthouse ]] || [[ $("$lighthouse" --version) != "$version" ]]; then
  echo "Installing lighthouse@$version into $tool…" >&2
  mkdir -p "$tool"
  npm install --prefix "$tool" --no-audit --no-fund --loglevel=error "lighthouse@$version" >&2
fi

reports=$repo/bench/results/lighthouse-$(date +%Y%m%d-%H%M%S)
mkdir -p "$reports"

bench_begin lighthouse curl
bench_publish
bench_start_store 5580 / Seed__DemoContent=true

# The pages: the first article and the first product the store links to.
first_link() { curl -fsS "$base$1" | grep -o "href=\"$2/[a-z0-9-]*\"" | head -n 1 | sed 's/^href="//; s/"$//'; }
declare -A paths=([home]=/ [shop]=/shop)
paths[article]=$(first_link / /articles)
paths[product]=$(first_link /shop /products)
for page in $pages; do
  [[ -n ${paths[$page]} ]] || { echo "error: no $page link found (did the demo content seed?)" >&2; exit 1; }
  # Twice: the first request fills the page cache, as a visitor before this one would have.
  for _ in 1 2; do
    curl -fsS -o /dev/null "$base${paths[$page]}" || { echo "error: ${paths[$page]} did not answer 200" >&2; exit 1; }
  done
done

chrome_flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking --no-first-run --disable-extensions --disable-default-apps --disable-component-update --disable-sync --mute-audio"
rows=()
for page in $pages; do
  path=${paths[$page]}
  echo "Lighthouse: $page ($path)…" >&2
  # The profile folder is Lighthouse's own, under /tmp, and goes with the browser; a hung run is stopped.
  timeout 300 "$lighthouse" "$base$path" --quiet --output=json --output-path="$reports/$page.json" \
    --only-categories=performance,accessibility,best-practices,seo --chrome-flags="$chrome_flags" \
    --max-wait-for-load=60000 >&2
  rows+=("$(node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const score = id => r.categories[id].score === null ? "n/a" : String(Math.round(r.categories[id].score * 100));
    const tbt = r.audits["total-blocking-time"].numericValue;
    const failed = Object.values(r.categories).flatMap(c => c.auditRefs)
      .filter(a => a.weight > 0 && r.audits[a.id].score !== null && r.audits[a.id].score < 1).map(a => a.id);
    if (r.runtimeError) { console.error("Lighthouse error on " + process.argv[2] + ": " + r.runtimeError.message); process.exit(1); }
    console.log([process.argv[2], process.argv[3], score("performance"), score("accessibility"), score("best-practices"),
      score("seo"), Math.round(tbt) + " ms", [...new Set(failed)].join(",") || "-"].join("\t"));
  ' "$reports/$page.json" "$page" "$path")")
done

echo
echo "Lighthouse $version, mobile, $(basename "$CHROME_PATH") $("$CHROME_PATH" --version 2>/dev/null | awk '{print $2}'), demo content ($(nproc) cores, load average before the run: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg))"
{
  printf 'page\tpath\tperformance\taccessibility\tbest practices\tSEO\ttotal blocking time\tweighted audits below 100\n'
  printf '%s\n' "${rows[@]}"
} | column -t -s $'\t'
echo "Reports: $reports"
