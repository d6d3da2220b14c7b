// Search page: Pagefind in the browser, with Chinese matched as exact substrings.
// The index holds every character as its own word (see disclosure/outputs/search.py), so each
// word of a query is rewritten into the exact phrase of its characters: 托育 -> "托 育". Words apart
// by spaces or punctuation (东湖 停车, 东湖,停车, 托育、东湖) must all be found: Pagefind 1.5 finds
// nothing for two quoted phrases in one query ("海 宁" "停 车" gives 0 where each gives pages), so
// each word is one search and the results are the pages every search found.
// Pagefind (its wasm and index) loads only when there is something to search: a ?q= or filter in
// the URL, or the reader in the box or the filters.
const PAGE_SIZE = 20;
const FILTERS = [
  ["year", "年份"],
  ["kind", "类别"],
  ["area", "地区"],
  ["department", "责任单位"],
  ["category", "民生实事分类"],
  ["status", "进展状态"],
];
// A category's filter value carries its year, so two years' same-named categories stay apart
// (disclosure/kinds.py category_filter): "2025年 普惠托育项目".
const CATEGORY = /^(\d+)年 (.+)$/;

const form = document.getElementById("search-form");
const input = document.getElementById("search-input");
const fieldset = document.getElementById("search-filters");
const filterBox = document.getElementById("search-filter-box");
const narrow = document.getElementById("search-narrow");
const hint = document.getElementById("search-hint");
const statusHint = document.getElementById("status-hint");
// The statuses in the site's order (site.yaml progress_statuses), as the page's hint lists them.
const statusOrder = [...document.querySelectorAll("#status-hint [data-status]")].map((s) => s.textContent);
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const base = form.dataset.pagefind;

let years = []; // the index's years, newest first
let categories = []; // {value, year, name} of every category, newest year first
let totals = {}; // every filter value's count in the whole index: what an option offers before any search
let note = ""; // what the last change of year did to the chosen category, said once with the next results

/** Keep letters and digits only; punctuation and spaces never help a substring match. */
export function toPhrase(query) {
  const chars = query.toLowerCase().match(/[\p{L}\p{N}]/gu) || [];
  return chars.length ? `"${chars.join(" ")}"` : "";
}

/** The words of a query: runs of letters and digits, apart by spaces (also U+3000) or any punctuation. */
export function toWords(query) {
  return [...new Set(query.toLowerCase().match(/[\p{L}\p{N}]+/gu) || [])];
}

let names = { records: [], aliases: {} }; // names.json: areas' and units' names, pinyin, the editors' aliases

/** What a word is searched as: an alias's target, the name a pinyin spells, or the word itself. */
function resolve(word) {
  if (Object.hasOwn(names.aliases, word)) return names.aliases[word]; // not constructor, __proto__…
  for (const r of names.records) if (Object.hasOwn(r.pinyin, word)) return r.pinyin[word];
  return word;
}

/** The area or unit a query names (the whole query, else one of its words): by name, short or full name,
 * pinyin or alias; null when it names none. */
function bestBet(query, words) {
  const whole = query.toLowerCase().match(/[\p{L}\p{N}]/gu)?.join("") ?? "";
  const named = (w) => names.records.find((r) => r.keys.includes(w) || Object.hasOwn(r.pinyin, w) || r.aliases.includes(w)) ?? null;
  const exact = named(whole);
  return exact ? { ...exact, whole: true } : (words.map(named).find(Boolean) ?? null);
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

function chosenYear() {
  const select = selects().year;
  return select && !select.selectedOptions[0]?.dataset.special ? select.value : "";
}

/** The name of a category value ("2025年 普惠托育项目" -> 普惠托育项目); a value without a year is a name. */
function categoryName(value) {
  return value.match(CATEGORY)?.[2] ?? value;
}

/** The categories offered: the chosen year's, or every year's. */
function offeredCategories() {
  const year = chosenYear();
  return categories.filter((c) => !year || c.year === year);
}

/** What an option shows before its count: a year as 2025年; a category without its year when the year is known. */
function label(key, value) {
  if (key === "year") return `${value}年`;
  if (key === "category" && (chosenYear() || years.length <= 1)) return categoryName(value);
  return value;
}

function valuesOf(all, key) {
  const values = Object.keys(all[key] || {});
  if (key === "year") return values.sort((a, b) => Number(b) - Number(a));
  if (key === "status") return values.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, "zh-CN"));
  return values.sort((a, b) => a.localeCompare(b, "zh-CN"));
}

/** A status's place in the site's order; one the page does not list comes after them. */
function rank(status) {
  const i = statusOrder.indexOf(status);
  return i < 0 ? statusOrder.length : i;
}

/** An option for a value the index does not hold as such, kept while it is chosen: "unknown", "any-year" or
 * "other-year" (a category of a year other than the chosen one). */
function specialOption(select, value, special) {
  const option = new Option(value, value);
  option.dataset.special = special;
  select.append(option);
  select.value = value;
}

/** Offer the chosen year's categories (every year's without one), keeping the chosen value's special option. */
function fillCategories() {
  const select = selects().category;
  if (!select) return;
  const before = select.value;
  const chosen = select.selectedOptions[0];
  select.replaceChildren(new Option("全部", ""));
  for (const c of offeredCategories()) select.append(new Option(c.value, c.value));
  if (chosen?.dataset.special && !offeredCategories().some((c) => c.value === chosen.value)) select.append(chosen);
  select.value = [...select.options].some((o) => o.value === before) ? before : "";
}

function buildFilters(all, params) {
  totals = all;
  years = valuesOf(all, "year");
  categories = Object.keys(all.category || {})
    .map((value) => ({ value, year: value.match(CATEGORY)?.[1] ?? "", name: categoryName(value) }))
    .sort((a, b) => Number(b.year) - Number(a.year) || a.name.localeCompare(b.name, "zh-CN"));
  for (const [key, text] of FILTERS) {
    const values = valuesOf(all, key);
    if (!values.length && !params.get(key)) continue;
    const wrap = document.createElement("div");
    wrap.id = `filter-${key}-field`;
    const lab = document.createElement("label");
    lab.htmlFor = `filter-${key}`;
    lab.textContent = text;
    const select = document.createElement("select");
    select.id = `filter-${key}`;
    select.name = key;
    select.append(new Option(key === "year" ? "全部年份" : "全部", ""));
    if (key !== "category") for (const v of values) select.append(new Option(v, v));
    select.addEventListener("change", key === "year" ? changeYear : changeFilter);
    wrap.append(lab, select);
    fieldset.insertBefore(wrap, hint ?? statusHint);
  }
  fieldset.hidden = false;
}

/** Choose the URL's filter values; a value the index does not hold is kept and said to be unknown. */
function chooseFromUrl(params) {
  for (const [key, select] of Object.entries(selects())) {
    const v = params.get(key);
    if (key === "category") fillCategories();
    if (!select || !v) continue;
    if ([...select.options].some((o) => o.value === v)) {
      select.value = v;
    } else if (key === "category" && !CATEGORY.test(v)) {
      // A link from before categories carried their year: the name in every year offered.
      const same = offeredCategories().filter((c) => c.name === v);
      if (same.length === 1) select.value = same[0].value;
      else specialOption(select, v, same.length ? "any-year" : "unknown");
    } else if (key === "category" && categories.some((c) => c.value === v)) {
      specialOption(select, v, "other-year"); // a link to another year's category with this year chosen
    } else {
      specialOption(select, v, "unknown");
    }
  }
  showYearFilter();
  showStatusFilter();
}

/** A site of one year offers no year filter (one option is noise), unless the URL asked for another year. */
function showYearFilter() {
  const select = selects().year;
  if (select) select.parentElement.hidden = years.length <= 1 && !select.selectedOptions[0]?.dataset.special;
}

/** A site without progress reports (every task 暂无公开的进展情况) offers no status filter, unless the URL asked for one. */
function showStatusFilter() {
  const select = selects().status;
  if (select) select.parentElement.hidden = !statusHint && !select.value;
}

/** Drop the special options no longer chosen: an unknown value is offered only while the URL's choice stands. */
function dropSpecial(select) {
  for (const o of [...select.options]) if (o.dataset.special && !o.selected) o.remove();
}

function changeFilter(event) {
  dropSpecial(event.target);
  run();
}

/** A new year offers its own categories; a chosen category becomes the new year's of the same name, if any. */
function changeYear(event) {
  dropSpecial(event.target); // the field stays shown, even on a site of one year: focus is in it
  const select = selects().category;
  const before = select?.value || "";
  fillCategories();
  const year = chosenYear();
  if (select && before && year && !offeredCategories().some((c) => c.value === before)) {
    const same = offeredCategories().find((c) => c.name === categoryName(before));
    select.value = same ? same.value : "";
    dropSpecial(select);
    if (!same) note = `${year}年没有“${categoryName(before)}”这一分类,已改为全部分类。`;
  }
  run();
}

function updateCounts(counts) {
  for (const [key, select] of Object.entries(selects())) {
    if (!select) continue;
    for (const option of select.options) {
      if (!option.value) continue;
      const special = option.dataset.special;
      if (special === "unknown") {
        option.text = `${label(key, option.value)}(无数据)`;
      } else if (special === "other-year") {
        option.text = `${option.value}(不是${chosenYear()}年的)`;
      } else if (special === "any-year") {
        const n = sameNamed(option.value).reduce((sum, c) => sum + (counts?.[key]?.[c.value] ?? 0), 0);
        option.text = `${option.value}(各年,${n})`;
      } else {
        option.text = `${label(key, option.value)}(${counts?.[key]?.[option.value] ?? 0})`;
      }
    }
  }
}

function sameNamed(name) {
  return offeredCategories().filter((c) => c.name === name);
}

/** The chosen values as the URL writes them. */
function chosenValues() {
  const out = {};
  for (const [key, select] of Object.entries(selects())) if (select && select.value) out[key] = select.value;
  return out;
}

/** The chosen values as Pagefind filters: a category without a year is any year's of that name. */
function chosenFilters() {
  const out = chosenValues();
  if (selects().category?.selectedOptions[0]?.dataset.special === "any-year") {
    out.category = { any: sameNamed(out.category).map((c) => c.value) };
  }
  return out;
}

/** What the status says first: each URL value the index does not hold, a category without its year. */
function notices() {
  const out = [];
  for (const [key, text] of FILTERS) {
    const option = selects()[key]?.selectedOptions[0];
    if (option?.dataset.special === "unknown" && key === "year") {
      out.push(`没有 ${option.value} 年的数据:本站只有 ${years.join("、")} 年的数据,请在“年份”中选择。`);
    } else if (option?.dataset.special === "unknown") {
      out.push(`本站没有${text}“${option.value}”,请在“${text}”中另选。`);
    } else if (option?.dataset.special === "other-year") {
      const [, year, name] = option.value.match(CATEGORY);
      out.push(`分类“${name}”是 ${year} 年的,不是所选 ${chosenYear()} 年的分类。`);
    } else if (option?.dataset.special === "any-year") {
      const held = sameNamed(option.value).map((c) => `${c.year}年`);
      out.push(`分类“${option.value}”没有写年份,列出${held.join("、")}的同名分类。`);
    }
  }
  if (note) out.push(note);
  note = "";
  return out;
}

/** A link to the chosen category's own year, when the URL chose a category of another year; else null. */
function otherYearLink() {
  const option = selects().category?.selectedOptions[0];
  if (option?.dataset.special !== "other-year") return null;
  const year = option.value.match(CATEGORY)[1];
  const url = new URL(location.href);
  url.searchParams.set("year", year);
  return Object.assign(document.createElement("a"), { href: url.href, textContent: `改看 ${year} 年的这一分类` });
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

/** One word's search, kept for the next keystroke: the same words are asked again as a query grows. */
const cache = new Map();
function searchWord(word, filters) {
  const key = JSON.stringify([word, filters]);
  if (!cache.has(key)) cache.set(key, pagefind.search(word ? toPhrase(word) : null, { filters }));
  return cache.get(key);
}

/** The pages that hold every word, with counts of their filter values; one word is Pagefind's own search. */
async function find(words, filters) {
  if (words.length <= 1) return searchWord(words[0] || "", filters);
  const searches = await Promise.all(words.map((w) => searchWord(w, filters)));
  const scores = searches.map((s) => new Map(s.results.map((r) => [r.id, r.score])));
  const results = searches[0].results
    .filter((r) => scores.every((m) => m.has(r.id)))
    .map((r) => ({ id: r.id, data: r.data, score: scores.reduce((sum, m) => sum + m.get(r.id), 0) }))
    .sort((a, b) => b.score - a.score);
  const counts = {};
  for (const data of await Promise.all(results.map((r) => r.data()))) {
    for (const [key, values] of Object.entries(data.filters)) {
      counts[key] ??= {};
      for (const v of values) counts[key][v] = (counts[key][v] ?? 0) + 1;
    }
  }
  return { results, filters: counts, words: searches };
}

/** Put the best bet's own page first: moved there when among the results, else added when the whole query
 * is its name (示例市东湖区: a full name its page may not show), under the chosen filters. */
async function bestFirst(results, bet, filters) {
  if (!bet) return results;
  const own = (await pagefind.search(null, { filters: { ...filters, page: bet.path } })).results[0];
  const i = own ? results.findIndex((r) => r.id === own.id) : -1;
  if (i < 0) return own && bet.whole ? [own, ...results] : results;
  return [results[i], ...results.slice(0, i), ...results.slice(i + 1)];
}

/** Offer to narrow the results to the named area or unit with its filter (when not already chosen): in its
 * page's result when that comes first (no line of its own above the results on a phone), else above them. */
function offerNarrow(bet) {
  narrow.replaceChildren();
  const select = bet && selects()[bet.filter];
  const offered = select && select.value !== bet.name && [...select.options].some((o) => o.value === bet.name);
  const first = list.querySelector("li");
  const inFirst = offered && first?.querySelector("a").href === new URL(pageUrl(bet.path), location.href).href;
  narrow.hidden = !offered || inFirst;
  if (!offered) return;
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = `只看“${bet.name}”的结果`;
  button.addEventListener("click", () => {
    select.value = bet.name;
    run();
  });
  const where = inFirst ? first.appendChild(Object.assign(document.createElement("p"), { className: "search-narrow" })) : narrow;
  where.append(button);
}

function pageUrl(path) {
  return base.replace(/pagefind\/$/, "") + path;
}

/** A link to the search page for a query, keeping the chosen filters. */
function queryLink(query, count) {
  const url = new URL(location.href);
  url.searchParams.set("q", query);
  const text = count === undefined ? `“${query}”` : `“${query}”(${count} 条)`;
  return Object.assign(document.createElement("a"), { href: url.href, textContent: text });
}

async function run(event) {
  event?.preventDefault?.();
  const query = input.value.trim();
  const filters = chosenFilters();
  const mine = ++generation;
  syncUrl(query, chosenValues());
  const typed = toWords(query);
  const words = [...new Set(typed.map(resolve))];
  const bet = bestBet(query, typed);
  const resolved = typed.filter((w) => resolve(w) !== w).map((w) => `按“${w}”=“${resolve(w)}”搜索。`);
  const said = [...notices(), ...resolved];
  list.replaceChildren();
  narrow.hidden = true;
  if (!words.length && !Object.keys(filters).length) {
    status.textContent = "请输入要找的词,例如任务中的关键词、单位名称或地名。也可以只选筛选条件。";
    updateCounts(totals);
    return;
  }
  const unknown = Object.entries(selects()).filter(([, s]) =>
    ["unknown", "other-year"].includes(s?.selectedOptions[0]?.dataset.special),
  );
  if (unknown.length) {
    // Nothing in the index has that value: say so instead of searching without it, and count
    // what the other choices find, so that the options say where the query is found.
    status.textContent = "正在搜索…";
    const known = { ...filters };
    for (const [key] of unknown) delete known[key];
    const asked = words.length || Object.keys(known).length;
    const counts = asked ? (await find(words, known)).filters : totals;
    if (mine !== generation) return;
    updateCounts(counts);
    status.textContent = said.join("");
    const link = otherYearLink();
    if (link) status.append(link, "。");
    return;
  }
  status.textContent = "正在搜索…";
  const search = await find(words, filters);
  const counts = { ...search.filters, year: await yearCounts(words, filters, search) };
  const results = await bestFirst(search.results, bet, filters);
  if (mine !== generation) return; // a newer search has started
  updateCounts(counts);
  if (!results.length) {
    noResults(query, words, search, said, bet);
    return;
  }
  status.textContent = `${said.join("")}找到 ${results.length} 条结果。`;
  await showMore(results, 0, mine);
  if (mine === generation) offerNarrow(bet);
}

/** Say which words are not found together, and offer the query without each word, and the named page. */
function noResults(query, words, search, said, bet) {
  if (words.length <= 1 || !search.words) {
    status.textContent = `${said.join("")}没有找到包含“${query}”的内容。请换一个较短的词,或检查是否有错别字;也可以减少筛选条件。`;
  } else {
    const alone = words.filter((w, i) => !search.words[i].results.length);
    const quoted = (ws) => ws.map((w) => `“${w}”`).join("");
    status.textContent = alone.length
      ? `${said.join("")}没有找到包含${quoted(alone)}的内容,所以没有同时包含${quoted(words)}的内容。`
      : `${said.join("")}没有同时包含${quoted(words)}的内容。`;
    const ids = search.words.map((s) => new Set(s.results.map((r) => r.id)));
    const offers = words
      .map((w, i) => {
        const rest = words.filter((_, j) => j !== i);
        const sets = ids.filter((_, j) => j !== i);
        const count = [...sets[0]].filter((id) => sets.every((set) => set.has(id))).length;
        return count ? queryLink(rest.join(" "), count) : null;
      })
      .filter(Boolean);
    if (offers.length) {
      status.append("去掉一个词再搜:");
      offers.forEach((a, i) => status.append(...(i ? ["、", a] : [a])));
      status.append("。");
    }
  }
  if (bet) {
    const page = Object.assign(document.createElement("a"), { href: pageUrl(bet.path), textContent: bet.name });
    status.append(`也可以看${bet.filter === "area" ? "地区" : "责任单位"}“`, page, "”的页面。");
  }
}

/** Each year's count as if it were chosen instead: the other years' are not 0 because one year is chosen. */
async function yearCounts(words, filters, search) {
  if (!filters.year) return search.filters.year;
  const others = { ...filters };
  delete others.year;
  if (!words.length && !Object.keys(others).length) return totals.year;
  return (await find(words, others)).filters.year;
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

/** Say in the 筛选 summary how many filters are chosen, so a closed box does not hide them. */
function sayChosen() {
  const n = Object.keys(chosenValues()).length;
  filterBox.querySelector("summary").textContent = n ? `筛选(已选 ${n} 项)` : "筛选";
}

async function boot() {
  delete document.documentElement.dataset.searchReady; // the idle page was settled; now the search is loading
  pagefind = await import(`${base}pagefind.js`);
  await pagefind.options({ baseUrl: base.replace(/pagefind\/$/, ""), excerptLength: 40 });
  const [, loaded] = await Promise.all([pagefind.init(), fetch(`${base}names.json`).then((r) => r.json())]);
  // The index comes in bundles (each edition's, the site's, a big edition's in runs): searched as one.
  await Promise.all(loaded.bundles.map((b) => pagefind.mergeIndex(`${base}${b}`, { baseUrl: base.replace(/pagefind\/$/, ""), excerptLength: 40 })));
  // Aliases are matched as typed words are, in lower case (GDP, gdp).
  names = { ...loaded, aliases: Object.fromEntries(Object.entries(loaded.aliases).map(([k, v]) => [k.toLowerCase(), v])) };
  // A name is matched as a query is read: letters and digits only (市政府办公室(市大数据局) as typed without brackets).
  const key = (name) => name.toLowerCase().match(/[\p{L}\p{N}]/gu)?.join("") ?? "";
  for (const r of names.records) Object.assign(r, { keys: r.names.map(key), aliases: r.aliases.map(key) });
  const params = new URLSearchParams(location.search);
  buildFilters(await pagefind.filters(), params);
  if (!input.value) input.value = params.get("q") || "";
  chooseFromUrl(params);
  form.addEventListener("submit", run);
  fieldset.addEventListener("change", sayChosen);
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  await run();
  sayChosen();
  document.documentElement.dataset.searchReady = "true";
}

let booted = null;
function start() {
  booted ??= boot().catch((error) => {
    // The lists are named as the page's own navigation names them (the areas' label comes from site.yaml).
    const lists = [...document.querySelectorAll('nav[aria-label="主导航"] a')].map((a) => a.textContent);
    const named = lists.length > 1 ? `${lists.slice(0, -1).join("、")}或${lists.at(-1)}` : lists.join("");
    status.textContent = `搜索暂时无法使用。请从导航中的${named}列表查找。`;
    console.error(error);
  });
  return booted;
}

// Wide screens show the filters; on a phone the results come first and the filters wait behind 筛选.
if (matchMedia("(min-width: 40em)").matches) filterBox.open = true;
const params = new URLSearchParams(location.search);
if ([...params.values()].some(Boolean)) {
  input.value = params.get("q") || "";
  start();
} else {
  status.textContent = "请输入要找的词,例如任务中的关键词、单位名称或地名。也可以只选筛选条件。";
  for (const type of ["focus", "input"]) input.addEventListener(type, start, { once: true });
  filterBox.querySelector("summary").addEventListener("click", start, { once: true });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    start();
  });
  document.documentElement.dataset.searchReady = "true";
}
