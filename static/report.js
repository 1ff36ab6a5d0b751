// Report page: step through the search's matches in the text. Enhancement only: without this
// file the match links are plain anchors (#m1, #m2, last) and the page still opens at #m1.
(function () {
  "use strict";

  var nav = document.querySelector("nav.match-nav");
  var marks = Array.prototype.slice.call(document.querySelectorAll("div.text mark[id^='m']"));
  if (!nav || !marks.length) return;
  var counter = nav.querySelector(".match-count");
  var previous = nav.querySelector("a.prev-match");
  var next = nav.querySelector("a.next-match");
  var first = nav.querySelector("a.first-match");
  var current = 0; // 1-based; 0 until a match is shown

  function typing() {
    var el = document.activeElement;
    return el && (/^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || el.isContentEditable);
  }

  function wrap(n) {
    return ((n - 1 + marks.length) % marks.length) + 1;
  }

  function show(n, scroll) {
    if (current) marks[current - 1].classList.remove("current");
    current = wrap(n);
    var mark = marks[current - 1];
    mark.classList.add("current");
    previous.href = "#m" + wrap(current - 1);
    next.href = "#m" + wrap(current + 1);
    counter.textContent = current + " of " + marks.length;
    if (scroll) {
      mark.scrollIntoView({ block: "center" });
      mark.focus({ preventScroll: true });
      // Keep the address pointing at the match, so a reload or a copied link opens there.
      history.replaceState(null, "", "#" + mark.id);
    }
  }

  marks.forEach(function (mark) { mark.setAttribute("tabindex", "-1"); });
  var article = nav.closest("article");
  if (article) article.classList.add("js-matches");

  // Before any match is shown (the page opened at an evidence sentence, say), next is the first
  // match from the top of the window down, previous the last one above it.
  function fromWindow(delta) {
    var below = marks.findIndex(function (m) { return m.getBoundingClientRect().top >= 0; });
    if (delta > 0) return below < 0 ? 1 : below + 1;
    return below <= 0 ? marks.length : below;
  }

  function step(delta) {
    return function (event) {
      event.preventDefault();
      show(current ? current + delta : fromWindow(delta), true);
    };
  }
  previous.addEventListener("click", step(-1));
  next.addEventListener("click", step(1));
  first.addEventListener("click", function (event) {
    event.preventDefault();
    show(1, true);
  });

  document.addEventListener("keydown", function (event) {
    if (typing() || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "n" || event.key === "j") step(1)(event);
    else if (event.key === "p" || event.key === "k") step(-1)(event);
  });

  // An anchor followed by the browser (a match link or the address) sets the current match.
  function fromHash() {
    var found = /^#m(\d+)$/.exec(window.location.hash);
    var n = found ? parseInt(found[1], 10) : 0;
    if (n >= 1 && n <= marks.length) {
      show(n, false);
      return true;
    }
    return false;
  }
  window.addEventListener("hashchange", fromHash);

  // Opened from a search without an anchor: go to the first match. Any other anchor (an evidence
  // sentence, say) is left for the browser to honour.
  if (!fromHash() && !window.location.hash) show(1, true);
})();
