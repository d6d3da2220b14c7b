// 引用本页: write the reader's today into the citation's 引用日期 (GB/T 7714), which no build can know, and
// "复制引用": copy the citation text in one click. Without JavaScript the button stays hidden, the text can be
// selected and copied by hand, and 引用日期 stays a placeholder to fill in.
const today = new Date();
const pad = (n) => String(n).padStart(2, "0");
for (const date of document.querySelectorAll(".cite-date")) {
  date.textContent = `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
}
for (const button of document.querySelectorAll("button[data-copy]")) {
  const source = document.getElementById(button.dataset.copy);
  const status = button.parentElement.querySelector(".copy-status");
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(source.textContent.trim());
      status.textContent = "已复制,可粘贴到文章或参考文献中。";
    } catch {
      getSelection().selectAllChildren(source); // clipboard refused (http, permissions): select it instead
      status.textContent = "已选中引用文字,请按 Ctrl+C(手机上长按)复制。";
    }
  });
}
