// 长者模式 (elderly mode): larger type and controls, higher contrast, remembered across pages; and the
// header's 菜单 button on phones.
// Loaded in <head> (not deferred) so that the mode applies before the first paint, with no flash.
(() => {
  const KEY = "care-mode";
  const root = document.documentElement;
  let on = false;
  try {
    on = localStorage.getItem(KEY) === "on";
  } catch {
    // storage blocked (private mode, policy): the switch still works on this page
  }
  root.classList.toggle("care", on);
  // The switch and the menu need this script: shown from the first paint (style.css .js-only), so that
  // revealing them later does not move the page.
  root.classList.add("js");

  document.addEventListener("DOMContentLoaded", () => {
    // 菜单: on phones the navigation folds behind this button (style.css); without JavaScript it stays open
    const menu = document.getElementById("menu-toggle");
    if (menu) {
      menu.addEventListener("click", () => {
        menu.setAttribute("aria-expanded", String(menu.getAttribute("aria-expanded") !== "true"));
      });
    }
    const button = document.getElementById("care-toggle");
    if (!button) return;
    const show = () => button.setAttribute("aria-pressed", String(root.classList.contains("care")));
    show(); // without JavaScript there is no switch (.js-only); the browser's own text size applies
    button.addEventListener("click", () => {
      const next = !root.classList.contains("care");
      root.classList.toggle("care", next);
      try {
        localStorage.setItem(KEY, next ? "on" : "off");
      } catch {
        // not remembered, but applied
      }
      show();
    });
  });
})();
