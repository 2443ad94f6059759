// gitsm site: the search box over services, CIs and teams, and the Mermaid diagrams. Record text
// is only ever set as textContent, never parsed as HTML.
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";
  var entries = Array.isArray(window.gitsmSearchIndex) ? window.gitsmSearchIndex : [];
  var input = document.querySelector(".site-header .search input");
  var list = document.querySelector(".site-header .search .results");
  var LIMIT = 20;

  function score(entry, words) {
    var name = entry.name.toLowerCase();
    var hay = name + " " + entry.ref.toLowerCase() + " " + (entry.description || "").toLowerCase();
    for (var i = 0; i < words.length; i++) if (hay.indexOf(words[i]) < 0) return -1;
    var q = words.join(" ");
    return name === q || entry.ref.toLowerCase().split(":")[1] === q ? 0 : name.indexOf(q) === 0 ? 1 : name.indexOf(q) >= 0 ? 2 : 3;
  }

  function show(query) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) { list.hidden = true; return; }
    var found = [];
    for (var i = 0; i < entries.length; i++) {
      var s = score(entries[i], words);
      if (s >= 0) found.push([s, i]);
    }
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    found.slice(0, LIMIT).forEach(function (hit) {
      var e = entries[hit[1]];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + e.url;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = e.kind === "ci" ? "CI" : e.kind;
      var ref = document.createElement("span");
      ref.className = "ref";
      ref.textContent = e.ref;
      a.appendChild(kind);
      a.appendChild(document.createTextNode(e.name));
      a.appendChild(ref);
      li.appendChild(a);
      list.appendChild(li);
    });
    if (!found.length) {
      var none = document.createElement("li");
      none.className = "none";
      none.textContent = "No service, CI or team matches.";
      list.appendChild(none);
    } else if (found.length > LIMIT) {
      var more = document.createElement("li");
      more.className = "none";
      more.textContent = (found.length - LIMIT) + " more: type more of the name.";
      list.appendChild(more);
    }
    list.hidden = false;
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
  function move(step) {
    var all = links();
    if (!all.length) return;
    var at = all.indexOf(document.activeElement);
    var next = at < 0 ? (step > 0 ? 0 : all.length - 1) : at + step;
    if (next < 0) { input.focus(); return; }
    all[Math.min(next, all.length - 1)].focus();
  }

  if (input && list) {
    input.disabled = false;
    input.addEventListener("input", function () { show(input.value); });
    input.addEventListener("focus", function () { if (input.value) show(input.value); });
    document.querySelector(".site-header .search").addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown") { move(1); ev.preventDefault(); }
      else if (ev.key === "ArrowUp") { move(-1); ev.preventDefault(); }
      else if (ev.key === "Escape") { list.hidden = true; input.focus(); }
      else if (ev.key === "Enter" && document.activeElement === input) {
        var first = links()[0];
        if (first) { window.location.href = first.href; ev.preventDefault(); }
      }
    });
    document.addEventListener("click", function (ev) {
      if (!document.querySelector(".site-header .search").contains(ev.target)) list.hidden = true;
    });
    // index.html?q=kafka opens with the results for "kafka": a link the service desk can keep
    var asked = new URLSearchParams(window.location.search).get("q");
    if (asked) { input.value = asked; show(asked); }
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "/" && document.activeElement !== input && !(ev.target instanceof HTMLInputElement)) { input.focus(); ev.preventDefault(); }
    });
  }

  if (window.mermaid && document.querySelector("pre.mermaid")) {
    window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "default", flowchart: { useMaxWidth: true } });
    window.mermaid.run({ querySelector: "pre.mermaid" });
  }
})();
