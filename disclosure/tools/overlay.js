// make serve only (never in a `make site` build): show the last build's error over the page.
// The page itself is the last good build; the overlay goes away when a save fixes the error.
// While it is shown, the status is asked again every half second: the reload that follows a fix can
// reach the page while it is still loading from the reload before it (its websocket not yet open), and
// the overlay must not outlive the error it shows.
(() => {
  const here = document.currentScript?.src || document.querySelector('script[src$="dev/overlay.js"]').src;
  let box = null;

  function show(error) {
    if (!box) {
      if (!document.getElementById("dev-error-style")) {
        const style = Object.assign(document.createElement("link"), {
          id: "dev-error-style",
          rel: "stylesheet",
          href: new URL("overlay.css", here),
        });
        document.head.append(style);
      }
      box = document.createElement("div");
      box.id = "dev-error";
      box.setAttribute("role", "alert");
      const title = document.createElement("h2");
      title.textContent = "生成失败:这里显示的是上一次成功生成的页面 (build failed: showing the last good build)";
      const hint = document.createElement("p");
      hint.textContent = "改正后保存文件,页面会自动刷新,这个提示随之消失。Fix the file and save: the page reloads.";
      box.append(title, document.createElement("pre"), hint);
      document.body.append(box);
    }
    box.querySelector("pre").textContent = error; // text, never HTML: the message quotes the data
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
      return;
    }
    if (status) show(status.error);
    if (box) setTimeout(check, 500);
  }

  check();
})();
