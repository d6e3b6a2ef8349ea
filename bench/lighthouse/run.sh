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
lighthouse_pid=
# Besides what common.sh stops: a Lighthouse run (SIGINT makes it close its browser).
lighthouse_cleanup() {
  if [[ -n $lighthouse_pid ]]; then
    kill -INT "$lighthouse_pid" 2>/dev/null && wait "$lighthouse_pid" 2>/dev/null || true
  fi
  bench_cleanup
}
trap lighthouse_cleanup EXIT
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
misses=()
for page in $pages; do
  path=${paths[$page]}
  echo "Lighthouse: $page ($path)…" >&2
  # Lighthouse starts the browser with a profile of its own under /tmp and closes both when it ends or gets SIGINT
  # (a hung run, or this script interrupted). In the background, so that an interruption is handled at once.
  timeout -s INT 300 "$lighthouse" "$base$path" --quiet --output=json --output-path="$reports/$page.json" \
    --only-categories=performance,accessibility,best-practices,seo --chrome-flags="$chrome_flags" \
    --max-wait-for-load=60000 >&2 &
  lighthouse_pid=$!
  wait "$lighthouse_pid"
  lighthouse_pid=
  # One line of scores, then the weighted audits below 100 (what to look at first).
  summary=$(node -e '
    const [file, page, path] = process.argv.slice(1);
    const r = JSON.parse(require("fs").readFileSync(file, "utf8"));
    if (r.runtimeError) { console.error(`Lighthouse could not measure ${page}: ${r.runtimeError.message}`); process.exit(1); }
    const score = id => r.categories[id].score === null ? "n/a" : String(Math.round(r.categories[id].score * 100));
    console.log([page, path, score("performance"), score("accessibility"), score("best-practices"), score("seo"),
      Math.round(r.audits["total-blocking-time"].numericValue) + " ms", r.environment.benchmarkIndex].join("\t"));
    const below = new Map();
    for (const category of Object.values(r.categories))
      for (const ref of category.auditRefs) {
        const audit = r.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1)
          below.set(ref.id, `${ref.id} ${Math.round(audit.score * 100)}${audit.displayValue ? " (" + audit.displayValue + ")" : ""}`);
      }
    console.log(`${page}: ${[...below.values()].join(", ") || "none"}`);
  ' "$reports/$page.json" "$page" "$path")
  rows+=("$(head -n 1 <<<"$summary")")
  misses+=("$(tail -n 1 <<<"$summary")")
done

echo
echo "Lighthouse $version, mobile, $("$CHROME_PATH" --version 2>/dev/null), demo content ($(nproc) cores, load average before the run: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg))"
{
  printf 'page\tpath\tperformance\taccessibility\tbest practices\tSEO\ttotal blocking time\tCPU index\n'
  printf '%s\n' "${rows[@]}"
} | column -t -s $'\t'
echo "CPU index: Lighthouse's own measure of this machine's speed during the run (higher is faster). A busy machine"
echo "lowers it, and with it the performance score; the report's runWarnings say when the CPU was slower than expected."
echo
echo "Weighted audits below 100:"
printf '  %s\n' "${misses[@]}"
echo "Reports: $reports"
