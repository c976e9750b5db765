// The HTML export's fixed style and script, kept apart from the page builder so the builder reads as markup. Neither
// holds any recorded data: the script only reads numbers from data-* attributes and moves text already in the page,
// which is what lets the page's CSP allow 'unsafe-inline' without letting a server's bytes run.

/** The page's CSP: nothing may load from anywhere; only this page's own style and script run; images only inline; no <base> or form may send the reader elsewhere. */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

export const PAGE_CSS = `
:root { color-scheme: light dark; --bg: #fdfdfc; --fg: #1d1f21; --muted: #5b6168; --line: #d9dce0; --card: #f3f4f6;
  --accent: #1a5fb4; --mark: #ffe08a; --ok: #1f7a3a; --warn: #9a5b00; --err: #b3261e; --sel: #dbe9ff; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #16181b; --fg: #e6e7e9; --muted: #a3a9b1; --line: #353a40; --card: #1f2226; --accent: #8ab4f8;
    --mark: #6b5300; --ok: #7bd88f; --warn: #f2c46d; --err: #ff8a80; --sel: #23344f; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 16px 20px 48px; background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
h1 { font-size: 20px; margin: 0 0 4px; word-break: break-all; }
h2 { font-size: 16px; margin: 24px 0 8px; }
h3 { font-size: 14px; margin: 14px 0 6px; }
code, pre, .hex, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
pre { white-space: pre-wrap; word-break: break-all; background: var(--card); padding: 8px; border-radius: 4px; margin: 4px 0; }
.muted { color: var(--muted); }
.summary { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; }
.summary dt { color: var(--muted); }
.summary dd { margin: 0; word-break: break-word; }
.tools { margin: 8px 0; display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
button { font: inherit; padding: 3px 10px; border: 1px solid var(--line); background: var(--card); color: var(--fg); border-radius: 4px; cursor: pointer; }
.seq { border: 1px solid var(--line); border-radius: 4px; }
.seq-head, .seq-row { display: grid; grid-template-columns: 88px 1fr 30% 18%; gap: 8px; align-items: center; padding: 2px 8px; }
.seq-head { border-bottom: 1px solid var(--line); color: var(--muted); font-size: 12px; }
.seq-row { color: inherit; text-decoration: none; min-height: 24px; }
.seq-row:hover, .seq-row:focus { background: var(--sel); outline: none; }
.lanes { position: relative; height: 20px; }
.lanes .lane { position: absolute; top: 0; bottom: 0; width: 0; border-left: 1px dashed var(--line); }
.lane-names { position: relative; height: 16px; }
.lane-names span { position: absolute; transform: translateX(-50%); }
.arrow { position: absolute; top: 9px; height: 2px; background: var(--accent); }
.arrow.rtl::before, .arrow.ltr::after { content: ""; position: absolute; top: -4px; border: 5px solid transparent; }
.arrow.ltr::after { right: -6px; border-left-color: var(--accent); }
.arrow.rtl::before { left: -6px; border-right-color: var(--accent); }
.dot { position: absolute; top: 5px; width: 10px; height: 10px; margin-left: -5px; border-radius: 50%; background: var(--accent); }
.scale { position: relative; height: 10px; background: var(--card); border-radius: 2px; }
.scale .bar { position: absolute; top: 0; bottom: 0; min-width: 2px; background: var(--accent); border-radius: 2px; }
.seq-title { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.step { border: 1px solid var(--line); border-radius: 4px; margin: 6px 0; }
.step > summary { cursor: pointer; padding: 6px 10px; display: flex; gap: 10px; flex-wrap: wrap; align-items: baseline; }
.step[open] > summary { border-bottom: 1px solid var(--line); background: var(--card); }
.step .body { padding: 6px 12px 12px; }
.tag { font-size: 11.5px; padding: 0 6px; border-radius: 8px; border: 1px solid var(--line); color: var(--muted); }
.osi { display: inline-flex; flex-direction: column; list-style: none; padding: 0; margin: 4px 0; border: 1px solid var(--line); border-radius: 4px; min-width: 140px; }
.osi li { padding: 1px 10px; color: var(--muted); font-size: 12px; }
.osi li.on { background: var(--accent); color: var(--bg); font-weight: 600; }
.cols { display: grid; grid-template-columns: minmax(0, auto) minmax(0, 1fr); gap: 12px; align-items: start; }
@media (max-width: 900px) { .cols { grid-template-columns: minmax(0, 1fr); } }
.hex { white-space: pre; overflow: auto; max-height: 480px; border: 1px solid var(--line); border-radius: 4px; padding: 4px 8px; }
.hex .r > span:first-child { color: var(--muted); }
.hex .r > span + span { margin-left: 1.5ch; }
mark { background: var(--mark); color: inherit; }
.fields { overflow: auto; max-height: 480px; border: 1px solid var(--line); border-radius: 4px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 2px 6px; border-bottom: 1px solid var(--line); }
th { color: var(--muted); font-weight: 500; font-size: 12px; position: sticky; top: 0; background: var(--bg); }
tr.f { cursor: pointer; }
tr.f:hover, tr.f:focus { background: var(--sel); outline: none; }
tr.f.sel { background: var(--sel); box-shadow: inset 3px 0 var(--accent); }
table.ft { table-layout: fixed; min-width: 520px; }
table.ft td { overflow-wrap: anywhere; }
.ex { color: var(--muted); font-size: 12.5px; }
.calc { border: 1px solid var(--line); border-radius: 4px; padding: 6px 8px; margin: 8px 0; }
.calc td.v { font-family: ui-monospace, monospace; font-size: 12px; word-break: break-all; }
.ok { color: var(--ok); } .warning { color: var(--warn); } .error { color: var(--err); } .info { color: var(--accent); }
ul.notes { margin: 4px 0; padding-left: 20px; }
.cap { color: var(--warn); }
`

/** Field → bytes highlighting, step keys (n / p), expand and collapse, opening the step a link points at. */
export const PAGE_SCRIPT = `
(function () {
  'use strict';
  var d = document;
  function flatten(el) { el.textContent = el.textContent; }
  function clear(hex) {
    var rows = hex.querySelectorAll('.r.m');
    for (var i = 0; i < rows.length; i++) { rows[i].classList.remove('m'); flatten(rows[i].children[1]); flatten(rows[i].children[2]); }
  }
  function mark(el, a, b, width) {
    var t = el.textContent, from = a * width, to = b * width - (width > 1 ? 1 : 0);
    el.textContent = '';
    el.appendChild(d.createTextNode(t.slice(0, from)));
    var m = d.createElement('mark'); m.textContent = t.slice(from, to); el.appendChild(m);
    el.appendChild(d.createTextNode(t.slice(to)));
  }
  function highlight(tr) {
    var step = tr.closest('.step'), hex = step && step.querySelector('.hex[data-n]');
    if (!hex) return;
    clear(hex);
    var prev = step.querySelectorAll('tr.f.sel');
    for (var i = 0; i < prev.length; i++) prev[i].classList.remove('sel');
    tr.classList.add('sel');
    var o = Number(tr.getAttribute('data-o')), l = Number(tr.getAttribute('data-l')), n = Number(hex.getAttribute('data-n'));
    var end = Math.min(o + l, n);
    if (!(l > 0) || !(o >= 0) || o >= end) return;
    var first = Math.floor(o / 16), last = Math.floor((end - 1) / 16);
    for (var r = first; r <= last; r++) {
      var row = hex.children[r];
      if (!row) break;
      var a = r === first ? o % 16 : 0, b = r === last ? end - r * 16 : 16;
      mark(row.children[1], a, b, 3); mark(row.children[2], a, b, 1); row.classList.add('m');
    }
    var top = hex.children[first];
    if (top) hex.scrollTop = top.offsetTop - hex.offsetTop - 8;
  }
  d.addEventListener('click', function (e) {
    var t = e.target, tr = t && t.closest ? t.closest('tr.f') : null;
    if (tr) highlight(tr);
    var b = t && t.closest ? t.closest('button[data-all]') : null;
    if (b) { var all = d.querySelectorAll('details.step'), open = b.getAttribute('data-all') === 'open'; for (var i = 0; i < all.length; i++) all[i].open = open; }
  });
  function steps() { return d.querySelectorAll('details.step'); }
  function go(delta) {
    var all = steps(), cur = -1, id = location.hash.slice(1);
    for (var i = 0; i < all.length; i++) if (all[i].id === id) cur = i;
    var next = all[Math.max(0, Math.min(all.length - 1, cur + delta))];
    if (next) location.hash = next.id;
  }
  d.addEventListener('keydown', function (e) {
    var t = e.target, tr = t && t.closest ? t.closest('tr.f') : null;
    if (tr && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); highlight(tr); return; }
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'n' || e.key === 'j') go(1);
    else if (e.key === 'p' || e.key === 'k') go(-1);
  });
  function openHash() {
    var id = location.hash.slice(1), el = id ? d.getElementById(id) : null;
    if (el && el.tagName === 'DETAILS') { el.open = true; el.scrollIntoView({ block: 'start' }); }
  }
  window.addEventListener('hashchange', openHash);
  openHash();
  d.documentElement.setAttribute('data-ready', '1');
})();
`
