// Paste an article: POST /extract and show the result with the article view.
import { api } from "../api.js";
import { clear, errorState, h, loading } from "../util.js";
import { renderDocument } from "./article.js";

export const TITLE = "Paste an article";
const DRAFT_KEY = "flashpoint.paste.draft";

function draft() {
  try {
    return JSON.parse(sessionStorage.getItem(DRAFT_KEY)) || {};
  } catch {
    return {};
  }
}

export async function render(main) {
  const saved = draft();
  const text = h("textarea", {
    id: "paste-text", rows: 12, "aria-required": "true", testid: "paste-text",
    placeholder: "Paste the article text here (plain text, or HTML with the box below ticked).",
  });
  text.value = saved.text || "";
  const published = h("input", { id: "paste-published", type: "date", value: saved.published || "", testid: "paste-published" });
  const title = h("input", { id: "paste-title", type: "text", value: saved.title || "", testid: "paste-title", placeholder: "optional" });
  const isHtml = h("input", { id: "paste-html", type: "checkbox", checked: Boolean(saved.html) });
  const submit = h("button", { type: "submit", class: "primary", testid: "paste-submit" }, "Extract");
  const result = h("section", { class: "paste-result", testid: "paste-result", "aria-live": "polite" });
  const form = h("form", { class: "paste-form", testid: "paste-form" },
    h("div", { class: "field wide" }, h("label", { for: "paste-text" }, "Article text"), text),
    h("div", { class: "paste-row" },
      h("div", { class: "field" }, h("label", { for: "paste-published" }, "Published"), published),
      h("div", { class: "field grow" }, h("label", { for: "paste-title" }, "Title"), title),
      h("div", { class: "field check" }, isHtml, h("label", { for: "paste-html" }, "the text is HTML")),
      h("div", { class: "field actions" }, submit)),
    h("p", { class: "muted" }, "Nothing is stored: the article goes through the pipeline and comes back here."));

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const body = text.value.trim();
    if (!body) {
      clear(result).append(errorState(new Error("Paste some text first.")));
      text.focus();
      return;
    }
    const state = { text: body, published: published.value, title: title.value.trim(), html: isHtml.checked };
    sessionStorage.setItem(DRAFT_KEY, JSON.stringify(state));
    const request = {
      [state.html ? "html" : "text"]: body,
      published: state.published || undefined,
      title: state.title || undefined,
    };
    submit.disabled = true;
    clear(result).append(loading("Extracting"));
    try {
      const doc = await api.extract(request);
      clear(result);
      renderDocument(result, doc, { updateUrl: false, fallbackTitle: "Pasted article" });
    } catch (err) {
      clear(result).append(errorState(err));
    } finally {
      submit.disabled = false;
    }
  });
  main.append(h("h1", {}, "Paste an article"), form, result);
}
