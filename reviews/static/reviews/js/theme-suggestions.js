// Theme suggestions in the review editor (reviews/panels.py): a suggestion's button adds its theme to the
// themes field beside it (Wagtail's tag widget, jQuery tag-it); the editor still decides by saving. Without
// this script the buttons stay hidden and the suggestions are a list to read.
(() => {
  function addTheme(input, name) {
    try {
      window.jQuery(input).tagit("createTag", name);
    } catch {
      // The widget is not there (or not yet): the field is a comma-separated list of names.
      const quoted = name.includes(" ") ? `"${name}"` : name;
      input.value = input.value.trim() ? `${input.value}, ${quoted}` : quoted;
    }
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-kb-add-theme]");
    const box = button && button.closest("[data-kb-theme-suggestions]");
    const input = box && document.getElementById(box.dataset.field);
    if (!input) return;
    addTheme(input, button.dataset.kbAddTheme);
    button.disabled = true;
    button.textContent = `Added ${button.dataset.kbAddTheme}`;
  });

  function showButtons() {
    document.querySelectorAll("[data-kb-add-theme][hidden]").forEach((button) => {
      button.hidden = false;
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", showButtons);
  else showButtons();
})();
