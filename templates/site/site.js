// gitsm site: the search box over services, CIs and teams, and the Mermaid diagrams. Record text
// is only ever set as textContent, never parsed as HTML.
(() => {
  const root = document.body.getAttribute("data-root") || "";
  const entries = Array.isArray(window.gitsmSearchIndex) ? window.gitsmSearchIndex : [];
  const box = document.querySelector(".site-header .search");
  const input = box?.querySelector("input");
  const list = box?.querySelector(".results");
  const LIMIT = 20;
  const KIND = { service: "service", ci: "CI", team: "team" };

  // -1: no match; else lower is better: the name or id exactly, the name's start, within the name, elsewhere
  const score = (entry, words) => {
    const name = entry.name.toLowerCase();
    const hay = `${name} ${entry.ref.toLowerCase()} ${(entry.description || "").toLowerCase()}`;
    if (!words.every((w) => hay.includes(w))) return -1;
    const q = words.join(" ");
    if (name === q || entry.ref.toLowerCase().split(":")[1] === q) return 0;
    return name.startsWith(q) ? 1 : name.includes(q) ? 2 : 3;
  };

  const note = (text) => {
    const li = document.createElement("li");
    li.className = "none";
    li.textContent = text;
    list.appendChild(li);
  };

  const show = (query) => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) {
      list.hidden = true;
      return;
    }
    const found = entries.map((e, i) => [score(e, words), i]).filter(([s]) => s >= 0);
    found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (const [, i] of found.slice(0, LIMIT)) {
      const e = entries[i];
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = root + e.url;
      const kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = KIND[e.kind] || e.kind;
      const ref = document.createElement("span");
      ref.className = "ref";
      ref.textContent = e.ref;
      a.append(kind, document.createTextNode(e.name), ref);
      li.appendChild(a);
      list.appendChild(li);
    }
    if (!found.length) note("No service, CI or team matches.");
    else if (found.length > LIMIT) note(`${found.length - LIMIT} more: type more of the name.`);
    list.hidden = false;
  };

  const links = () => [...list.querySelectorAll("a")];
  const move = (step) => {
    const all = links();
    if (!all.length) return;
    const at = all.indexOf(document.activeElement);
    const next = at < 0 ? (step > 0 ? 0 : all.length - 1) : at + step;
    if (next < 0) input.focus();
    else all[Math.min(next, all.length - 1)].focus();
  };

  if (input && list) {
    input.disabled = false;
    input.addEventListener("input", () => show(input.value));
    input.addEventListener("focus", () => {
      if (input.value) show(input.value);
    });
    box.addEventListener("keydown", (ev) => {
      if (ev.key === "ArrowDown") move(1);
      else if (ev.key === "ArrowUp") move(-1);
      else if (ev.key === "Escape") {
        list.hidden = true;
        input.focus();
        return;
      } else if (ev.key === "Enter" && document.activeElement === input && links()[0]) window.location.href = links()[0].href;
      else return;
      ev.preventDefault();
    });
    document.addEventListener("click", (ev) => {
      if (!box.contains(ev.target)) list.hidden = true;
    });
    // index.html?q=kafka opens with the results for "kafka": a link the service desk can keep
    const asked = new URLSearchParams(window.location.search).get("q");
    if (asked) {
      input.value = asked;
      show(asked);
    }
    document.addEventListener("keydown", (ev) => {
      if (ev.key === "/" && !(ev.target instanceof HTMLInputElement)) {
        input.focus();
        ev.preventDefault();
      }
    });
  }

  if (window.mermaid && document.querySelector("pre.mermaid")) {
    window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "default", flowchart: { useMaxWidth: true } });
    window.mermaid.run({ querySelector: "pre.mermaid" });
  }
})();
