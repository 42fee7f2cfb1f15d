// annals web UI: each page reads its state from the URL (so every view is a permalink),
// calls /api/v1 and builds the DOM with textContent only (no HTML from data).
"use strict";

const FILTERS = ["actor", "dyad", "code", "plover", "modality", "since", "until", "doc", "min_confidence"];

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k === "class") node.className = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

function showError(message) {
  const p = document.getElementById("error");
  p.textContent = message;
  p.hidden = false;
}

// GET an API URL; a problem+json answer becomes an Error with the server's detail.
async function api(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error(body && body.detail ? body.detail : `${response.status} ${response.statusText}`);
  }
  return body;
}

// Query string of the non-empty entries.
function query(entries) {
  const q = new URLSearchParams();
  for (const [k, v] of entries) if (v !== null && v !== undefined && String(v).trim() !== "") q.set(k, String(v).trim());
  return q.toString();
}

function actorLabel(a) {
  if (!a) return "";
  return a.code ? `${a.code} (${a.text})` : a.text;
}

function documentHref(e) {
  return `/documents/${encodeURIComponent(e.doc_id)}?event=${encodeURIComponent(e.event_id)}#s${e.sentence}`;
}

// ---- events page ----

function eventsPage() {
  const params = new URLSearchParams(location.search);
  const form = document.getElementById("filters");
  for (const name of FILTERS) {
    const input = form.elements.namedItem(name);
    if (input && params.has(name)) input.value = params.get(name);
  }
  const sort = params.get("sort") || "";
  document.getElementById("f-sort").value = sort;
  const filters = FILTERS.map((n) => [n, params.get(n)]);
  const listing = query([...filters, ["sort", sort], ["cursor", params.get("cursor")], ["limit", params.get("limit")]]);

  for (const th of document.querySelectorAll("th[data-sort]")) {
    const key = th.dataset.sort;
    const state = sort === key ? "ascending" : sort === `-${key}` ? "descending" : "none";
    th.setAttribute("aria-sort", state);
    th.querySelector("button").addEventListener("click", () => {
      const next = state === "ascending" ? `-${key}` : key;
      location.search = query([...filters, ["sort", next]]);
    });
  }
  document.getElementById("dl-csv").href = `/api/v1/events?${query([...filters, ["sort", sort], ["format", "csv"]])}`;
  document.getElementById("dl-jsonl").href = `/api/v1/events?${query([...filters, ["sort", sort], ["format", "jsonl"]])}`;

  api(`/api/v1/events?${listing}`)
    .then((page) => {
      const tbody = document.querySelector("#events tbody");
      for (const e of page.events) tbody.append(eventRow(e));
      const shown = page.events.length;
      document.getElementById("summary").textContent =
        `${page.total} event${page.total === 1 ? "" : "s"} match; showing ${shown}.`;
      if (page.next_cursor) {
        const next = document.getElementById("next-page");
        next.href = `/?${query([...filters, ["sort", sort], ["limit", params.get("limit")], ["cursor", page.next_cursor]])}`;
        next.hidden = false;
      }
      if (params.get("cursor")) {
        const first = document.getElementById("first-page");
        first.href = `/?${query([...filters, ["sort", sort]])}`;
        first.hidden = false;
      }
    })
    .catch((err) => showError(err.message));
}

function eventRow(e) {
  const href = documentHref(e);
  const link = el("a", { href }, e.trigger.text);
  const modality = e.attribution ? `${e.modality} (${e.attribution.code || e.attribution.text})` : e.modality;
  const row = el(
    "tr",
    { class: "clickable", "data-event": e.event_id },
    el("td", {}, e.date.value || "–", e.historical ? " (historical)" : null),
    el("td", {}, actorLabel(e.source)),
    el("td", {}, actorLabel(e.target)),
    el("td", {}, e.cameo),
    el("td", {}, e.plover || ""),
    el("td", { class: "num" }, e.goldstein),
    el("td", {}, modality),
    el("td", {}, link),
    el("td", { class: "num" }, e.confidence.toFixed(2)),
  );
  row.addEventListener("click", (ev) => {
    if (ev.target.closest("a")) return;
    location.href = href;
  });
  return row;
}

// ---- documents page ----

function documentsPage() {
  const params = new URLSearchParams(location.search);
  const offset = Number.parseInt(params.get("offset") || "0", 10) || 0;
  const limit = 50;
  api(`/api/v1/documents?${query([["limit", limit], ["offset", offset]])}`)
    .then((page) => {
      const tbody = document.querySelector("#documents tbody");
      for (const d of page.documents) {
        tbody.append(
          el(
            "tr",
            {},
            el("td", {}, el("a", { href: `/documents/${encodeURIComponent(d.id)}` }, d.title || d.id)),
            el("td", {}, d.published || ""),
            el("td", {}, d.publisher || ""),
            el("td", { class: "num" }, d.n_sentences),
            el("td", { class: "num" }, d.n_events),
            el("td", { class: "num" }, d.n_removed),
          ),
        );
      }
      document.getElementById("summary").textContent = `${page.total} documents.`;
      if (page.next_offset !== null) {
        const next = document.getElementById("next-page");
        next.href = `/documents?offset=${page.next_offset}`;
        next.hidden = false;
      }
      if (offset > 0) {
        const prev = document.getElementById("prev-page");
        prev.href = `/documents?offset=${Math.max(0, offset - limit)}`;
        prev.hidden = false;
      }
    })
    .catch((err) => showError(err.message));
}

// ---- document page ----

// The sentence [start, end) of the UTF-8 bytes `bytes`, with marks: spans of byte offsets
// into the document, each with a class. Overlapping marks split into flat segments that
// carry every class covering them.
function markedSentence(bytes, start, end, marks) {
  const decoder = new TextDecoder();
  const cuts = new Set([start, end]);
  for (const m of marks) {
    cuts.add(Math.max(start, Math.min(end, m.start)));
    cuts.add(Math.max(start, Math.min(end, m.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    if (a === b) continue;
    const text = decoder.decode(bytes.subarray(a, b));
    const covering = marks.filter((m) => m.start <= a && b <= m.end);
    if (covering.length === 0) {
      out.push(text);
      continue;
    }
    const classes = covering.map((m) => m.class);
    const tag = classes.includes("trigger") ? "mark" : "span";
    const title = covering.map((m) => m.title).filter(Boolean).join("; ");
    out.push(el(tag, { class: classes.join(" "), title: title || null }, text));
  }
  return out;
}

function detailList(dl, rows) {
  dl.replaceChildren();
  for (const [k, v] of rows) {
    if (v === null || v === undefined || v === "") continue;
    dl.append(el("dt", {}, k), el("dd", {}, v));
  }
}

function documentPage() {
  const id = decodeURIComponent(location.pathname.replace(/^\/documents\//, ""));
  const selected = new URLSearchParams(location.search).get("event");
  api(`/api/v1/documents/${encodeURIComponent(id)}`)
    .then((doc) => {
      document.title = `${doc.title || doc.id} · annals`;
      document.getElementById("title").textContent = doc.title || doc.id;
      detailList(document.getElementById("meta"), [
        ["Id", doc.id],
        ["Published", doc.published],
        ["Publisher", doc.publisher],
        ["URL", doc.url],
        ["Read from", doc.source],
      ]);
      const event = doc.events.find((e) => e.event_id === selected) || null;
      renderSentences(doc, event);
      renderDocEvents(doc, event);
      renderRemoved(doc);
      if (event) {
        renderEventDetail(event);
        const target = document.getElementById(`s${event.sentence}`);
        if (target) target.scrollIntoView({ block: "center" });
      } else if (selected) {
        showError(`event ${selected} is not in this document`);
      }
    })
    .catch((err) => showError(err.message));
}

function renderSentences(doc, event) {
  const bytes = new TextEncoder().encode(doc.text);
  const list = document.getElementById("sentences");
  for (const s of doc.sentences) {
    const marks = doc.mentions
      .filter((m) => m.sentence === s.number)
      .map((m) => ({ start: m.start, end: m.end, class: "actor", title: m.code || "unresolved" }));
    if (event && event.sentence === s.number) {
      for (const [role, a] of [["source", event.source], ["target", event.target]]) {
        if (a && a.end > a.start) marks.push({ start: a.start, end: a.end, class: role, title: `${role}: ${a.code || a.text}` });
      }
      marks.push({ start: event.trigger.start, end: event.trigger.end, class: "trigger", title: `${event.cameo} ${event.plover || ""}` });
    }
    const selected = event && event.sentence === s.number;
    list.append(
      el(
        "li",
        { id: `s${s.number}`, value: s.number, class: `${s.kind}${selected ? " selected" : ""}` },
        ...markedSentence(bytes, s.start, s.end, marks),
      ),
    );
  }
}

function renderDocEvents(doc, event) {
  const list = document.getElementById("doc-events");
  if (doc.events.length === 0) list.append(el("li", {}, "No events were coded in this document."));
  for (const e of doc.events) {
    const label = `sentence ${e.sentence}: ${actorLabel(e.source)} → ${actorLabel(e.target)}, ${e.cameo} ${e.plover || ""} “${e.trigger.text}” (${e.modality})`;
    const current = event && e.event_id === event.event_id;
    list.append(el("li", {}, el("a", { href: documentHref(e), "aria-current": current ? "true" : null }, label)));
  }
}

function renderRemoved(doc) {
  const list = document.getElementById("removed");
  if (doc.removed.length === 0) list.append(el("li", {}, "Nothing was removed."));
  for (const r of doc.removed) {
    list.append(el("li", {}, el("span", { class: "removed-text" }, `line ${r.line}: ${r.text}`), ` — ${r.reason}: ${r.detail}`));
  }
}

function renderEventDetail(e) {
  const section = document.getElementById("event-detail");
  const quantities = e.quantities.map((q) => q.text).join("; ");
  const date = e.date.value ? `${e.date.value} (${e.date.precision}, ${e.date.basis}${e.date.text ? `: “${e.date.text}”` : ""})` : `unknown (${e.date.basis})`;
  detailList(section.querySelector("dl"), [
    ["Source", actorLabel(e.source)],
    ["Target", actorLabel(e.target)],
    ["Trigger", e.trigger.text],
    ["CAMEO", e.cameo],
    ["PLOVER", [e.plover, e.plover_mode].filter(Boolean).join(" / ")],
    ["Goldstein", e.goldstein],
    ["QuadClass", e.quad_class],
    ["Modality", e.modality],
    ["Attribution", e.attribution ? actorLabel(e.attribution) : null],
    ["Date", date],
    ["Historical", e.historical ? "yes" : null],
    ["Quantities", quantities],
    ["Confidence", e.confidence.toFixed(2)],
    ["Event id", e.event_id],
  ]);
  section.hidden = false;
}

// ---- search page ----

// A snippet with its matches in [brackets] as text and <mark> elements.
function snippet(text) {
  const out = [];
  const re = /\[([^[\]]*)\]/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(text.slice(last, m.index), el("mark", {}, m[1]));
    last = re.lastIndex;
  }
  out.push(text.slice(last));
  return out;
}

function searchPage() {
  const q = new URLSearchParams(location.search).get("q") || "";
  document.getElementById("q").value = q;
  if (!q.trim()) return;
  api(`/api/v1/search?${query([["q", q], ["limit", 100]])}`)
    .then((result) => {
      const list = document.getElementById("hits");
      document.getElementById("summary").textContent =
        `${result.hits.length} sentence${result.hits.length === 1 ? "" : "s"} match.`;
      for (const h of result.hits) {
        const href = `/documents/${encodeURIComponent(h.doc_id)}#s${h.sentence}`;
        list.append(
          el("li", {}, el("a", { href }, h.title || h.doc_id, `, sentence ${h.sentence}`), el("p", {}, ...snippet(h.snippet))),
        );
      }
    })
    .catch((err) => showError(err.message));
}

const PAGES = { events: eventsPage, documents: documentsPage, document: documentPage, search: searchPage };
const start = PAGES[document.body.dataset.page];
if (start) start();
