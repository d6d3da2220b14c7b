// make serve only (never in a `make site` build): show the last build's error over the page.
// The page itself is the last good build; the overlay goes away when a save fixes the error.
(async () => {
  const here = document.currentScript?.src || document.querySelector('script[src$="dev/overlay.js"]').src;
  let status;
  try {
    const response = await fetch(new URL("status.json", here), { cache: "no-store" });
    status = await response.json();
  } catch {
    return;
  }
  if (status.ok) return;
  const style = Object.assign(document.createElement("link"), { rel: "stylesheet", href: new URL("overlay.css", here) });
  document.head.append(style);
  const box = document.createElement("div");
  box.id = "dev-error";
  box.setAttribute("role", "alert");
  const title = document.createElement("h2");
  title.textContent = "生成失败:这里显示的是上一次成功生成的页面 (build failed: showing the last good build)";
  const text = document.createElement("pre");
  text.textContent = status.error; // text, never HTML: the message quotes the data
  const hint = document.createElement("p");
  hint.textContent = "改正后保存文件,页面会自动刷新,这个提示随之消失。Fix the file and save: the page reloads.";
  box.append(title, text, hint);
  document.body.append(box);
})();
