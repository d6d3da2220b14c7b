// Search page: Pagefind in the browser, with Chinese matched as exact substrings.
// The index holds every character as its own word (see disclosure/outputs/search.py), so a
// query is rewritten into the exact phrase of its characters: 托育 -> "托 育".
const PAGE_SIZE = 20;
const FILTERS = [
  ["kind", "类别"],
  ["area", "地区"],
  ["department", "责任单位"],
  ["category", "民生实事分类"],
];

const form = document.getElementById("search-form");
const input = document.getElementById("search-input");
const fieldset = document.getElementById("search-filters");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const base = form.dataset.pagefind;

/** Keep letters and digits only; punctuation and spaces never help a substring match. */
export function toPhrase(query) {
  const chars = query.toLowerCase().match(/[\p{L}\p{N}]/gu) || [];
  return chars.length ? `"${chars.join(" ")}"` : "";
}

/** Copy Pagefind's excerpt as text plus <mark>, dropping the spaces between indexed characters. */
function excerptNode(html) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const p = document.createElement("p");
  for (const node of doc.body.childNodes) {
    const text = node.textContent.replace(/\s+/g, "");
    if (!text) continue;
    if (node.nodeName === "MARK") {
      // Each character is its own indexed word, so a match arrives as adjacent marks: join them.
      if (p.lastChild?.nodeName === "MARK") p.lastChild.textContent += text;
      else p.append(Object.assign(document.createElement("mark"), { textContent: text }));
    } else {
      p.append(text);
    }
  }
  p.normalize();
  return p;
}

function selects() {
  return Object.fromEntries(FILTERS.map(([key]) => [key, document.getElementById(`filter-${key}`)]));
}

function buildFilters(all) {
  for (const [key, label] of FILTERS) {
    const values = Object.keys(all[key] || {}).sort((a, b) => a.localeCompare(b, "zh-CN"));
    if (!values.length) continue;
    const wrap = document.createElement("div");
    const lab = document.createElement("label");
    lab.htmlFor = `filter-${key}`;
    lab.textContent = label;
    const select = document.createElement("select");
    select.id = `filter-${key}`;
    select.name = key;
    select.append(new Option("全部", ""));
    for (const v of values) select.append(new Option(v, v));
    select.addEventListener("change", run);
    wrap.append(lab, select);
    fieldset.append(wrap);
  }
  fieldset.hidden = false;
}

function updateCounts(counts) {
  for (const [key, select] of Object.entries(selects())) {
    if (!select) continue;
    for (const option of select.options) {
      if (!option.value) continue;
      const n = counts?.[key]?.[option.value] ?? 0;
      option.text = `${option.value}(${n})`;
    }
  }
}

function chosenFilters() {
  const out = {};
  for (const [key, select] of Object.entries(selects())) if (select && select.value) out[key] = select.value;
  return out;
}

const pageTitle = document.title;

function syncUrl(query, filters) {
  document.title = query ? `“${query}”的搜索结果 - ${pageTitle}` : pageTitle;
  const url = new URL(location.href);
  url.search = "";
  if (query) url.searchParams.set("q", query);
  for (const [k, v] of Object.entries(filters)) url.searchParams.set(k, v);
  history.replaceState(null, "", url);
}

let pagefind;
let generation = 0;

async function run(event) {
  event?.preventDefault?.();
  const query = input.value.trim();
  const filters = chosenFilters();
  const mine = ++generation;
  syncUrl(query, filters);
  const phrase = toPhrase(query);
  list.replaceChildren();
  if (!phrase && !Object.keys(filters).length) {
    status.textContent = "请输入要找的词,例如任务中的关键词、单位名称或地名。也可以只选筛选条件。";
    updateCounts(null);
    return;
  }
  status.textContent = "正在搜索…";
  const search = await pagefind.search(phrase || null, { filters });
  if (mine !== generation) return; // a newer search has started
  updateCounts(search.filters);
  const results = search.results;
  if (!results.length) {
    status.textContent = `没有找到包含“${query}”的内容。请换一个较短的词,或检查是否有错别字;也可以减少筛选条件。`;
    return;
  }
  status.textContent = `找到 ${results.length} 条结果。`;
  await showMore(results, 0, mine);
}

async function showMore(results, start, mine) {
  document.getElementById("search-more")?.remove();
  const page = await Promise.all(results.slice(start, start + PAGE_SIZE).map((r) => r.data()));
  if (mine !== generation) return;
  for (const data of page) {
    const li = document.createElement("li");
    const kind = document.createElement("span");
    kind.className = "kind";
    kind.textContent = data.meta.kind;
    const a = document.createElement("a");
    a.href = data.url;
    a.textContent = data.meta.title;
    li.append(kind, a, excerptNode(data.excerpt));
    list.append(li);
  }
  const next = start + PAGE_SIZE;
  if (next < results.length) {
    const more = document.createElement("button");
    more.id = "search-more";
    more.type = "button";
    more.textContent = `显示更多结果(还有 ${results.length - next} 条)`;
    more.addEventListener("click", () => showMore(results, next, mine));
    list.after(more);
  }
}

async function start() {
  pagefind = await import(`${base}pagefind.js`);
  await pagefind.options({ baseUrl: base.replace(/pagefind\/$/, ""), excerptLength: 40 });
  await pagefind.init();
  buildFilters(await pagefind.filters());
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  for (const [key, select] of Object.entries(selects())) {
    const v = params.get(key);
    if (select && v && [...select.options].some((o) => o.value === v)) select.value = v;
  }
  form.addEventListener("submit", run);
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  await run();
  document.documentElement.dataset.searchReady = "true";
}

start().catch((error) => {
  // The lists are named as the page's own navigation names them (the areas' label comes from site.yaml).
  const lists = [...document.querySelectorAll('nav[aria-label="主导航"] a')].map((a) => a.textContent);
  const named = lists.length > 1 ? `${lists.slice(0, -1).join("、")}或${lists.at(-1)}` : lists.join("");
  status.textContent = `搜索暂时无法使用。请从导航中的${named}列表查找。`;
  console.error(error);
});
