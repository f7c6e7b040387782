// Theme suggestions in the review editor (reviews/panels.py): a suggestion's button adds its theme to the
// themes field beside it (Wagtail's tag widget, jQuery tag-it), and a finding's or recommendation's text can be
// sent for suggestions before it is saved; the editor still decides by saving. Without this script the buttons
// stay hidden and the suggestions from the saved text are a list to read.
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

  function showButtons(root) {
    root.querySelectorAll("[data-kb-add-theme][hidden], [data-kb-suggest-now][hidden]").forEach((button) => {
      button.hidden = false;
    });
  }

  async function suggestNow(box, button) {
    const text = document.getElementById(box.dataset.textField);
    const themes = document.getElementById(box.dataset.field);
    const token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (!text || !themes || !token) return;
    const body = new FormData();
    body.append("text", text.value);
    const reviewThemes = document.getElementById("id_themes"); // its review's: counted as its own in search
    body.append("tagged", [themes.value, reviewThemes ? reviewThemes.value : ""].join(", "));
    body.append("page", box.dataset.page || "");
    button.disabled = true;
    try {
      const response = await fetch(box.dataset.url, {
        method: "POST",
        body,
        headers: { "X-CSRFToken": token.value },
        credentials: "same-origin",
      });
      if (!response.ok) return;
      const list = box.querySelector("[data-kb-suggestion-list]");
      list.innerHTML = await response.text(); // our own template: names and reasons escaped there
      box.querySelector("[data-kb-source]").textContent = "from the text as it is now";
      showButtons(list);
    } finally {
      button.disabled = false;
    }
  }

  document.addEventListener("click", (event) => {
    const box = event.target.closest("[data-kb-theme-suggestions]");
    if (!box) return;
    const now = event.target.closest("[data-kb-suggest-now]");
    if (now) {
      suggestNow(box, now);
      return;
    }
    const button = event.target.closest("[data-kb-add-theme]");
    const input = document.getElementById(box.dataset.field);
    if (!button || !input) return;
    addTheme(input, button.dataset.kbAddTheme);
    button.disabled = true;
    button.textContent = `Added ${button.dataset.kbAddTheme}`;
  });

  function start() {
    showButtons(document);
    // A finding or recommendation added in the editor brings its own panel, buttons hidden.
    new MutationObserver((changes) => {
      changes.forEach((change) => change.addedNodes.forEach((node) => node.nodeType === 1 && showButtons(node)));
    }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
