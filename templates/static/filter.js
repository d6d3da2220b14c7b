// Filter the task index by lead unit and by latest progress status, without a server. The choices live in
// ?lead= and ?status= so they can be shared; a row shows when it matches both.
document.documentElement.classList.add("js");
const form = document.getElementById("lead-filter");
const status = document.getElementById("filter-status");
const rows = Array.from(document.querySelectorAll("tr[data-lead]"));
const filters = [
  // ★ documents may star several leads: data-lead holds each lead's slug
  { param: "lead", select: document.getElementById("lead"), matches: (row, v) => row.dataset.lead.split(" ").includes(v) },
  { param: "status", select: document.getElementById("status"), matches: (row, v) => row.dataset.status === v },
].filter((f) => f.select); // an edition without progress reports has no status filter

function label(select) {
  return select.options[select.selectedIndex].text.replace(/\(\d+项\)$/, "");
}

function apply() {
  let shown = 0;
  for (const row of rows) {
    const match = filters.every((f) => !f.select.value || f.matches(row, f.select.value));
    row.hidden = !match;
    if (match) shown += 1;
  }
  const [lead, state] = filters.map((f) => (f.select.value ? label(f.select) : ""));
  const what = [lead ? `${lead}牵头` : "", state ? `最新进展状态为“${state}”` : ""].filter(Boolean).join("、");
  status.textContent = what ? `显示${what}的 ${shown} 项任务(共 ${rows.length} 项)。` : "";
}

const params = new URLSearchParams(location.search);
for (const f of filters) {
  const initial = params.get(f.param) || "";
  if ([...f.select.options].some((o) => o.value === initial)) f.select.value = initial;
  f.select.addEventListener("change", () => {
    const url = new URL(location.href);
    if (f.select.value) url.searchParams.set(f.param, f.select.value);
    else url.searchParams.delete(f.param);
    history.replaceState(null, "", url);
    apply();
  });
}
apply();
form.addEventListener("submit", (event) => event.preventDefault());
