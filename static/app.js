// Small enhancements only: every feature works without this file.
(function () {
  "use strict";

  function typing() {
    var el = document.activeElement;
    return el && (/^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || el.isContentEditable);
  }

  // "/" focuses the search box, as in most search tools.
  document.addEventListener("keydown", function (event) {
    var box = document.getElementById("q");
    if (event.key === "/" && box && !typing() && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  });

  // Facet values are links announced as checkboxes: Space toggles them as it would a checkbox.
  document.addEventListener("keydown", function (event) {
    var el = event.target;
    if (event.key === " " && el.getAttribute && el.getAttribute("role") === "checkbox" && el.href) {
      event.preventDefault();
      el.click();
    }
  });

  // The facet filter box lists matching values as you type, from the server (every value, not
  // only the ones on the page). Without this script the form opens a page of matching values.
  function valueItem(v) {
    var li = document.createElement("li");
    li.setAttribute("data-value", v.value);
    if (v.selected) li.className = "selected";
    else if (v.excluded) li.className = "excluded";
    var toggle = document.createElement("a");
    toggle.className = "toggle";
    toggle.href = v.toggle_url;
    toggle.setAttribute("role", "checkbox");
    toggle.setAttribute("aria-checked", v.selected ? "true" : "false");
    var box = document.createElement("span");
    box.className = "box";
    box.setAttribute("aria-hidden", "true");
    var label = document.createElement(v.excluded ? "s" : "span");
    label.className = "label";
    label.textContent = v.label;
    var count = document.createElement("span");
    count.className = "count";
    count.textContent = String(v.count);
    toggle.append(box, label, count);
    var exclude = document.createElement("a");
    exclude.className = "exclude";
    exclude.href = v.exclude_url;
    exclude.title = (v.excluded ? "Include " : "Exclude ") + v.label;
    exclude.textContent = v.excluded ? "\u21ba" : "\u2298";
    li.append(toggle, exclude);
    return li;
  }

  function enhanceFacetSearch(form) {
    var section = form.closest("section.facet");
    var input = form.querySelector("input[name=fq]");
    if (!section || !input || !form.dataset.api) return;
    var results = document.createElement("div");
    results.className = "facet-results";
    results.setAttribute("aria-live", "polite");
    results.hidden = true;
    form.after(results);
    var timer = null;
    var latest = 0;

    function show(text) {
      var original = section.querySelectorAll(":scope > ul.values, :scope > details.more");
      original.forEach(function (el) { el.hidden = Boolean(text); });
      results.hidden = !text;
    }

    function run() {
      var text = input.value.trim();
      if (!text) { show(""); return; }
      var ticket = ++latest;
      var query = new URLSearchParams(new FormData(form)).toString();
      fetch(form.dataset.api + "?" + query, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data || ticket !== latest) return;
          var list = document.createElement("ul");
          list.className = "values";
          data.values.forEach(function (v) { list.append(valueItem(v)); });
          var note = document.createElement("p");
          note.className = "facet-results-note";
          note.textContent = data.matched === 0 ? "No value matches." :
            data.matched > data.values.length ?
              data.values.length + " of " + data.matched + " shown; type more to narrow." :
              data.matched + (data.matched === 1 ? " value" : " values");
          results.replaceChildren(note, list);
          show(text);
        })
        .catch(function () { /* the form still works: Enter opens the page of values */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 150);
    });
  }

  document.querySelectorAll("form.facet-search[data-api]").forEach(enhanceFacetSearch);
})();
