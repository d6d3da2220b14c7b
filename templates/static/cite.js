// "复制引用": copy the citation text in one click. Without JavaScript the button stays hidden and the
// text can be selected and copied by hand.
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
