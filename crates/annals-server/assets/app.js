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

// An event side: its label, linked to the actor page when it has a code.
function actorCell(a) {
  if (!a || !a.code) return actorLabel(a);
  return el("a", { href: `/actors/${encodeURIComponent(a.code)}` }, actorLabel(a));
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
        page.total_capped
          ? `More than ${page.total.toLocaleString("en")} events match; showing ${shown}.`
          : `${page.total} event${page.total === 1 ? "" : "s"} match; showing ${shown}.`;
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
    el("td", {}, actorCell(e.source)),
    el("td", {}, actorCell(e.target)),
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

// The previous and next links of a listing paged by offset; `href` makes a page's URL.
function offsetPager(page, offset, limit, href) {
  if (page.next_offset !== null) {
    const next = document.getElementById("next-page");
    next.href = href(page.next_offset);
    next.hidden = false;
  }
  if (offset > 0) {
    const prev = document.getElementById("prev-page");
    prev.href = href(Math.max(0, offset - limit));
    prev.hidden = false;
  }
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
      offsetPager(page, offset, limit, (o) => `/documents?offset=${o}`);
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
      linkStory(doc.id);
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

// ---- stories ----

function storyHref(id) {
  return `/stories/${encodeURIComponent(id)}`;
}

function sentenceHref(docId, sentence, eventId) {
  const event = eventId ? `?event=${encodeURIComponent(eventId)}` : "";
  return `/documents/${encodeURIComponent(docId)}${event}#s${sentence}`;
}

function storiesPage() {
  const params = new URLSearchParams(location.search);
  const offset = Number.parseInt(params.get("offset") || "0", 10) || 0;
  const limit = 50;
  const filters = ["since", "until", "actor", "doc", "min_sources"].map((n) => [n, params.get(n)]);
  Promise.all([
    api(`/api/v1/stories?${query([...filters, ["limit", limit], ["offset", offset]])}`),
    api("/api/v1/contradictions"),
  ])
    .then(([page, found]) => {
      const disputes = new Map();
      for (const c of found.contradictions) disputes.set(c.story_id, (disputes.get(c.story_id) || 0) + 1);
      const tbody = document.querySelector("#stories tbody");
      for (const s of page.stories) {
        const href = storyHref(s.story_id);
        const row = el(
          "tr",
          { class: "clickable", "data-story": s.story_id },
          el("td", {}, el("a", { href }, s.label || s.story_id)),
          el("td", { class: "num" }, s.docs.length),
          el("td", { class: "num" }, s.n_sources),
          el("td", {}, s.first_published || "–"),
          el("td", {}, s.last_published || "–"),
          el("td", {}, s.actors.join(" ")),
          el("td", { class: "num" }, disputes.get(s.story_id) || 0),
        );
        row.addEventListener("click", (ev) => {
          if (!ev.target.closest("a")) location.href = href;
        });
        tbody.append(row);
      }
      document.getElementById("summary").textContent = `${page.total} stor${page.total === 1 ? "y" : "ies"}.`;
      offsetPager(page, offset, limit, (o) => `/stories?${query([...filters, ["offset", o]])}`);
    })
    .catch((err) => showError(err.message));
}

function storyPage() {
  const id = decodeURIComponent(location.pathname.replace(/^\/stories\//, ""));
  api(`/api/v1/stories/${encodeURIComponent(id)}`)
    .then((detail) => {
      const s = detail.story;
      document.title = `${s.label || s.story_id} · annals`;
      document.getElementById("title").textContent = s.label || s.story_id;
      detailList(document.getElementById("meta"), [
        ["Story", s.story_id],
        ["Documents", String(s.docs.length)],
        ["Independent sources", String(s.n_sources)],
        ["Published", [s.first_published, s.last_published].filter(Boolean).join(" to ")],
        ["Actors", s.actors.join(" ")],
      ]);
      const titles = new Map(detail.documents.map((d) => [d.doc_id, d.title || d.doc_id]));
      renderContradictions(detail, titles);
      renderClusters(detail, titles);
      renderStoryDocs(detail);
    })
    .catch((err) => showError(err.message));
}

function evidenceBox(e, titles) {
  return el(
    "div",
    { class: "evidence" },
    el("p", { class: "value" }, e.value),
    el("blockquote", {}, e.text),
    el("p", {}, el("a", { href: sentenceHref(e.doc_id, e.sentence, e.event_id) }, titles.get(e.doc_id) || e.doc_id, `, sentence ${e.sentence}`)),
  );
}

function renderContradictions(detail, titles) {
  const box = document.getElementById("contradictions");
  if (detail.contradictions.length === 0) {
    box.append(el("p", {}, "The sources of this story do not contradict each other."));
    return;
  }
  const clusters = new Map(detail.clusters.map((c) => [c.cluster_id, c]));
  for (const c of detail.contradictions) {
    const cluster = clusters.get(c.cluster_id);
    const about = cluster ? ` about ${cluster.actor_a} → ${cluster.actor_b}, ${cluster.cameo} ${cluster.plover || ""}` : "";
    box.append(
      el(
        "article",
        { class: `contradiction kind-${c.kind}`, "data-kind": c.kind, id: `c-${c.contradiction_id}` },
        el("h3", {}, `${c.kind[0].toUpperCase()}${c.kind.slice(1)}${about}`),
        el("div", { class: "side-by-side" }, evidenceBox(c.a, titles), evidenceBox(c.b, titles)),
      ),
    );
  }
}

// A cluster's two sides, linked to their dyad timeline when both are known.
function dyadCell(c) {
  const label = `${c.actor_a} → ${c.actor_b}`;
  if (c.actor_a === "-" || c.actor_b === "-") return label;
  return el("a", { href: `/timeline?${query([["dyad", `${c.actor_a},${c.actor_b}`]])}` }, label);
}

function renderClusters(detail, titles) {
  const tbody = document.querySelector("#clusters tbody");
  for (const c of detail.clusters) {
    const reports = el("ul", { class: "mentions" });
    for (const m of c.mentions) {
      const label = `${titles.get(m.doc_id) || m.doc_id}, sentence ${m.sentence}: ${m.cameo} (${m.modality}${m.date ? `, ${m.date}` : ""})`;
      reports.append(el("li", {}, el("a", { href: sentenceHref(m.doc_id, m.sentence, m.event_id) }, label)));
    }
    const date = c.best_date ? `${c.best_date} (${c.best_date_precision}; ${c.best_date_sources} source${c.best_date_sources === 1 ? "" : "s"})` : "–";
    tbody.append(
      el(
        "tr",
        { "data-cluster": c.cluster_id },
        el("td", {}, dyadCell(c), c.historical ? " (historical)" : null),
        el("td", {}, c.cameo),
        el("td", {}, c.plover || ""),
        el("td", {}, date),
        el("td", {}, `${c.modality} (${c.modality_sources})`),
        el("td", { class: "num" }, c.n_sources),
        el("td", {}, reports),
      ),
    );
  }
}

function renderStoryDocs(detail) {
  const tbody = document.querySelector("#story-docs tbody");
  for (const d of detail.documents) {
    tbody.append(
      el(
        "tr",
        {},
        el("td", {}, el("a", { href: `/documents/${encodeURIComponent(d.doc_id)}` }, d.title || d.doc_id)),
        el("td", {}, d.published || ""),
        el("td", {}, d.publisher || ""),
        el("td", {}, d.copy_of ? `no: a copy of ${d.copy_of}` : "yes"),
      ),
    );
  }
}

// The story a document belongs to, linked from the document page; nothing when the
// database keeps no stories.
function linkStory(docId) {
  api(`/api/v1/stories?${query([["doc", docId]])}`)
    .then((page) => {
      const s = page.stories[0];
      if (!s) return;
      const dl = document.getElementById("meta");
      dl.append(el("dt", {}, "Story"), el("dd", {}, el("a", { href: storyHref(s.story_id), id: "story-link" }, s.label || s.story_id)));
    })
    .catch(() => {});
}

// ---- timelines, actors ----

const SVG = "http://www.w3.org/2000/svg";
const QUAD = ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict"];

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  for (const c of children) node.append(c instanceof Node ? c : String(c));
  return node;
}

// A stacked bar per month (QuadClass 1 at the bottom), each bar a link to the events page
// with `filters` and that month. Drawn as SVG with no library.
function drawTimeline(timeline, filters) {
  const months = timeline.months;
  const figure = document.getElementById("chart");
  if (months.length === 0) return;
  const max = Math.max(...months.map((m) => m.total));
  const [barW, gap, height, left, bottom, top] = [28, 8, 180, 36, 46, 10];
  const width = left + months.length * (barW + gap) + gap;
  const chart = svg("svg", {
    width, height: height + bottom + top, viewBox: `0 0 ${width} ${height + bottom + top}`,
    role: "img", "aria-label": `Events per month, ${months[0].month} to ${months[months.length - 1].month}`,
  });
  const y = (n) => top + height - (n / max) * height;
  chart.append(svg("line", { x1: left, y1: top + height, x2: width, y2: top + height, class: "axis" }));
  chart.append(svg("text", { x: left - 6, y: y(max) + 4, class: "tick", "text-anchor": "end" }, max));
  chart.append(svg("text", { x: left - 6, y: top + height + 4, class: "tick", "text-anchor": "end" }, 0));
  months.forEach((m, i) => {
    const x = left + gap + i * (barW + gap);
    const href = `/?${query([...filters, ["since", m.month], ["until", m.month]])}`;
    const parts = m.quad_class.map((n, q) => `${n} ${QUAD[q]}`).filter((t) => !t.startsWith("0 ")).join(", ");
    const bar = svg("a", { href, class: "bar", "data-month": m.month }, svg("title", {}, `${m.month}: ${m.total} events (${parts})`));
    let base = 0;
    m.quad_class.forEach((n, q) => {
      if (n === 0) return;
      bar.append(svg("rect", { x, y: y(base + n), width: barW, height: y(base) - y(base + n), class: `q${q + 1}` }));
      base += n;
    });
    chart.append(bar);
    chart.append(svg("text", { x: x + barW / 2, y: top + height + 14, class: "tick", "text-anchor": "end", transform: `rotate(-45 ${x + barW / 2} ${top + height + 14})` }, m.month));
  });
  document.getElementById("chart-svg").replaceChildren(chart);
  figure.hidden = false;
}

function timelineSummary(t) {
  const dated = t.months.reduce((a, m) => a + m.total, 0);
  const rest = [t.coarser ? `${t.coarser} dated less precisely than a month` : null, t.undated ? `${t.undated} undated` : null].filter(Boolean);
  return `${dated} event${dated === 1 ? "" : "s"} dated to a month${rest.length ? `; ${rest.join(", ")}` : ""}.`;
}

function timelinePage() {
  const params = new URLSearchParams(location.search);
  const filters = ["dyad", "actor"].map((n) => [n, params.get(n)]);
  for (const [n, v] of filters) if (v) document.getElementById(`t-${n}`).value = v;
  if (!filters.some(([, v]) => v)) {
    document.getElementById("summary").textContent = "Give a dyad (two codes) or an actor to chart its events per month.";
    return;
  }
  const what = params.get("dyad") ? `dyad ${params.get("dyad")}` : `actor ${params.get("actor")}`;
  document.getElementById("title").textContent = `Timeline of the ${what}`;
  document.title = `Timeline of the ${what} · annals`;
  api(`/api/v1/timeline?${query(filters)}`)
    .then((r) => {
      document.getElementById("summary").textContent = timelineSummary(r.timeline);
      drawTimeline(r.timeline, filters);
    })
    .catch((err) => showError(err.message));
}

function actorHref(code) {
  return `/actors/${encodeURIComponent(code)}`;
}

function kbEntries(box, entries) {
  if (entries.length === 0) box.append(el("p", {}, "The knowledge base has no entry for this."));
  for (const e of entries) {
    const dl = el("dl", { class: "meta" });
    detailList(dl, [
      ["Kind", e.kind],
      ["Code", e.code],
      ["Also", e.names.join(", ")],
      ["Country", e.country],
      ["Sector", e.sector],
      ["Wikidata", e.wikidata],
      ["Notes", e.notes.join("; ")],
      ["From", e.source],
    ]);
    const roles = el("ul", { class: "roles" });
    for (const r of e.roles) {
      const who = e.kind === "office" ? r.holder : r.office;
      roles.append(el("li", {}, `${r.from || "?"} – ${r.until || "today"}: ${who} (`, el("a", { href: actorHref(r.code) }, r.code), ")"));
    }
    box.append(el("article", { class: "kb-entry" }, el("h3", {}, e.name), dl, e.roles.length ? roles : null));
  }
}

function actorsPage() {
  const q = new URLSearchParams(location.search).get("q") || "";
  document.getElementById("q").value = q;
  if (!q.trim()) return;
  api(`/api/v1/actors?${query([["q", q]])}`)
    .then((r) => {
      document.getElementById("summary").textContent =
        `${r.seen.length} code${r.seen.length === 1 ? "" : "s"} in events, ${r.kb.length} knowledge-base entr${r.kb.length === 1 ? "y" : "ies"}.`;
      const list = document.getElementById("seen");
      for (const a of r.seen) {
        list.append(el("li", {}, el("a", { href: actorHref(a.code) }, a.code), ` — ${a.events} event${a.events === 1 ? "" : "s"}; as ${a.names.join(", ")}`));
      }
      kbEntries(document.getElementById("kb"), r.kb);
    })
    .catch((err) => showError(err.message));
}

function actorPage() {
  const code = decodeURIComponent(location.pathname.replace(/^\/actors\//, ""));
  api(`/api/v1/actors/${encodeURIComponent(code)}`)
    .then((a) => {
      const name = a.kb.length ? `${a.kb[0].name} (${a.code})` : a.code;
      document.title = `${name} · annals`;
      document.getElementById("title").textContent = name;
      const dl = document.getElementById("meta");
      detailList(dl, [
        ["Events", `${a.events} (${a.as_source} as source, ${a.as_target} as target)`],
        ["Codes", a.codes.map((c) => `${c.code} (${c.events}: ${c.names.join(", ")})`).join("; ")],
      ]);
      dl.append(el("dt", {}, "List"), el("dd", {}, el("a", { href: `/?${query([["actor", a.code]])}`, id: "actor-events" }, "all its events")));
      kbEntries(document.getElementById("kb"), a.kb);
      const tbody = document.querySelector("#partners tbody");
      for (const p of a.partners) {
        const dyad = `${a.code},${p.code}`;
        const coded = /^[A-Za-z0-9]+$/.test(p.code);
        tbody.append(
          el(
            "tr",
            {},
            el("td", {}, coded ? el("a", { href: actorHref(p.code) }, p.code) : p.code),
            el("td", { class: "num" }, p.as_target),
            el("td", { class: "num" }, p.as_source),
            el("td", { class: "num" }, p.mean_goldstein.toFixed(2)),
            el("td", {}, coded ? el("a", { href: `/timeline?${query([["dyad", dyad]])}` }, `${a.code} and ${p.code}`) : ""),
          ),
        );
      }
      if (a.partners.length === 0) tbody.append(el("tr", {}, el("td", { colspan: 5 }, "No events with another side.")));
      document.getElementById("summary").textContent = timelineSummary(a.timeline);
      drawTimeline(a.timeline, [["actor", a.code]]);
    })
    .catch((err) => showError(err.message));
}

const PAGES = {
  events: eventsPage,
  documents: documentsPage,
  document: documentPage,
  search: searchPage,
  stories: storiesPage,
  story: storyPage,
  timeline: timelinePage,
  actors: actorsPage,
  actor: actorPage,
};
const start = PAGES[document.body.dataset.page];
if (start) start();
