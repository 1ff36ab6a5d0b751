// The timeline, enhanced: an instant tooltip, one Tab stop with arrow keys between bars, and
// dragging across bars to choose a date range. Without this file every bar is still a plain link.
(function () {
  "use strict";

  var figure = document.querySelector("figure.timeline[data-range-url]");
  var svg = figure && figure.querySelector("svg");
  var bars = svg ? Array.prototype.slice.call(svg.querySelectorAll("a.bar[data-key]")) : [];
  if (!bars.length) return;
  var plot = svg.parentNode;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // A bar's key ("2014" or "2014-03") as its first and last day.
  function daysOf(key) {
    var parts = key.split("-");
    if (parts.length === 1) return [key + "-01-01", key + "-12-31"];
    var last = new Date(Date.UTC(+parts[0], +parts[1], 0)).getUTCDate();
    return [key + "-01", key + "-" + pad(last)];
  }

  function rangeUrl(first, last) {
    var base = figure.getAttribute("data-range-url");
    return base + (base.indexOf("?") < 0 ? "?" : "&") +
      "from=" + daysOf(first.getAttribute("data-key"))[0] +
      "&to=" + daysOf(last.getAttribute("data-key"))[1];
  }

  function nameOf(bar) { return bar.getAttribute("aria-label").split(":")[0]; }

  // Tooltip: shown at once (the native <title> waits a second), so the titles step aside.
  var tip = document.createElement("div");
  tip.className = "tl-tip";
  tip.setAttribute("aria-hidden", "true");
  tip.hidden = true;
  plot.appendChild(tip);
  bars.forEach(function (bar) {
    var title = bar.querySelector("title");
    if (title) title.remove();
  });

  function showTip(bar, text) {
    var box = plot.getBoundingClientRect();
    var slot = bar.querySelector(".slot").getBoundingClientRect();
    var drawn = bar.querySelector("rect:not(.slot)");
    var top = drawn ? drawn.getBoundingClientRect().top : slot.bottom;
    tip.textContent = text;
    tip.hidden = false;
    // Keep the whole tip inside the chart, even over the first and last bars.
    var half = tip.offsetWidth / 2;
    var x = Math.min(Math.max(slot.left + slot.width / 2 - box.left, half), box.width - half);
    tip.style.left = x + "px";
    tip.style.top = Math.max(top - box.top - 6, 0) + "px";
  }

  function hideTip() { tip.hidden = true; }

  function barOf(target) {
    var bar = target && target.closest ? target.closest("a.bar") : null;
    return bar && bars.indexOf(bar) >= 0 ? bar : null;
  }

  // Dragging: bars from `start` to `end` (indexes) light up; releasing opens that range.
  var start = -1;
  var end = -1;
  var pointer = null;
  var dragging = false;
  var swallowClick = false;

  function indexAt(clientX) {
    var box = svg.getBoundingClientRect();
    var i = Math.floor(((clientX - box.left) / box.width) * bars.length);
    return Math.max(0, Math.min(bars.length - 1, i));
  }

  function paint() {
    var lo = Math.min(start, end);
    var hi = Math.max(start, end);
    bars.forEach(function (bar, i) { bar.classList.toggle("in-range", dragging && i >= lo && i <= hi); });
    if (dragging) {
      var label = lo === hi ? nameOf(bars[lo]) : nameOf(bars[lo]) + " – " + nameOf(bars[hi]);
      showTip(bars[end], label);
    }
  }

  function reset() {
    start = end = -1;
    pointer = null;
    dragging = false;
    figure.classList.remove("dragging");
    paint();
    hideTip();
  }

  svg.addEventListener("pointerdown", function (event) {
    if (!event.isPrimary || event.button !== 0) return;
    swallowClick = false;
    start = end = indexAt(event.clientX);
    pointer = event.pointerId;
  });

  svg.addEventListener("pointermove", function (event) {
    if (pointer === null || event.pointerId !== pointer) {
      var hovered = pointer === null && event.pointerType === "mouse" ? barOf(event.target) : null;
      if (hovered) showTip(hovered, hovered.getAttribute("aria-label"));
      return;
    }
    var i = indexAt(event.clientX);
    if (!dragging && i !== start) {
      dragging = true;
      figure.classList.add("dragging");
      if (svg.setPointerCapture) svg.setPointerCapture(pointer);
    }
    if (dragging && i !== end) {
      end = i;
      paint();
    }
  });

  svg.addEventListener("pointerup", function (event) {
    if (event.pointerId !== pointer) return;
    if (dragging) {
      swallowClick = true;
      var lo = Math.min(start, end);
      var hi = Math.max(start, end);
      window.location.assign(rangeUrl(bars[lo], bars[hi]));
    }
    reset();
  });

  svg.addEventListener("pointercancel", reset);
  svg.addEventListener("pointerleave", function () { if (pointer === null) hideTip(); });
  // A link dragged out of the page would start the browser's own drag and drop instead.
  svg.addEventListener("dragstart", function (event) { event.preventDefault(); });
  svg.addEventListener("click", function (event) {
    if (swallowClick) {
      event.preventDefault();
      swallowClick = false;
    }
  }, true);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && dragging) reset();
  });

  // Keyboard: the chart is one Tab stop; arrow keys, Home and End move between bars.
  var current = svg.querySelector("a.bar.selected") || bars[bars.length - 1];
  bars.forEach(function (bar) { bar.setAttribute("tabindex", bar === current ? "0" : "-1"); });
  svg.addEventListener("keydown", function (event) {
    var i = bars.indexOf(barOf(event.target));
    if (i < 0) return;
    var moves = { ArrowLeft: i - 1, ArrowRight: i + 1, Home: 0, End: bars.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    var next = bars[Math.max(0, Math.min(bars.length - 1, moves[event.key]))];
    bars[i].setAttribute("tabindex", "-1");
    next.setAttribute("tabindex", "0");
    next.focus();
  });
  svg.addEventListener("focusin", function (event) {
    var bar = barOf(event.target);
    if (bar) showTip(bar, bar.getAttribute("aria-label"));
  });
  svg.addEventListener("focusout", hideTip);

  var hint = figure.querySelector(".tl-hint");
  if (hint) hint.hidden = false;
})();
