// make serve only (never in a `make site` build): show the last build's error over the page.
// The page itself is the last good build; the overlay goes away when a save fixes the error.
// While it is shown, the status is asked again every half second: the reload that follows a fix can
// reach the page while it is still loading from the reload before it (its websocket not yet open), and
// the overlay must not outlive the error it shows.
// On a phone the overlay would hide the page being fixed: its button folds it to one line at the bottom
// and opens it again. Folded stays folded across the reloads of later saves (sessionStorage), until the
// error is fixed.
(() => {
  const here = document.currentScript?.src || document.querySelector('script[src$="dev/overlay.js"]').src;
  const FOLDED = "dev-error-folded";
  let box = null;
  let shown = null; // the error text on screen: the status is asked for every half second

  function remembered() {
    try {
      return sessionStorage.getItem(FOLDED) === "1";
    } catch {
      return false; // storage refused (a private window): every page load starts open
    }
  }

  function remember(folded) {
    try {
      if (folded) sessionStorage.setItem(FOLDED, "1");
      else sessionStorage.removeItem(FOLDED);
    } catch {
      // nothing to keep it in: it is folded until the next reload
    }
  }

  function fold(folded) {
    box.classList.toggle("folded", folded);
    box.querySelector("#dev-error-body").hidden = folded;
    const button = box.querySelector("button");
    button.setAttribute("aria-expanded", String(!folded));
    button.textContent = folded ? "展开" : "收起";
    button.setAttribute("aria-label", folded ? "展开错误信息" : "收起错误信息");
  }

  function build() {
    if (!document.getElementById("dev-error-style")) {
      const style = Object.assign(document.createElement("link"), {
        id: "dev-error-style",
        rel: "stylesheet",
        href: new URL("overlay.css", here),
      });
      document.head.append(style);
    }
    box = document.createElement("section");
    box.id = "dev-error";
    box.setAttribute("aria-labelledby", "dev-error-title");
    const bar = document.createElement("div");
    bar.className = "dev-error-bar";
    const title = document.createElement("h2");
    title.id = "dev-error-title";
    title.setAttribute("role", "alert");
    const button = document.createElement("button");
    button.type = "button";
    button.setAttribute("aria-controls", "dev-error-body");
    button.addEventListener("click", () => {
      const folded = !box.classList.contains("folded");
      fold(folded);
      remember(folded);
    });
    bar.append(title, button);
    const body = document.createElement("div");
    body.id = "dev-error-body";
    const positions = document.createElement("p");
    positions.className = "dev-error-positions";
    const list = document.createElement("div");
    list.className = "dev-error-list";
    const hint = document.createElement("p");
    hint.textContent = "这里显示的是上一次成功构建的页面。改正后保存文件,页面会自动刷新,这个提示随之消失。";
    body.append(positions, list, hint);
    box.append(bar, body);
    document.body.append(box);
    fold(remembered());
  }

  // Each problem's first line is a sentence (wrapped to the screen); the lines quoted under it, with their
  // caret, keep their columns (scrolled sideways on a narrow screen, never wrapped).
  function render(list, error) {
    list.replaceChildren();
    let quoted = null;
    for (const line of error.split("\n")) {
      if (/^\s/.test(line) && list.lastElementChild) {
        if (!quoted) {
          quoted = document.createElement("pre");
          list.append(quoted);
        }
        quoted.textContent += (quoted.textContent ? "\n" : "") + line; // text, never HTML: it quotes the data
      } else {
        quoted = null;
        const sentence = document.createElement("p");
        sentence.textContent = line;
        list.append(sentence);
      }
    }
    return list.querySelectorAll(":scope > p").length;
  }

  function show(status) {
    if (!box) build();
    if (shown === status.error) return; // unchanged: not announced again
    shown = status.error;
    const count = render(box.querySelector(".dev-error-list"), status.error);
    box.querySelector("#dev-error-title").textContent =
      count > 1 ? `构建失败:有 ${count} 处要修改` : "构建失败:有 1 处要修改";
    box.querySelector(".dev-error-positions").textContent = status.positions || "";
  }

  async function check() {
    let status;
    try {
      const response = await fetch(new URL("status.json", here), { cache: "no-store" });
      status = await response.json();
    } catch {
      status = null; // the server is restarting, or the file is being written: ask again while shown
    }
    if (status?.ok) {
      box?.remove();
      box = null;
      shown = null;
      remember(false); // the next error opens in full
      return;
    }
    if (status) show(status);
    if (box) setTimeout(check, 500);
  }

  check();
})();
