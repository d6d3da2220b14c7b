// Filter the task index by lead unit, without a server. The choice lives in ?lead= so it can be shared.
document.documentElement.classList.add("js");
const form = document.getElementById("lead-filter");
const select = document.getElementById("lead");
const status = document.getElementById("filter-status");
const rows = Array.from(document.querySelectorAll("tr[data-lead]"));

function apply(lead) {
  let shown = 0;
  for (const row of rows) {
    const match = !lead || row.dataset.lead.split(" ").includes(lead); // ★ documents may star several leads
    row.hidden = !match;
    if (match) shown += 1;
  }
  const label = select.options[select.selectedIndex].text.replace(/\(\d+项\)$/, "");
  status.textContent = lead ? `显示${label}牵头的 ${shown} 项任务(共 ${rows.length} 项)。` : "";
}

const initial = new URLSearchParams(location.search).get("lead") || "";
if ([...select.options].some((o) => o.value === initial)) select.value = initial;
apply(select.value);

select.addEventListener("change", () => {
  const url = new URL(location.href);
  if (select.value) url.searchParams.set("lead", select.value);
  else url.searchParams.delete("lead");
  history.replaceState(null, "", url);
  apply(select.value);
});
form.addEventListener("submit", (event) => event.preventDefault());
